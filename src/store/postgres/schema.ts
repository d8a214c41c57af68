import type { PoolClient } from 'pg';
import { ORDERS_MIGRATION } from './orders/schema.js';
import type { PostgresTarget } from './url.js';
import { WEBHOOKS_MIGRATION } from './webhooks/schema.js';

/**
 * Schema migrations of a portcheck schema, applied in order at open; the
 * schema's `portcheck_schema.version` is the number applied. A migration is
 * never edited once released: add a new entry instead. Text keys use the "C"
 * collation, so that rows come back in the same (byte) order as from SQLite.
 * The numbering data's version (data_meta) and the keys' (keys_meta) are
 * separate rows, so that a key change never waits for an import's commit.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE data_meta (
    id           integer PRIMARY KEY CHECK (id = 1),
    data_version bigint NOT NULL,
    updated_at   text,
    database_id  text NOT NULL
  );
  INSERT INTO data_meta (id, data_version, updated_at, database_id) VALUES (1, 0, NULL, gen_random_uuid()::text);

  CREATE TABLE keys_meta (
    id           integer PRIMARY KEY CHECK (id = 1),
    keys_version bigint NOT NULL
  );
  INSERT INTO keys_meta (id, keys_version) VALUES (1, 0);

  CREATE TABLE carriers (
    id            text COLLATE "C" PRIMARY KEY,
    name          text NOT NULL,
    category      text,
    underlying_id text COLLATE "C"
  );

  CREATE TABLE blocks (
    npa         smallint NOT NULL,
    nxx         smallint NOT NULL,
    block_id    smallint NOT NULL, -- -1 for the whole exchange (A), 0-9 for a thousands-block
    lata        integer NOT NULL,
    ocn         text NOT NULL,
    rate_center text NOT NULL,
    state       text NOT NULL,
    coc_type    text NOT NULL,
    portable    boolean NOT NULL,
    PRIMARY KEY (npa, nxx, block_id)
  );

  CREATE TABLE ported (
    tn       bigint PRIMARY KEY,
    spid     text NOT NULL,
    sv_type  text NOT NULL,
    lrn      text,
    alt_spid text
  );

  CREATE TABLE tollfree (
    number     bigint PRIMARY KEY,
    resporg_id text NOT NULL,
    status     text NOT NULL
  );

  -- The whole coverage configuration as one JSON document (domain shape), kept as written.
  CREATE TABLE coverage (
    id       integer PRIMARY KEY CHECK (id = 1),
    document text NOT NULL
  );

  CREATE TABLE api_keys (
    access_key  text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL,
    secret_hash text NOT NULL,
    created_at  text COLLATE "C" NOT NULL,
    revoked_at  text
  );

  -- Who holds the import lock (a session advisory lock), for ImportInProgress.
  -- backend_pid is the holder's connection: a row whose connection no longer
  -- holds an advisory lock is stale (a killed import) and is not reported.
  CREATE TABLE import_lock (
    id          integer PRIMARY KEY CHECK (id = 1),
    dataset     text NOT NULL,
    started_at  text NOT NULL,
    pid         integer NOT NULL,
    host        text NOT NULL,
    backend_pid integer NOT NULL
  );
  `,
  // Accounts and roles (docs/spec/orders.md §1), as SQLite's accounts migration 3: existing keys
  // become customer keys of account `default`, except the demo key (seed-demo's DEMO_KEY_NAME),
  // which becomes admin. The keys version moves so that running servers reload the roles.
  `
  ALTER TABLE api_keys ADD COLUMN account text COLLATE "C" NOT NULL DEFAULT 'default';
  ALTER TABLE api_keys ADD COLUMN role text NOT NULL DEFAULT 'customer'
    CHECK (role IN ('customer', 'desk', 'admin'));
  UPDATE api_keys SET role = 'admin' WHERE name = 'demo';
  UPDATE keys_meta SET keys_version = keys_version + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM api_keys);
  `,
  // Port orders, their events, documents, holidays and idempotency records (orders/schema.ts).
  ORDERS_MIGRATION,
  // Webhook endpoints and the deliveries' outbox (webhooks/schema.ts).
  WEBHOOKS_MIGRATION,
  // The snapshot an import publishes with its commit, so that instances download it instead of
  // re-reading every row (one row, replaced by each publishing import).
  `
  CREATE TABLE published_snapshot (
    id           integer PRIMARY KEY CHECK (id = 1),
    stamp        text NOT NULL,
    bytes        bytea NOT NULL,
    published_at timestamptz NOT NULL DEFAULT now()
  );
  `,
  // The published snapshot is a cache of what the rows say, tens of megabytes per import: unlogged
  // (no WAL for it; after a crash PostgreSQL empties the table and instances read the rows, as they
  // do when none is published) and stored as it is (it hardly compresses, and PostgreSQL's attempt
  // cost about a second of each import).
  `
  ALTER TABLE published_snapshot SET UNLOGGED;
  ALTER TABLE published_snapshot ALTER COLUMN bytes SET STORAGE EXTERNAL;
  `,
];

/** The first schema version whose api_keys has account and role (a read-only store reads older ones too). */
export const KEYS_WITH_ROLES = 2;

/** The advisory-lock keys of a schema: one for migrations, one for imports (bigint, from the schema's name). */
export const lockKey = (purpose: 'migrate' | 'import', schema: string) =>
  `hashtextextended('portcheck ${purpose} ' || '${schema}', 0)`;

/**
 * Brings the schema up to date, creating it when missing. Several processes
 * opening a fresh database at once are serialized by a transaction-level
 * advisory lock: the first migrates, the others then find the work done.
 */
export async function migrate(client: PoolClient, target: PostgresTarget): Promise<void> {
  if ((await schemaVersion(client, target)) === MIGRATIONS.length) return;
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${lockKey('migrate', target.schema)})`);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [target.schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${target.schemaSql}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${target.schemaSql}.portcheck_schema (
         id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)`,
    );
    const from = (await schemaVersion(client, target)) ?? 0;
    if (from > MIGRATIONS.length) throw newerSchema(target, from);
    for (let i = from; i < MIGRATIONS.length; i++) await client.query(MIGRATIONS[i]);
    await client.query(
      `INSERT INTO ${target.schemaSql}.portcheck_schema (id, version) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`,
      [MIGRATIONS.length],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** For a store that only reads: the schema must be there already, and not newer than this portcheck. */
export async function checkReadableSchema(client: PoolClient, target: PostgresTarget): Promise<number> {
  const version = await schemaVersion(client, target);
  if (version === null || version === 0) {
    throw new Error(
      `${target.where} has no portcheck data in schema "${target.schema}" yet: import data into it first (or start portcheck serve on it)`,
    );
  }
  if (version > MIGRATIONS.length) throw newerSchema(target, version);
  return version;
}

/** The schema's version, or null when it has no portcheck_schema table (or no schema). */
async function schemaVersion(client: PoolClient, target: PostgresTarget): Promise<number | null> {
  const table = await client.query({
    text: 'SELECT to_regclass($1) IS NOT NULL',
    values: [`${target.schemaSql}.portcheck_schema`],
    rowMode: 'array',
  });
  if (!table.rows[0][0]) return null;
  const row = await client.query({
    text: `SELECT version FROM ${target.schemaSql}.portcheck_schema WHERE id = 1`,
    rowMode: 'array',
  });
  return row.rowCount ? Number(row.rows[0][0]) : 0;
}

function newerSchema(target: PostgresTarget, version: number): Error {
  return new Error(
    `schema "${target.schema}" of ${target.where} has portcheck schema version ${version}, newer than this portcheck (${MIGRATIONS.length}); upgrade portcheck`,
  );
}
