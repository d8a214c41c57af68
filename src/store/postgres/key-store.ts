import { KEY_COLUMNS, type KeyRow, LEGACY_KEY_COLUMNS, toKeyRecord } from '../key-codec.js';
import type { ApiKeyRecord, KeyStore } from '../store.js';
import type { Database } from './database.js';
import { KEYS_WITH_ROLES } from './schema.js';

/**
 * API keys on the pool: their own tables and version row, so a key change
 * never waits for an import (which holds only the numbering tables and
 * data_meta). Every change bumps keys_version and notifies `keys` in its
 * transaction, so every instance hears of it at the commit.
 */
export class PostgresKeyStore implements KeyStore {
  private readonly read: string;

  /** `schemaVersion`: the schema's, as opened (a read-only store may open an older one). */
  constructor(
    private readonly db: Database,
    private readonly readOnly: boolean,
    schemaVersion: number,
  ) {
    this.read = schemaVersion < KEYS_WITH_ROLES ? LEGACY_KEY_COLUMNS : KEY_COLUMNS;
  }

  async create(record: ApiKeyRecord): Promise<void> {
    this.assertWritable();
    await this.db.transaction(async (client) => {
      await client.query(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        record.accessKey,
        record.name,
        record.secretHash,
        record.createdAt,
        record.revokedAt,
        record.account,
        record.role,
      ]);
      await this.bump(client);
    });
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.read(`SELECT ${this.read} FROM api_keys ORDER BY created_at, access_key`);
    return (rows as KeyRow[]).map(toKeyRecord);
  }

  async revoke(accessKey: string, at: string): Promise<boolean> {
    this.assertWritable();
    return this.db.transaction(async (client) => {
      const changed = await client.query(
        'UPDATE api_keys SET revoked_at = $1 WHERE access_key = $2 AND revoked_at IS NULL',
        [at, accessKey],
      );
      if (!changed.rowCount) return false;
      await this.bump(client);
      return true;
    });
  }

  async find(accessKey: string): Promise<ApiKeyRecord | null> {
    const rows = await this.db.read(`SELECT ${this.read} FROM api_keys WHERE access_key = $1`, [accessKey]);
    return rows.length ? toKeyRecord(rows[0] as KeyRow) : null;
  }

  async version(): Promise<number> {
    const rows = await this.db.read('SELECT keys_version FROM keys_meta WHERE id = 1');
    return rows[0][0] as number;
  }

  private async bump(client: { query(text: string, values?: unknown[]): Promise<unknown> }): Promise<void> {
    await client.query('UPDATE keys_meta SET keys_version = keys_version + 1 WHERE id = 1');
    await client.query("SELECT pg_notify($1, 'keys')", [this.db.channel]);
  }

  private assertWritable(): void {
    if (this.readOnly) {
      throw new Error(
        `the store was opened read-only: API keys in ${this.db.target.where} cannot be changed`,
      );
    }
  }
}
