import { KEY_COLUMNS, type KeyRow, LEGACY_KEY_COLUMNS, toKeyRecord } from '../key-codec.js';
import type { ApiKeyRecord, KeyStore } from '../store.js';
import { KEYS_WITH_ROLES } from './accounts-schema.js';
import type { Db } from './connection.js';
import { explained } from './errors.js';

/**
 * API keys in the accounts file (accounts-schema.ts), on a connection of
 * their own: a write waits only for other key writes, never for an import.
 * Every change bumps keys_version. `db` is null for a read-only store whose
 * accounts file does not exist: no keys.
 */
export class SqliteKeyStore implements KeyStore {
  private readonly insert;
  private readonly selectAll;
  private readonly selectOne;
  private readonly revokeStmt;
  private readonly bump;
  private readonly selectVersion;

  constructor(
    private readonly db: Db | null,
    private readonly file: string,
    private readonly readOnly: boolean,
  ) {
    const prepare = (sql: string) => db?.prepare(sql) ?? null;
    const legacy = db !== null && (db.pragma('user_version', { simple: true }) as number) < KEYS_WITH_ROLES;
    const read = legacy ? LEGACY_KEY_COLUMNS : KEY_COLUMNS;
    this.insert = readOnly
      ? null
      : prepare(`INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.selectAll = prepare(`SELECT ${read} FROM api_keys ORDER BY created_at, access_key`)?.raw();
    this.selectOne = prepare(`SELECT ${read} FROM api_keys WHERE access_key = ?`)?.raw();
    this.revokeStmt = readOnly
      ? null
      : prepare('UPDATE api_keys SET revoked_at = ? WHERE access_key = ? AND revoked_at IS NULL');
    this.bump = readOnly ? null : prepare('UPDATE meta SET keys_version = keys_version + 1 WHERE id = 1');
    this.selectVersion = prepare('SELECT keys_version FROM meta WHERE id = 1')?.pluck();
  }

  async create(record: ApiKeyRecord): Promise<void> {
    const db = this.writable();
    explained(this.file, () =>
      db
        .transaction(() => {
          this.insert!.run(
            record.accessKey,
            record.name,
            record.secretHash,
            record.createdAt,
            record.revokedAt,
            record.account,
            record.role,
          );
          this.bump!.run();
        })
        .immediate(),
    );
  }

  async list(): Promise<ApiKeyRecord[]> {
    if (!this.selectAll) return [];
    return explained(this.file, () => (this.selectAll!.all() as KeyRow[]).map(toKeyRecord));
  }

  async revoke(accessKey: string, at: string): Promise<boolean> {
    const db = this.writable();
    return explained(this.file, () =>
      db
        .transaction(() => {
          const changed = this.revokeStmt!.run(at, accessKey).changes > 0;
          if (changed) this.bump!.run();
          return changed;
        })
        .immediate(),
    );
  }

  async find(accessKey: string): Promise<ApiKeyRecord | null> {
    if (!this.selectOne) return null;
    const row = explained(this.file, () => this.selectOne!.get(accessKey) as KeyRow | undefined);
    return row ? toKeyRecord(row) : null;
  }

  async version(): Promise<number> {
    if (!this.selectVersion) return 0;
    return explained(this.file, () => this.selectVersion!.get() as number);
  }

  private writable(): Db {
    if (this.readOnly || !this.db) {
      throw new Error(`the store was opened read-only: API keys in ${this.file} cannot be changed`);
    }
    return this.db;
  }
}
