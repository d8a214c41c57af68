import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHttpApp, openService, type RunningServer, startServer } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/http/logger.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { seedStore } from '../support/store-dataset.js';
import { basic } from './helper.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

let dir: string;
let running: RunningServer | null = null;
const logs: string[] = [];

async function start(): Promise<RunningServer> {
  dir = mkdtempSync(join(tmpdir(), 'portcheck-http-'));
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ port: 0, dbPath: join(dir, 'pc.db'), reloadIntervalMs: 100 }, {});
  running = await startServer(config, {
    logger: createLogger('info', sink),
    handleSignals: false,
    seedDemo: false,
  });
  return running;
}

afterEach(async () => {
  await running?.close();
  running = null;
  logs.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

function check(server: RunningServer, key: { accessKey: string; secretKey: string }, body: unknown) {
  return fetch(`${server.url}/portorders/portability`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: basic(key.accessKey, key.secretKey) },
    body: JSON.stringify(body),
  });
}

describe('startServer on the SQLite store', () => {
  it('serves an import made by another connection (live reload), giving the seed response', async () => {
    const server = await start();
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', data_version: 0 });

    // Another "process": its own store on the same file imports the seed datasets and creates a key.
    const other = SqliteStore.open(join(dir, 'pc.db'));
    await seedStore(other);
    const key = await createApiKey(other, 'client');
    const version = (await other.dataVersion()).version;
    await other.close();

    await expect
      .poll(async () => (await (await fetch(`${server.url}/healthz`)).json()).data_version, {
        timeout: 10_000,
      })
      .toBe(version);
    const res = await check(server, key, fixture('request.json'));
    expect(res.status).toBe(200);
    const body = await res.json();
    const expected = fixture('response.json');
    for (const b of [body, expected]) for (const d of b.data.nonportable.details) d.detail = '';
    expect(body).toEqual(expected);
  });

  it('shuts down gracefully: a request in flight finishes, then the store closes', async () => {
    const server = await start();
    const key = await createApiKey(server.store, 'client');
    const keys = server.store.keys;
    const realList = keys.list.bind(keys);
    let arrived!: () => void;
    const arrivedP = new Promise<void>((r) => {
      arrived = r;
    });
    let release!: () => void;
    const releaseP = new Promise<void>((r) => {
      release = r;
    });
    keys.list = async () => {
      arrived();
      await releaseP; // the request is now in flight, inside the auth hook
      return realList();
    };

    const inFlight = check(server, key, { numbers: ['12064205780'] });
    await arrivedP;
    const closed = server.close();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    await closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    expect(logs.join('')).toContain('"msg":"stopped"');
  });
});

describe('the composition root', () => {
  it('builds config → store → holder → verifier → app, the app using those very parts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcheck-http-'));
    const config = loadConfig({ dbPath: join(dir, 'pc.db'), logLevel: 'silent' }, {});
    const service = await openService(config);
    try {
      const app = await buildHttpApp(service);
      expect(app.keyVerifier).toBe(service.verifier);
      await service.holder.load();
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await app.close();
    } finally {
      await service.close();
    }
  });

  it('refuses a missing database file when asked to (commands that only read)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcheck-http-'));
    const config = loadConfig({ dbPath: join(dir, 'none.db') }, {});
    await expect(openService(config, { mustExist: true })).rejects.toThrow(/no database at/);
  });
});
