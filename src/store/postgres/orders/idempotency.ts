// Idempotency-Key records (§4 "Concurrency"): scoped to the API key, kept 24 hours from the claim.
import { IDEMPOTENCY_ABANDONED_MS, type IdempotencyClaim, type IdempotencyKey } from '../../orders-store.js';
import { type Queryable, rows } from './sql.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Forgets what is 24 h old, then claims or reports the key; inside one transaction. Two instances
 * claiming one key at once: the second's insert waits for the first's commit and then finds its row.
 */
export async function claimIdempotency(
  client: Queryable,
  k: IdempotencyKey,
  now: string,
): Promise<IdempotencyClaim> {
  const expired = new Date(Date.parse(now) - IDEMPOTENCY_TTL_MS).toISOString();
  const abandoned = new Date(Date.parse(now) - IDEMPOTENCY_ABANDONED_MS).toISOString();
  await client.query(
    'DELETE FROM idempotency WHERE created_at <= $1 OR (status IS NULL AND created_at <= $2)',
    [expired, abandoned],
  );
  const inserted = await client.query(
    `INSERT INTO idempotency (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (scope, key) DO NOTHING`,
    [k.scope, k.key, k.requestHash, now],
  );
  if (inserted.rowCount === 1) return { state: 'new' };
  const [row] = await rows<[string, number | null, string | null]>(
    client,
    'SELECT request_hash, status, body FROM idempotency WHERE scope = $1 AND key = $2',
    [k.scope, k.key],
  );
  // Released by its request between the two statements: the key is free again.
  if (row === undefined) return claimIdempotency(client, k, now);
  const [hash, status, body] = row;
  if (hash !== k.requestHash) return { state: 'reused' };
  if (status === null || body === null) return { state: 'in_use' };
  return { state: 'done', status, body };
}

export async function completeIdempotency(
  q: Queryable,
  k: IdempotencyKey,
  status: number,
  body: string,
): Promise<void> {
  await q.query(
    'UPDATE idempotency SET status = $1, body = $2 WHERE scope = $3 AND key = $4 AND request_hash = $5',
    [status, body, k.scope, k.key, k.requestHash],
  );
}

/** Only a claim still running, and only by its own request. */
export async function releaseIdempotency(q: Queryable, k: IdempotencyKey): Promise<void> {
  await q.query(
    'DELETE FROM idempotency WHERE scope = $1 AND key = $2 AND request_hash = $3 AND status IS NULL',
    [k.scope, k.key, k.requestHash],
  );
}
