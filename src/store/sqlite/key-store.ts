import type { ApiKeyRecord, KeyStore } from '../store.js';
import type { Db } from './connection.js';

type KeyRow = [string, string, string, string, string | null];

const toRecord = ([accessKey, name, secretHash, createdAt, revokedAt]: KeyRow): ApiKeyRecord => ({
  accessKey,
  name,
  secretHash,
  createdAt,
  revokedAt,
});

const COLUMNS = 'access_key, name, secret_hash, created_at, revoked_at';

/** API keys on the store's main connection; every change bumps keys_version. */
export class SqliteKeyStore implements KeyStore {
  private readonly insert;
  private readonly selectAll;
  private readonly selectOne;
  private readonly revokeStmt;
  private readonly bump;
  private readonly selectVersion;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(`INSERT INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`);
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, access_key`).raw();
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM api_keys WHERE access_key = ?`).raw();
    this.revokeStmt = db.prepare(
      'UPDATE api_keys SET revoked_at = ? WHERE access_key = ? AND revoked_at IS NULL',
    );
    this.bump = db.prepare('UPDATE meta SET keys_version = keys_version + 1 WHERE id = 1');
    this.selectVersion = db.prepare('SELECT keys_version FROM meta WHERE id = 1').pluck();
  }

  async create(record: ApiKeyRecord): Promise<void> {
    this.db
      .transaction(() => {
        this.insert.run(record.accessKey, record.name, record.secretHash, record.createdAt, record.revokedAt);
        this.bump.run();
      })
      .immediate();
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (this.selectAll.all() as KeyRow[]).map(toRecord);
  }

  async revoke(accessKey: string, at: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        const changed = this.revokeStmt.run(at, accessKey).changes > 0;
        if (changed) this.bump.run();
        return changed;
      })
      .immediate();
  }

  async find(accessKey: string): Promise<ApiKeyRecord | null> {
    const row = this.selectOne.get(accessKey) as KeyRow | undefined;
    return row ? toRecord(row) : null;
  }

  async version(): Promise<number> {
    return this.selectVersion.get() as number;
  }
}
