import { hostname } from 'node:os';
import { type ImportHolder, ImportInProgress } from '../store.js';
import { BUSY_TIMEOUT_MS, type Db } from './connection.js';
import { explained } from './errors.js';

/**
 * One import at a time (the concurrency contract on Store). The lock itself
 * is SQLite's write lock on the numbering database, taken with BEGIN
 * IMMEDIATE for the whole import and released by the OS if the process dies.
 * Who holds it is written to the accounts file, which stays writable
 * meanwhile, so that a second import can be refused at once by name instead
 * of waiting out busy_timeout and failing with "database is locked".
 */
export class ImportLock {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(
    accounts: Db,
    private readonly accountsFile: string,
    private readonly dbFile: string,
  ) {
    this.select = accounts
      .prepare('SELECT dataset, started_at, pid, host FROM import_lock WHERE id = 1')
      .raw();
    this.upsert = accounts.prepare(
      'INSERT OR REPLACE INTO import_lock (id, dataset, started_at, pid, host) VALUES (1, ?, ?, ?, ?)',
    );
    this.remove = accounts.prepare('DELETE FROM import_lock WHERE id = 1 AND pid = ? AND started_at = ?');
  }

  /**
   * Begins `db`'s write transaction for an import of `dataset` and records
   * the holder; throws ImportInProgress when another import holds it.
   * Returns the release, to call once the transaction has ended.
   */
  acquire(db: Db, dataset: string): () => void {
    if (!begin(db, 0)) {
      // A named holder is refused at once. Otherwise the writer is brief (a
      // migration at open) or an import in its first instant: wait as usual.
      const holder = this.holder();
      if (holder || !begin(db, BUSY_TIMEOUT_MS))
        throw new ImportInProgress(this.dbFile, holder ?? this.holder());
    }
    const me: ImportHolder = {
      dataset,
      startedAt: new Date().toISOString(),
      pid: process.pid,
      host: hostname(),
    };
    try {
      explained(this.accountsFile, () => this.upsert.run(me.dataset, me.startedAt, me.pid, me.host));
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    return () => {
      try {
        this.remove.run(me.pid, me.startedAt);
      } catch {
        // A row left behind names a finished import; the next holder overwrites it and holder() skips dead ones.
      }
    };
  }

  /** The recorded holder, unless it is a process of this host that has ended (killed mid-import). */
  holder(): ImportHolder | null {
    const row = explained(this.accountsFile, () => this.select.get()) as
      | [string, string, number, string]
      | undefined;
    if (!row) return null;
    const [dataset, startedAt, pid, host] = row;
    if (host === hostname() && !alive(pid)) return null;
    return { dataset, startedAt, pid, host };
  }
}

/** BEGIN IMMEDIATE, waiting up to `timeoutMs` for another writer; false if it is still there. */
function begin(db: Db, timeoutMs: number): boolean {
  db.pragma(`busy_timeout = ${timeoutMs}`);
  try {
    db.exec('BEGIN IMMEDIATE');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
