// Idempotency-Key records (§4 "Concurrency"): scoped to the API key, kept 24 hours from the claim.
import type { IdempotencyClaim, IdempotencyKey } from '../../orders-store.js';
import type { Db } from '../connection.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export class IdempotencyTable {
  private readonly purge;
  private readonly select;
  private readonly insert;
  private readonly complete;
  private readonly release;

  constructor(private readonly db: Db) {
    this.purge = db.prepare('DELETE FROM idempotency WHERE created_at <= ?');
    this.select = db
      .prepare('SELECT request_hash, status, body FROM idempotency WHERE scope = ? AND key = ?')
      .raw();
    this.insert = db.prepare(
      'INSERT INTO idempotency (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)',
    );
    this.complete = db.prepare(
      'UPDATE idempotency SET status = ?, body = ? WHERE scope = ? AND key = ? AND request_hash = ?',
    );
    this.release = db.prepare(
      'DELETE FROM idempotency WHERE scope = ? AND key = ? AND request_hash = ? AND status IS NULL',
    );
  }

  /** Forgets what is 24 h old, then claims or reports the key, in one write transaction. */
  claim(k: IdempotencyKey, now: string): IdempotencyClaim {
    const expired = new Date(Date.parse(now) - IDEMPOTENCY_TTL_MS).toISOString();
    return this.db
      .transaction((): IdempotencyClaim => {
        this.purge.run(expired);
        const row = this.select.get(k.scope, k.key) as [string, number | null, string | null] | undefined;
        if (row === undefined) {
          this.insert.run(k.scope, k.key, k.requestHash, now);
          return { state: 'new' };
        }
        const [hash, status, body] = row;
        if (hash !== k.requestHash) return { state: 'reused' };
        if (status === null || body === null) return { state: 'in_use' };
        return { state: 'done', status, body };
      })
      .immediate();
  }

  done(k: IdempotencyKey, status: number, body: string): void {
    this.complete.run(status, body, k.scope, k.key, k.requestHash);
  }

  /** Only a claim still running, and only by its own request. */
  give(k: IdempotencyKey): void {
    this.release.run(k.scope, k.key, k.requestHash);
  }
}
