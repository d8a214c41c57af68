import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { RedisRateLimiter } from '../../src/http/redis-rate-limit.js';
import { serviceReachable } from '../support/services.js';
import { FakeStore } from './fake-store.js';
import { build, post } from './helper.js';

const REDIS = 'redis://127.0.0.1:6379';
const reachable = await serviceReachable('Redis', 6379);

function limiter(options: { url?: string; perMinute: number; lines?: string[] }): RedisRateLimiter {
  const lines = options.lines;
  const log = {
    info: (_o: object, msg?: string) => lines?.push(`info ${msg}`),
    error: (_o: object, msg?: string) => lines?.push(`error ${msg}`),
  };
  const made = new RedisRateLimiter({
    url: options.url ?? REDIS,
    perMinute: options.perMinute,
    prefix: `portcheck:test:${randomUUID()}:`, // each test its own counters
    log,
  });
  onTestFinished(() => made.close());
  return made;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await sleep(20);
};

/** Windows are clock minutes: a test counting in one must not straddle two. */
async function awayFromWindowEdge(): Promise<void> {
  const into = Date.now() % 60_000;
  if (into > 57_000) await sleep(60_000 - into + 100);
}

describe.skipIf(!reachable)('rate limit counted in Redis', () => {
  it('holds across instances sharing Redis: together they allow no more than the limit', async () => {
    const prefix = `portcheck:test:${randomUUID()}:`;
    const a = new RedisRateLimiter({ url: REDIS, perMinute: 10, prefix });
    const b = new RedisRateLimiter({ url: REDIS, perMinute: 10, prefix });
    onTestFinished(async () => {
      await a.close();
      await b.close();
    });
    await until(() => !a.status().degraded && !b.status().degraded);
    await awayFromWindowEdge();
    const decisions = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).take('PKSHARED')),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    expect(a.status()).toEqual({ backend: 'redis', degraded: false });
  });

  it('two apps sharing Redis and a key: the 429s start after the limit, counted together', async () => {
    const store = new FakeStore();
    const redisUrl = REDIS;
    const one = await build({ store, config: { redisUrl, rateLimitPerMinute: 4 } });
    const two = await build({ store, config: { redisUrl, rateLimitPerMinute: 4 } });
    const health = async () => (await two.app.inject({ method: 'GET', url: '/healthz' })).json();
    await until(async () => !(await health()).rate_limit.degraded); // both clients connected
    expect((await health()).rate_limit).toEqual({ backend: 'redis', degraded: false });
    await awayFromWindowEdge();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const app = i % 2 === 0 ? one : two;
      const res = await post({ ...app, auth: one.auth }, { numbers: ['12064205780'] });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('Redis unreachable: requests still answered, counted per instance, logged once', async () => {
    const lines: string[] = [];
    const down = limiter({ url: 'redis://127.0.0.1:1', perMinute: 3, lines });
    const decisions = [];
    for (let i = 0; i < 5; i++) decisions.push(await down.take('PKDOWN'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, false]); // the per-instance limit
    await until(() => lines.length > 0);
    await sleep(300); // a few reconnect attempts fail meanwhile
    expect(lines.filter((l) => l.startsWith('error'))).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis unreachable/);
    expect(down.status()).toEqual({ backend: 'redis', degraded: true });
  });

  it('an app whose Redis is unreachable answers checks and says so on /healthz', async () => {
    const built = await build({ config: { redisUrl: 'redis://127.0.0.1:1', rateLimitPerMinute: 100 } });
    for (let i = 0; i < 5; i++) {
      expect((await post(built, { numbers: ['12064205780'] })).statusCode).toBe(200);
    }
    const health = (await built.app.inject({ method: 'GET', url: '/healthz' })).json();
    expect(health).toMatchObject({ status: 'degraded', degraded: ['rate_limit'] });
    expect(built.logs.filter((l) => l.includes('Redis unreachable'))).toHaveLength(1);
  });
});

/**
 * A Redis stand-in: +OK to the client's hand-shake, PONG to PING, :1 to
 * EVAL; while `stalled` it holds every answer back (a Redis that hangs rather
 * than refuses) and sends them, in order, on `resume()`.
 */
async function stallingRedis() {
  let stalled = false;
  const held: Array<() => void> = [];
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      for (const m of chunk.toString('latin1').matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)\r\n/g)) {
        const name = m[1].toUpperCase();
        const reply = name === 'EVAL' ? ':1\r\n' : name === 'PING' ? '+PONG\r\n' : '+OK\r\n';
        const send = () => socket.write(reply);
        if (stalled) held.push(send);
        else send();
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => {
    server.close();
  });
  return {
    url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
      for (const send of held.splice(0)) send();
    },
  };
}

describe('rate limit with a Redis that hangs', () => {
  it('a request whose count times out is still answered (per instance), logged once, and the return is logged', async () => {
    const fake = await stallingRedis();
    const lines: string[] = [];
    const rl = limiter({ url: fake.url, perMinute: 5, lines });
    await until(() => !rl.status().degraded);
    expect((await rl.take('PKHANG')).remaining).toBe(4); // counted "in Redis": :1
    fake.stall();
    const during = [];
    for (let i = 0; i < 4; i++) during.push(await rl.take('PKHANG'));
    expect(during.map((d) => d.allowed)).toEqual([true, true, true, true]); // per instance: 5 a minute
    expect(rl.status().degraded).toBe(true);
    expect(lines.filter((l) => l.startsWith('error'))).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis unreachable/);
    fake.resume();
    await until(async () => {
      await rl.take('PKHANG'); // requests while down send the probe
      return !rl.status().degraded;
    });
    expect(rl.status().degraded).toBe(false);
    expect((await rl.take('PKHANG')).remaining).toBe(4); // counted in "Redis" again
    expect(lines.filter((l) => l.startsWith('info'))).toHaveLength(1);
  });
});
