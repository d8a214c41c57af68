import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { MIGRATIONS } from '../../src/store/postgres/schema.js';
import type { ApiKeyRecord, StagedRow, Store, StoreChange } from '../../src/store/store.js';
import { BIN, cleanEnv, ensureBuilt } from '../cli/helpers.js';
import {
  adminQuery,
  postgresReachable,
  TEST_DATABASE_URL,
  type TestSchema,
  testSchema,
} from '../support/postgres.js';
import { RecordingSink } from './recording-sink.js';
import { storeSuite } from './store-suite.js';

const reachable = await postgresReachable();

describe.skipIf(!reachable)('PostgreSQL', () => {
  storeSuite('PostgreSQL', async () => {
    const schema = testSchema();
    return {
      open: async () => PostgresStore.open(schema.url),
      dispose: () => schema.drop(),
    };
  });
});

/** A key record; tests override what they look at. */
const KEY: ApiKeyRecord = {
  accessKey: 'AK',
  name: 'n',
  secretHash: 'h',
  createdAt: 't',
  revokedAt: null,
  account: 'default',
  role: 'customer',
};

const portedRows = (spid: string, ...tns: number[]): StagedRow[] =>
  tns.map((tn, i) => ({
    dataset: 'ported',
    line: i + 2,
    action: 'upsert',
    record: { tn, spid, svType: 'wireline', lrn: null, altSpid: null },
  }));

async function importPorted(store: Store, spid: string, ...tns: number[]): Promise<void> {
  const session = await store.beginImport('ported', { replace: false });
  await session.write(portedRows(spid, ...tns));
  await session.commit();
}

/** Waits (bounded) until `condition` holds, checking every 20 ms; fails naming `what`. */
async function until(what: string, condition: () => boolean | Promise<boolean>, limitMs = 15_000) {
  const end = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Connections of one test's stores (they carry the schema in application_name). */
async function backends(schema: TestSchema): Promise<{ pid: number; state: string; query: string }[]> {
  const result = await adminQuery(
    'SELECT pid, state, query FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
    [`portcheck_${schema.schema}`],
  );
  return result.rows;
}

describe.skipIf(!reachable)('PostgreSQL specifics', () => {
  const schemas: TestSchema[] = [];
  const stores: Store[] = [];
  const fresh = () => {
    const schema = testSchema();
    schemas.push(schema);
    return schema;
  };
  const open = async (url: string, readOnly = false) => {
    const store = await PostgresStore.open(url, { readOnly });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  it('migrates a fresh schema once when several instances open it at the same time', async () => {
    const schema = fresh();
    const opened = await Promise.all(Array.from({ length: 6 }, () => open(schema.url)));
    const ids = await Promise.all(opened.map((s) => s.databaseId()));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    const version = await adminQuery(`SELECT version FROM "${schema.schema}".portcheck_schema`);
    expect(version.rows).toEqual([{ version: MIGRATIONS.length }]);
    // openStore picks PostgreSQL for a URL, over a SQLite path.
    const viaOpen = await openStore({ databaseUrl: schema.url, dbPath: '/nonexistent/portcheck.db' });
    stores.push(viaOpen);
    expect(viaOpen.kind).toBe('postgres');
    expect(await viaOpen.databaseId()).toBe(ids[0]);
  });

  it('refuses a schema of a newer portcheck, and a read-only open of a schema without portcheck data', async () => {
    const schema = fresh();
    await expect(open(schema.url, true)).rejects.toThrow(/has no portcheck data in schema "t_[0-9a-f]+" yet/);
    // Reading created nothing.
    expect(
      (await adminQuery('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema.schema])).rowCount,
    ).toBe(0);

    const store = await open(schema.url);
    await importPorted(store, 'SPA', 2_065_550_001);
    const reader = await open(schema.url, true);
    expect(await reader.dataVersion()).toMatchObject({ version: 1 });
    await expect(reader.beginImport('ported', { replace: false })).rejects.toThrow(/read-only/);
    await expect(reader.keys.create({ ...KEY, accessKey: 'AK' })).rejects.toThrow(/read-only/);

    await adminQuery(`UPDATE "${schema.schema}".portcheck_schema SET version = $1`, [MIGRATIONS.length + 1]);
    await expect(open(schema.url)).rejects.toThrow(/newer than this portcheck \(\d+\); upgrade portcheck/);
    await expect(open(schema.url, true)).rejects.toThrow(/newer than this portcheck/);
  });

  it('gives keys from before accounts the account default and role customer, the demo key admin', async () => {
    const schema = fresh();
    // A schema as the first version left it, with two keys.
    await adminQuery(
      `CREATE SCHEMA "${schema.schema}"; SET search_path TO "${schema.schema}"; ${MIGRATIONS[0]};
       CREATE TABLE portcheck_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL);
       INSERT INTO portcheck_schema VALUES (1, 1);
       INSERT INTO api_keys (access_key, name, secret_hash, created_at, revoked_at) VALUES
         ('AK1', 'demo', 'h1', '2024-01-01T00:00:00.000Z', NULL),
         ('AK2', 'ops', 'h2', '2024-01-02T00:00:00.000Z', NULL);`,
    );
    const legacy = [
      ['AK1', 'default', 'admin'],
      ['AK2', 'default', 'customer'],
    ];
    const summary = (keys: ApiKeyRecord[]) => keys.map((k) => [k.accessKey, k.account, k.role]);
    // A read-only store reads the old schema as the migration will make it, and changes nothing.
    const reader = await open(schema.url, true);
    expect(summary(await reader.keys.list())).toEqual(legacy);
    expect(await reader.keys.find('AK1')).toMatchObject({ account: 'default', role: 'admin' });

    const store = await open(schema.url);
    expect(summary(await store.keys.list())).toEqual(legacy);
    expect(await store.keys.version()).toBe(1); // moved, so running servers reload the roles
    await store.keys.create({
      ...KEY,
      accessKey: 'AK3',
      createdAt: '2024-01-03',
      account: 'acme',
      role: 'desk',
    });
    expect(await store.keys.find('AK3')).toMatchObject({ account: 'acme', role: 'desk' });
  });

  it('explains a server that is not there, a missing database and a bad schema name, without a password', async () => {
    const url = new URL(TEST_DATABASE_URL);
    const closed = await new Promise<number>((resolve) => {
      // A port nothing listens on: one the OS just gave and took back.
      import('node:net').then(({ createServer }) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });
    });
    await expect(open(`postgres://someone:s3cret@127.0.0.1:${closed}/test`)).rejects.toThrow(
      new RegExp(`^cannot reach PostgreSQL at 127.0.0.1:${closed}/test: connection refused`),
    );
    const missing = new URL(url);
    missing.pathname = '/portcheck_no_such_database';
    const refused = await open(missing.toString()).catch((error: Error) => error);
    expect((refused as Error).message).toMatch(/portcheck_no_such_database does not exist on that server/);
    expect((refused as Error).message).not.toMatch(/s3cret|SELECT/);
    const bad = new URL(url);
    bad.searchParams.set('schema', 'a"; DROP');
    await expect(open(bad.toString())).rejects.toThrow(/is not a plain name/);
    bad.searchParams.set('schema', 's'.repeat(54));
    await expect(open(bad.toString())).rejects.toThrow(/at most 53/);
  });

  it('keeps the data and frees the lock when an importing process is killed in the middle of its COPY', async () => {
    ensureBuilt();
    const schema = fresh();
    const store = await open(schema.url);
    await importPorted(store, 'OLD', 2_065_550_001, 2_065_550_002);
    const before = await store.dataVersion();
    await store.close();

    const dir = mkdtempSync(join(tmpdir(), 'portcheck-pg-kill-'));
    let child: ChildProcess | null = null;
    try {
      const file = join(dir, 'ported.csv');
      const fd = openSync(file, 'w');
      writeSync(fd, 'tn,spid,sv_type\n');
      for (let start = 0; start < 600_000; start += 100_000) {
        let lines = '';
        for (let i = start; i < start + 100_000; i++) lines += `${2_062_000_000 + i},NEW,voip\n`;
        writeSync(fd, lines);
      }
      closeSync(fd);
      child = spawn(process.execPath, [BIN, 'import', 'ported', file], {
        env: cleanEnv({ DATABASE_URL: schema.url, PORTCHECK_SNAPSHOT_FILE: 'off' }),
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      // Killed once its connection is inside the import's transaction, copying rows.
      const watcher = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await watcher.connect();
      try {
        await until('the import to be copying rows', async () => {
          const rows = await watcher.query(
            `SELECT 1 FROM pg_stat_activity WHERE application_name = $1
             AND query LIKE 'COPY pg_temp.batch%' AND state IN ('active', 'idle in transaction')`,
            [`portcheck_${schema.schema}`],
          );
          return rows.rowCount! > 0;
        });
      } finally {
        await watcher.end();
      }
      child.kill('SIGKILL');
      await exited;
      // The server ends the dead connection's backend, rolling back and letting go of the lock.
      await until('the killed import’s connection to end', async () => (await backends(schema)).length === 0);

      const after = await open(schema.url);
      expect(await after.dataVersion()).toEqual(before);
      const sink = new RecordingSink();
      await after.loadInto(sink);
      expect(sink.portedRows).toEqual([
        [2_065_550_001, 'OLD', 'wireline'],
        [2_065_550_002, 'OLD', 'wireline'],
      ]);
      await importPorted(after, 'NEXT', 2_065_550_003);
      expect(await after.dataVersion()).toMatchObject({ version: before.version + 1 });
    } finally {
      child?.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails an import whose connection is killed between two batches, cleanly, and runs the next one', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    await importPorted(store, 'OLD', 2_065_550_001);
    const session = await store.beginImport('ported', { replace: true });
    await session.write(portedRows('NEW', 2_065_550_002));
    const killed = await adminQuery(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE application_name = $1 AND state = 'idle in transaction'`,
      [`portcheck_${schema.schema}`],
    );
    expect(killed.rowCount).toBe(1);
    await until('the store to see the outage', () => store.status().database === 'unreachable');
    await expect(session.write(portedRows('NEW', 2_065_550_003))).rejects.toThrow(
      /^lost the connection to PostgreSQL at [^ ]+\/test \(/,
    );
    await session.abort();
    expect(await store.dataVersion()).toMatchObject({ version: 1 });
    await importPorted(store, 'NEXT', 2_065_550_004);
    const sink = new RecordingSink();
    await store.loadInto(sink);
    expect(sink.portedRows.map(([tn, spid]) => `${tn}:${spid}`)).toEqual([
      '2065550001:OLD',
      '2065550004:NEXT',
    ]);
  });

  it('pushes notes to another instance: data when an import commits, keys when a key changes', async () => {
    const schema = fresh();
    const writer = await open(schema.url);
    const follower = await open(schema.url);
    expect(follower.status()).toEqual({ database: 'ok', changes: 'polling' });
    const notes: StoreChange[] = [];
    const unsubscribe = follower.subscribe((change) => notes.push(change));
    await until('the follower to listen', () => follower.status().changes === 'notified');

    await importPorted(writer, 'SPA', 2_065_550_001);
    await until('a data note', () => notes.includes('data'));
    await writer.keys.create({ ...KEY, accessKey: 'AK' });
    await until('a keys note', () => notes.includes('keys'));
    expect(notes).toEqual(['data', 'keys']);

    // A dry run and an aborted import commit nothing: no note. The next real one is heard.
    const dry = await writer.beginImport('ported', { replace: false, dryRun: true });
    await dry.write(portedRows('DRY', 2_065_550_009));
    await dry.commit();
    const aborted = await writer.beginImport('ported', { replace: false });
    await aborted.write(portedRows('AB', 2_065_550_008));
    await aborted.abort();
    await importPorted(writer, 'SPB', 2_065_550_002);
    await until('the second data note', () => notes.length === 3);
    expect(notes).toEqual(['data', 'keys', 'data']);

    unsubscribe();
    expect(follower.status().changes).toBe('polling');
  });

  it('survives pg_terminate_backend of all its connections: status flips, then queries and notes resume', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const notes: StoreChange[] = [];
    store.subscribe((change) => notes.push(change));
    await until('listening', () => store.status().changes === 'notified');
    await importPorted(store, 'SPA', 2_065_550_001);
    await until('the data note', () => notes.length === 1);
    expect(await store.keys.version()).toBe(0); // leaves an idle connection in the pool

    const killed = await adminQuery(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [`portcheck_${schema.schema}`],
    );
    expect(killed.rowCount).toBeGreaterThanOrEqual(2); // the pooled connection and the listening one
    await until('the store to see the outage', () => {
      const status = store.status();
      return status.database === 'unreachable' && status.changes === 'polling';
    });

    // The next queries work without a restart, and flip the status back.
    expect(await store.dataVersion()).toMatchObject({ version: 1 });
    expect(store.status().database).toBe('ok');
    const sink = new RecordingSink();
    await store.loadInto(sink);
    expect(sink.portedRows).toEqual([[2_065_550_001, 'SPA', 'wireline']]);

    // The listening connection comes back by itself and says something may have been missed.
    await until('listening again', () => store.status().changes === 'notified');
    await until('the catch-up notes', () => notes.length === 3);
    expect(notes.slice(1).sort()).toEqual(['data', 'keys']);
    await store.keys.create({ ...KEY, accessKey: 'AK' });
    await until('a keys note after the outage', () => notes.length === 4);
    expect(notes[3]).toBe('keys');
  });
});
