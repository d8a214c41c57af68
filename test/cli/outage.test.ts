// PostgreSQL connections cut from under a serving instance (pg_terminate_backend on every backend of
// its database, again and again) while checks keep coming: no check fails, /healthz says what is
// degraded while it lasts and recovers without a restart, and an import made afterwards is served.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, postgresReachable, type TestSchema, testSchema } from '../support/postgres.js';
import {
  ensureBuilt,
  postNumbers,
  run,
  SEED_DIR,
  SEED_FILES,
  type Served,
  serve,
  tempDir,
} from './helpers.js';

const pgUp = await postgresReachable();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long connections keep being cut, and how often. */
const OUTAGE_MS = 6_000;
const CUT_EVERY_MS = 250;
/** Bounded waits for recovery and for an import to be served. */
const WITHIN_MS = 20_000;

async function eventually(done: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + WITHIN_MS;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(150);
  }
}

/** Ends every connection of this test's schema (its URL names them in application_name); returns how many. */
async function terminateConnections(db: TestSchema): Promise<number> {
  const r = await adminQuery(
    'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
    [`portcheck_${db.schema}`],
  );
  return (r.rows[0] as { n: number }).n;
}

interface Health {
  status: string;
  degraded: string[];
  database: string;
  changes: string;
}

describe.skipIf(!pgUp)('PostgreSQL connections terminated under load', () => {
  const tmp = tempDir();
  let db: TestSchema;
  let server: Served;
  let auth: string;
  const cli = (...args: string[]) =>
    run([...args, '--database-url', db.url], { env: { PORTCHECK_SNAPSHOT_FILE: 'off' } });
  const health = async () => (await (await fetch(`${server.url}/healthz`)).json()) as Health;

  beforeAll(async () => {
    ensureBuilt();
    db = testSchema();
    for (const [dataset, file] of SEED_FILES)
      expect(cli('import', dataset, path.join(SEED_DIR, file)).status).toBe(0);
    const key = JSON.parse(cli('keys', 'create', '--name', 'load', '--json').stdout);
    auth = `${key.access_key}:${key.secret_key}`;
    server = await serve([], {
      DATABASE_URL: db.url,
      PORTCHECK_SNAPSHOT_FILE: path.join(tmp.dir, 'instance.snapshot'),
      PORTCHECK_RATE_LIMIT: '0',
      // The key and data polls run often, so the outage is met by them, not only by the listener.
      PORTCHECK_RELOAD_INTERVAL_MS: '200',
    });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.drop();
    tmp.cleanup();
  });

  it('answers every check, shows the outage on /healthz, recovers by itself, then serves a new import', async () => {
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok', changes: 'notified' });
    const numbers = ['12064205780', '18444205780', '15552348976'];
    const expected = await (await postNumbers(server.url, auth, numbers)).json();

    const failures: string[] = [];
    let checks = 0;
    let cuts = 0;
    let cutConnections = 0;
    const seen = new Set<string>();
    let outage = true;
    const load = (async () => {
      while (outage) {
        const res = await postNumbers(server.url, auth, numbers).catch((e: Error) => e);
        if (res instanceof Error) failures.push(res.message);
        else if (res.status !== 200) failures.push(`${res.status} ${await res.text()}`);
        else if (!isDeepStrictEqual(await res.json(), expected)) failures.push('another answer');
        checks++;
      }
    })();
    const watch = (async () => {
      while (outage) {
        const h = await health();
        seen.add(`${h.database}/${h.changes}`);
        await sleep(50);
      }
    })();
    const started = Date.now();
    while (Date.now() - started < OUTAGE_MS) {
      cutConnections += await terminateConnections(db);
      cuts++;
      await sleep(CUT_EVERY_MS);
    }
    outage = false;
    await Promise.all([load, watch]);

    expect(failures).toEqual([]);
    expect(checks).toBeGreaterThan(50);
    expect(cuts).toBeGreaterThan(10);
    // The instance holds connections (listener, pool), so the cuts reached it.
    expect(cutConnections).toBeGreaterThan(0);
    console.info(
      `outage: ${checks} checks, ${cuts} cuts ending ${cutConnections} connections; /healthz showed ${[...seen].join(', ')}`,
    );
    // Degraded while it lasted (the listener was cut at least once and seen down).
    expect([...seen].some((s) => s !== 'ok/notified')).toBe(true);

    const recovered = await eventually(async () => {
      const h = await health();
      return h.status === 'ok' && h.database === 'ok' && h.changes === 'notified';
    });
    expect(recovered, 'healthz back to ok without a restart').toBe(true);

    writeFileSync(path.join(tmp.dir, 'ported.csv'), 'tn,spid,sv_type\n2064205780,683G,wireless\n');
    const imported = cli('import', 'ported', path.join(tmp.dir, 'ported.csv'));
    expect(imported.stderr).toBe('');
    const after = JSON.parse(cli('check', '--json', ...numbers).stdout);
    expect(after).not.toEqual(expected);
    const served = await eventually(async () =>
      isDeepStrictEqual(await (await postNumbers(server.url, auth, numbers)).json(), after),
    );
    expect(served, 'the import after the outage is served').toBe(true);
  });
});
