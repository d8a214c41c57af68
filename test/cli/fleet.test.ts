// Three `portcheck serve` processes (the built binary) on one PostgreSQL database and one Redis behave
// as one service: an import through the CLI is served by all three, a key revoked through the CLI is
// refused by all three, the rate limit holds across them, and one of them dying stops none of the others.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, type TestSchema, testSchema } from '../support/postgres.js';
import { serviceReachable } from '../support/services.js';
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
const redisUp = await serviceReachable('Redis', 6379);

/** Requests per key per minute, counted in Redis across the three. */
const LIMIT = 120;
/** The longest the fleet may take to agree on an import or a revoke (README: within 5 s); generous for a loaded machine. */
const AGREE_WITHIN_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `done` until it holds or the bounded wait is over; returns whether it held. */
async function eventually(done: () => Promise<boolean>, withinMs = AGREE_WITHIN_MS): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(150);
  }
}

/** Windows are clock minutes: requests counted together must not straddle two. */
async function awayFromWindowEdge(seconds: number): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 60_000 - seconds * 1000) await sleep(60_000 - into + 200);
}

describe.skipIf(!pgUp || !redisUp)('a fleet of three instances on PostgreSQL and Redis', () => {
  const tmp = tempDir();
  let db: TestSchema;
  let fleet: Served[] = [];
  // The CLI's own snapshot file (by default one in the working directory for PostgreSQL) is not wanted here.
  const cli = (...args: string[]) =>
    run([...args, '--database-url', db.url], { env: { PORTCHECK_SNAPSHOT_FILE: 'off' } });
  const newKey = (name: string): string => {
    const made = cli('keys', 'create', '--name', name, '--json');
    expect(made.stderr).toBe('');
    const { access_key, secret_key } = JSON.parse(made.stdout) as { access_key: string; secret_key: string };
    return `${access_key}:${secret_key}`;
  };

  beforeAll(async () => {
    ensureBuilt();
    db = testSchema();
    for (const [dataset, file] of SEED_FILES) {
      const imported = cli('import', dataset, path.join(SEED_DIR, file));
      expect(imported.stderr).toBe('');
      expect(imported.status).toBe(0);
    }
    const env = {
      PORTCHECK_RATE_LIMIT: String(LIMIT),
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: db.url,
    };
    // Each instance its own snapshot file, as README advises.
    fleet = await Promise.all(
      [0, 1, 2].map((i) =>
        serve([], { ...env, PORTCHECK_SNAPSHOT_FILE: path.join(tmp.dir, `${i}.snapshot`) }),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(
      fleet.map((s) => (s.child.exitCode === null && s.child.signalCode === null ? s.stop() : null)),
    );
    await db?.drop();
    tmp.cleanup();
  });

  it('all three share the rate limit in Redis and see the database', async () => {
    for (const s of fleet) {
      const health = await (await fetch(`${s.url}/healthz`)).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok', rate_limit: { backend: 'redis' } });
    }
  });

  it('serves an import made through the CLI from all three', async () => {
    const auth = newKey('import');
    const number = '12064209999';
    const before = await (await postNumbers(fleet[0].url, auth, [number])).json();
    writeFileSync(path.join(tmp.dir, 'ported.csv'), 'tn,spid,sv_type\n2064209999,683G,wireless\n');
    expect(cli('import', 'ported', path.join(tmp.dir, 'ported.csv')).status).toBe(0);
    const expected = JSON.parse(cli('check', '--json', number).stdout);
    expect(expected).not.toEqual(before);
    for (const s of fleet) {
      const served = await eventually(async () => {
        const res = await postNumbers(s.url, auth, [number]);
        return res.status === 200 && isDeepStrictEqual(await res.json(), expected);
      });
      expect(served, `${s.url} serves the import`).toBe(true);
    }
  });

  it('refuses a key revoked through the CLI on all three', async () => {
    const auth = newKey('revoked');
    for (const s of fleet) expect((await postNumbers(s.url, auth, ['12064205780'])).status).toBe(200);
    expect(cli('keys', 'revoke', auth.split(':')[0]).status).toBe(0);
    for (const s of fleet) {
      const refused = await eventually(
        async () => (await postNumbers(s.url, auth, ['12064205780'])).status === 401,
      );
      expect(refused, `${s.url} refuses the revoked key`).toBe(true);
    }
  });

  it('holds the rate limit across the three: together they allow the limit, no more', async () => {
    const auth = newKey('limited');
    await awayFromWindowEdge(15);
    const statuses: number[] = [];
    // Twice the limit, spread evenly over the three, a few at a time.
    for (let i = 0; i < 2 * LIMIT; i += 6) {
      const batch = Array.from({ length: 6 }, (_, j) =>
        postNumbers(fleet[(i + j) % 3].url, auth, ['12064205780']),
      );
      for (const res of await Promise.all(batch)) statuses.push(res.status);
    }
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
  });

  it('keeps answering on the other two when one is killed', async () => {
    const auth = newKey('survivors');
    const [victim, ...survivors] = fleet;
    const failures: string[] = [];
    let answered = 0;
    let stop = false;
    const load = (s: Served) =>
      (async () => {
        while (!stop) {
          const res = await postNumbers(s.url, auth, ['12064205780']).catch((e: Error) => e);
          if (res instanceof Error || res.status !== 200) {
            failures.push(`${s.url}: ${res instanceof Error ? res.message : res.status}`);
          } else answered++;
          await sleep(20);
        }
      })();
    const loads = survivors.map(load);
    await sleep(300);
    const exited = new Promise((r) => victim.child.once('exit', r));
    victim.child.kill('SIGKILL');
    await exited;
    const atKill = answered;
    await eventually(async () => answered >= atKill + 20);
    stop = true;
    await Promise.all(loads);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThanOrEqual(atKill + 20);
    await expect(fetch(`${victim.url}/healthz`)).rejects.toThrow();
    for (const s of survivors) expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });
});
