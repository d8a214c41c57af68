// A running `portcheck serve` and imports made by other processes on the same database.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, postNumbers, run, type Served, serve, tempDir } from './helpers.js';

const tmp = tempDir();
let server: Served | null = null;

beforeAll(() => ensureBuilt());
afterAll(async () => {
  if (server && server.child.exitCode === null) await server.stop();
  tmp.cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 100 ms until it returns something other than undefined; gives up after 10 s. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  for (let waited = 0; waited <= 10_000; waited += 100) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

interface Health {
  data_version: number;
  loaded_at: string;
}
const health = async (s: Served) => (await (await fetch(`${s.url}/healthz`)).json()) as Health;

describe('live reload across processes', () => {
  it('serves an import finished by another process, and keeps serving when a reload fails', async () => {
    server = await serve(['--db', tmp.db], { PORTCHECK_RELOAD_INTERVAL_MS: '500', LOG_LEVEL: 'error' });
    const s = server;
    const auth = await eventually('the demo key', () => {
      const out = s.errorOutput(); // the demo key goes to the terminal (stderr), never the JSON log
      const access = /access key: (\S+)/.exec(out);
      const secret = /secret key: (\S+)/.exec(out);
      return access && secret ? `${access[1]}:${secret[1]}` : undefined;
    });
    const fate = async () => {
      const body = (await (await postNumbers(s.url, auth, ['12064205780'])).json()) as {
        data: { portable: { numbers: string[] }; nonportable: { details: { reason: string }[] } };
      };
      return body.data.portable.numbers.length === 1 ? 'portable' : body.data.nonportable.details[0].reason;
    };
    expect(await fate()).toBe('portable');
    const first = await health(s);

    // Another process marks the demo exchange 206-420 not LNP-capable.
    const blocks = path.join(tmp.dir, 'blocks.csv');
    writeFileSync(
      blocks,
      'npa,nxx,block_id,lata,ocn,rate_center,state,portable\n206,420,A,674,8824,SEATTLE,WA,N\n',
    );
    const imported = run(['import', 'blocks', blocks, '--db', tmp.db]);
    expect(imported.status).toBe(0);

    const changed = await eventually('a new answer', async () => {
      const now = await fate();
      return now === 'portable' ? undefined : now;
    });
    expect(changed).toBe('not_lnp_capable');
    const second = await health(s);
    expect(second.data_version).toBeGreaterThan(first.data_version);
    expect(Date.parse(second.loaded_at)).toBeGreaterThan(Date.parse(first.loaded_at));

    // A version the server cannot load (a table gone missing under it): the reload fails and is logged,
    // and the previous snapshot keeps answering.
    const raw = new Database(tmp.db);
    raw.exec('ALTER TABLE tollfree RENAME TO tollfree_away; UPDATE meta SET data_version = data_version + 1');
    await eventually('the failed reload in the log', () =>
      /reload failed; still serving the previous snapshot/.test(s.output()) ? true : undefined,
    );
    expect(s.output()).toMatch(/no such table: tollfree/);
    expect(await health(s)).toEqual(second);
    expect(await fate()).toBe('not_lnp_capable');

    // Once the data can be read again, the next poll loads it.
    raw.exec('ALTER TABLE tollfree_away RENAME TO tollfree; UPDATE meta SET data_version = data_version + 1');
    const version = raw.prepare('SELECT data_version FROM meta').pluck().get() as number;
    raw.close();
    const third = await eventually('the recovered reload', async () => {
      const h = await health(s);
      return h.data_version === version ? h : undefined;
    });
    expect(third.data_version).toBe(second.data_version + 2);
    expect(await fate()).toBe('not_lnp_capable');
    expect(await s.stop()).toBe(0);
  }, 60_000);
});
