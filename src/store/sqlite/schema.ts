/**
 * Schema migrations of the numbering database (the `--db` file), applied in
 * order at open. The database's `user_version`
 * is the number of migrations applied, so a migration is never edited once
 * released: add a new entry instead.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: datasets, coverage, API keys and the version counters.
  `
  CREATE TABLE meta (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    data_version INTEGER NOT NULL,
    updated_at   TEXT,
    keys_version INTEGER NOT NULL
  );
  INSERT INTO meta (id, data_version, updated_at, keys_version) VALUES (1, 0, NULL, 0);

  CREATE TABLE carriers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    category      TEXT,
    underlying_id TEXT
  ) WITHOUT ROWID;

  CREATE TABLE blocks (
    npa         INTEGER NOT NULL,
    nxx         INTEGER NOT NULL,
    block_id    INTEGER NOT NULL, -- -1 for the whole exchange (A), 0-9 for a thousands-block
    lata        INTEGER NOT NULL,
    ocn         TEXT NOT NULL,
    rate_center TEXT NOT NULL,
    state       TEXT NOT NULL,
    coc_type    TEXT NOT NULL,
    portable    INTEGER NOT NULL,
    PRIMARY KEY (npa, nxx, block_id)
  ) WITHOUT ROWID;

  -- tn is the ten-digit number and the rowid: the cheapest key SQLite has.
  CREATE TABLE ported (
    tn       INTEGER PRIMARY KEY,
    spid     TEXT NOT NULL,
    sv_type  TEXT NOT NULL,
    lrn      TEXT,
    alt_spid TEXT
  );

  CREATE TABLE tollfree (
    number     INTEGER PRIMARY KEY,
    resporg_id TEXT NOT NULL,
    status     TEXT NOT NULL
  );

  -- The whole coverage configuration as one JSON document (domain shape).
  CREATE TABLE coverage (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL
  );

  CREATE TABLE api_keys (
    access_key  TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
  ) WITHOUT ROWID;
  `,
  // 2: API keys moved to the accounts file (accounts-schema.ts copies them
  // first), so that key writes never wait for an import's write lock.
  // meta.keys_version stays, unused.
  'DROP TABLE api_keys',
  // 3: the database's identity (Store.databaseId), made once, so that a
  // snapshot file is never trusted for another database at the same version.
  `
  ALTER TABLE meta ADD COLUMN database_id TEXT;
  UPDATE meta SET database_id = lower(hex(randomblob(16))) WHERE id = 1;
  `,
];

/** The oldest schema whose numbering tables a read-only connection can read as they are. */
export const OLDEST_READABLE = 1;
