import { parseEncryptionKey } from './field-cipher.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Path of the SQLite database file; its folder is created when missing. */
  dbPath?: string;
  /** A PostgreSQL connection URL (`postgres://…`). */
  databaseUrl?: string;
  /**
   * The caller only reads (e.g. `portcheck check`): nothing is created or
   * written, so a database in a read-only folder or file still opens.
   * Imports and key changes are then refused.
   */
  readOnly?: boolean;
  /**
   * The key of the orders' sensitive fields (docs/spec/orders.md §2): 64 hex characters or the
   * base64 of 32 bytes (PORTCHECK_ENCRYPTION_KEY). Unset, the embedded store keeps a key file
   * beside the database (`<db>.key`, made on first use); PostgreSQL will require it.
   */
  encryptionKey?: string;
}

/** Opens the configured store and (unless readOnly) brings its schema up to date. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    throw new Error(
      'PostgreSQL is not available yet in this version of portcheck; use a SQLite file (--db <path>)',
    );
  }
  if (!opts.dbPath) throw new Error('no database given: pass a SQLite file path (--db <path>)');
  const encryptionKey = opts.encryptionKey ? parseEncryptionKey(opts.encryptionKey) : undefined;
  return SqliteStore.open(opts.dbPath, { readOnly: opts.readOnly, encryptionKey });
}
