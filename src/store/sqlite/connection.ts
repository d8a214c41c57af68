import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

// better-sqlite3 reads SQLITE_USE_URI once, when its native module loads (at
// the first `new Database`): URIs are needed for `immutable=1` (see
// connectReader). Plain paths are unaffected; the store refuses `file:` paths.
process.env.SQLITE_USE_URI ??= '1';

export type Db = Database.Database;

/** How long a connection waits for another writer before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a read-write connection with the pragmas every such connection needs.
 * WAL lets the server keep reading while an import writes; `synchronous =
 * NORMAL` is safe in WAL mode (a crash loses at most the last commits, never
 * consistency).
 */
export function connect(path: string): Db {
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // No foreign keys: datasets reference each other loosely on purpose
    // (a block's OCN need not be a known carrier).
    db.pragma('foreign_keys = OFF');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Opens a connection that never writes, for commands and loads that only
 * read. A WAL database needs its `-shm` file even to read; in a read-only
 * folder where that file is gone (a clean close removes it) SQLite cannot
 * create it, so the file is opened `immutable` instead. That is safe only
 * when no `-wal` holds changes, which is then also certain to stay so: no
 * writer can create a `-wal` in that folder either. Otherwise the error
 * stands and the caller explains it.
 */
export function connectReader(path: string): Db {
  let db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    probe(db);
  } catch (error) {
    db.close();
    const wal = `${path}-wal`;
    if (
      (error as { code?: string }).code !== 'SQLITE_CANTOPEN' ||
      (existsSync(wal) && statSync(wal).size > 0)
    ) {
      throw error;
    }
    db = new Database(`${pathToFileURL(resolve(path)).href}?immutable=1`, {
      readonly: true,
      fileMustExist: true,
    });
    try {
      probe(db);
    } catch {
      db.close();
      throw error;
    }
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/** Reads a page, which makes SQLite open the WAL index (the step that fails in a read-only folder). */
function probe(db: Db): void {
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/** A schema step: SQL, or code run inside the same transaction. */
export type Migration = string | ((db: Db) => void);

/**
 * Applies the missing migrations of `db` in one write transaction. The
 * version is re-read after taking the write lock, so two processes opening a
 * fresh database at once migrate it once: the second waits, then finds it done.
 */
export function migrate(db: Db, migrations: readonly Migration[], file: string): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() === migrations.length) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const from = current();
    if (from > migrations.length) throw newerSchema(file, from, migrations.length);
    for (let i = from; i < migrations.length; i++) {
      const step = migrations[i];
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.pragma(`user_version = ${migrations.length}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * What a read-only connection can read: a schema from `oldest` (whose tables
 * it reads are unchanged since) up to this portcheck's.
 */
export function checkReadableSchema(db: Db, file: string, oldest: number, latest: number): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > latest) throw newerSchema(file, version, latest);
  if (version < oldest) {
    throw new Error(
      `${file} is not a portcheck database yet (schema version ${version}): import data into it first`,
    );
  }
}

function newerSchema(file: string, version: number, latest: number): Error {
  return new Error(
    `database ${file} has schema version ${version}, newer than this portcheck (${latest}); upgrade portcheck`,
  );
}
