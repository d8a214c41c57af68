import type { Db, Migration } from './connection.js';
import {
  ORDER_RUNS_ONE_INDEX,
  ORDER_RUNS_SCHEMA,
  ORDERS_KEYED_SCHEMA,
  ORDERS_SCHEMA,
} from './orders/schema.js';
import { WEBHOOKS_SCHEMA } from './webhooks/schema.js';

/**
 * The accounts file (`portcheck.accounts.db` beside `portcheck.db`): the
 * data a porting desk writes at any time (API keys, port orders, webhook
 * endpoints and deliveries), apart from the numbering data so that an import's write lock never
 * holds it up. It also names the import holding that lock (import_lock).
 */
export function accountsPathOf(dbPath: string): string {
  return `${dbPath.endsWith('.db') ? dbPath.slice(0, -3) : dbPath}.accounts.db`;
}

/**
 * Schema of the accounts file, applied like MIGRATIONS. `main` is the
 * numbering database's connection: migration 2 copies the keys a database
 * from before the split holds (its own migration 2 then drops them, always
 * after this ran, as SqliteStore.open migrates the accounts file first).
 */
export function accountsMigrations(main: Db): readonly Migration[] {
  return [
    `
    CREATE TABLE meta (
      id           INTEGER PRIMARY KEY CHECK (id = 1),
      keys_version INTEGER NOT NULL
    );
    INSERT INTO meta (id, keys_version) VALUES (1, 0);

    CREATE TABLE api_keys (
      access_key  TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      secret_hash TEXT NOT NULL,
      created_at  TEXT NOT NULL,
      revoked_at  TEXT
    ) WITHOUT ROWID;

    -- The import holding the numbering database's write lock, if any (one row).
    CREATE TABLE import_lock (
      id         INTEGER PRIMARY KEY CHECK (id = 1),
      dataset    TEXT NOT NULL,
      started_at TEXT NOT NULL,
      pid        INTEGER NOT NULL,
      host       TEXT NOT NULL
    );
    `,
    (accounts) => copyLegacyKeys(main, accounts),
    // Accounts and roles (docs/spec/orders.md §1): existing keys become customer keys of account
    // `default`, except the demo key (seed-demo's DEMO_KEY_NAME), which becomes admin so that the
    // quick start shows everything. The keys version moves so running servers reload the roles.
    `
    ALTER TABLE api_keys ADD COLUMN account TEXT NOT NULL DEFAULT 'default';
    ALTER TABLE api_keys ADD COLUMN role TEXT NOT NULL DEFAULT 'customer'
      CHECK (role IN ('customer', 'desk', 'admin'));
    UPDATE api_keys SET role = 'admin' WHERE name = 'demo';
    UPDATE meta SET keys_version = keys_version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM api_keys);
    `,
    // Port orders (orders/schema.ts).
    ORDERS_SCHEMA,
    // Webhook endpoints and the deliveries' outbox (webhooks/schema.ts).
    WEBHOOKS_SCHEMA,
    // Orders' integer keys in order_numbers (orders/schema.ts).
    ORDERS_KEYED_SCHEMA,
    // Orders' numbers as runs of consecutive numbers (orders/schema.ts).
    ORDER_RUNS_SCHEMA,
    // One index of order_runs by number (orders/schema.ts).
    ORDER_RUNS_ONE_INDEX,
  ];
}

/** The first accounts schema version whose api_keys has account and role (read-only stores read older files too). */
export const KEYS_WITH_ROLES = 3;
/** The first accounts schema version with the webhooks' tables. */
export const WITH_WEBHOOKS = 5;
/** The first accounts schema version whose orders' numbers are runs (order_runs: what the order store reads). */
export const ORDER_RUNS = 7;

const COLUMNS = 'access_key, name, secret_hash, created_at, revoked_at';

function copyLegacyKeys(main: Db, accounts: Db): void {
  const legacy = main
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'api_keys'")
    .pluck()
    .get();
  if (legacy === undefined) return;
  const insert = accounts.prepare(`INSERT OR IGNORE INTO api_keys (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`);
  for (const row of main.prepare(`SELECT ${COLUMNS} FROM api_keys`).raw().iterate() as Iterable<unknown[]>) {
    insert.run(...row);
  }
  const version = main.prepare('SELECT keys_version FROM meta WHERE id = 1').pluck().get() as
    | number
    | undefined;
  accounts.prepare('UPDATE meta SET keys_version = ? WHERE id = 1').run(version ?? 0);
}
