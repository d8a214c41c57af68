import { parseEncryptionKey } from './field-cipher.js';
import { PostgresStore } from './postgres/postgres-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** Path of the SQLite database file; its folder is created when missing. */
  dbPath?: string;
  /**
   * A PostgreSQL connection URL (`postgres://…`); `?schema=NAME` puts
   * portcheck's tables in that schema (created when missing; default public).
   * It wins over dbPath.
   */
  databaseUrl?: string;
  /**
   * The caller only reads (e.g. `portcheck check`): nothing is created or
   * written (no migration), so a database in a read-only folder or file
   * still opens; one that has no portcheck schema yet is refused.
   * Imports and key changes are then refused.
   */
  readOnly?: boolean;
  /**
   * The key of the orders' sensitive fields (docs/spec/orders.md §2): 64 hex characters or the
   * base64 of 32 bytes (PORTCHECK_ENCRYPTION_KEY). Unset, the embedded store keeps a key file
   * beside the database (`<db>.key`, made on first use); PostgreSQL will require it.
   */
  encryptionKey?: string;
  /**
   * For a long-running server on SQLite: the accounts file's WAL is checkpointed by a worker
   * thread, off the requests' commits; `onError` hears once if that stops working (the commits
   * then checkpoint as before). PostgreSQL ignores it.
   */
  backgroundCheckpoints?: { onError(message: string): void };
}

/** Opens the configured store and (unless readOnly) brings its schema up to date. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const encryptionKey = opts.encryptionKey ? parseEncryptionKey(opts.encryptionKey) : undefined;
  if (opts.databaseUrl)
    return PostgresStore.open(opts.databaseUrl, { readOnly: opts.readOnly, encryptionKey });
  if (!opts.dbPath) throw new Error('no database given: pass a SQLite file path (--db <path>)');
  const store = SqliteStore.open(opts.dbPath, { readOnly: opts.readOnly, encryptionKey });
  if (opts.backgroundCheckpoints) {
    try {
      await store.checkpointInBackground(opts.backgroundCheckpoints.onError);
    } catch (err) {
      // Without the worker the commits checkpoint, as they always did: worth a line, not a refusal.
      opts.backgroundCheckpoints.onError(`background checkpoints are off: ${(err as Error).message}`);
    }
  }
  return store;
}
