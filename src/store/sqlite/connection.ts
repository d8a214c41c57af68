import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

/** How long a connection waits for another writer before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a connection with the pragmas every connection needs. WAL lets the
 * server keep reading while an import writes; `synchronous = NORMAL` is safe
 * in WAL mode (a crash loses at most the last commits, never consistency).
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

/** Creates the parent folder, connects and brings the schema up to date. */
export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  const db = connect(path);
  try {
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Applies the missing migrations in one write transaction. The version is
 * re-read after taking the write lock, so two processes opening a fresh
 * database at once do not both migrate it.
 */
export function migrate(db: Db): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() === MIGRATIONS.length) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    const from = current();
    if (from > MIGRATIONS.length) {
      throw new Error(
        `database schema version ${from} is newer than this portcheck (${MIGRATIONS.length}); upgrade portcheck`,
      );
    }
    for (let i = from; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
