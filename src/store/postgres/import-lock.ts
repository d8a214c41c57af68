import { hostname } from 'node:os';
import type pg from 'pg';
import { type ImportHolder, ImportInProgress } from '../store.js';
import type { Database } from './database.js';
import { lockKey } from './schema.js';

/**
 * One import at a time per schema (the concurrency contract on Store): a
 * session-level advisory lock taken with pg_try_advisory_lock on the
 * import's own connection, so a second import is refused at once, and the
 * lock goes with the connection if the importing process dies. Who holds it
 * is written to import_lock on another (autocommit) connection, with the
 * holder's backend pid: a row whose backend no longer holds an advisory
 * lock is a killed import's, and is neither reported nor in the way.
 */
export async function acquireImportLock(
  db: Database,
  client: pg.PoolClient,
  dataset: string,
): Promise<() => Promise<void>> {
  const key = lockKey('import', db.target.schema);
  const locked = await client.query({
    text: `SELECT pg_try_advisory_lock(${key}), pg_backend_pid()`,
    rowMode: 'array',
  });
  const [got, backendPid] = locked.rows[0] as [boolean, number];
  if (!got) throw new ImportInProgress(whereOf(db), await importHolder(db));
  const me: ImportHolder = {
    dataset,
    startedAt: new Date().toISOString(),
    pid: process.pid,
    host: hostname(),
  };
  const unlock = () => client.query(`SELECT pg_advisory_unlock(${key})`);
  try {
    await db.write(
      `INSERT INTO import_lock (id, dataset, started_at, pid, host, backend_pid) VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET dataset = EXCLUDED.dataset, started_at = EXCLUDED.started_at,
         pid = EXCLUDED.pid, host = EXCLUDED.host, backend_pid = EXCLUDED.backend_pid`,
      [me.dataset, me.startedAt, me.pid, me.host, backendPid],
    );
  } catch (error) {
    await unlock();
    throw error;
  }
  return async () => {
    await unlock();
    // A row left behind (the database gone meanwhile) names no live backend: it is ignored.
    await db
      .write('DELETE FROM import_lock WHERE id = 1 AND backend_pid = $1 AND started_at = $2', [
        backendPid,
        me.startedAt,
      ])
      .catch(() => {});
  };
}

/** The recorded holder, when its connection still holds an advisory lock; null otherwise. */
async function importHolder(db: Database): Promise<ImportHolder | null> {
  const rows = await db.read(
    `SELECT dataset, started_at, pid, host FROM import_lock l
     WHERE id = 1 AND EXISTS (SELECT 1 FROM pg_locks k
       WHERE k.locktype = 'advisory' AND k.pid = l.backend_pid AND k.granted)`,
  );
  if (!rows.length) return null;
  const [dataset, startedAt, pid, host] = rows[0] as [string, string, number, string];
  return { dataset, startedAt, pid, host };
}

const whereOf = (db: Database) => `schema "${db.target.schema}" of ${db.target.where}`;
