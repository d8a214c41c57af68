// What counting the per-key rate limit in Redis costs on the one-number path: the same server over
// one demo database with no limit, the in-memory limit and the Redis one, all in this process,
// autocannon runs alternating between them; each figure is the median of its runs' average requests
// per second. Used by `node dist/bench/rate-limit-cost.js` and by row 11 of `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type RunningServer, startServer } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { median } from './stats.js';

export const CONNECTIONS = 50;
const BODY = JSON.stringify({ numbers: ['12064205780'] });

export interface RateLimitCost {
  connections: number;
  rounds: number;
  seconds: number;
  /** Median requests per second of each server: `none`, `memory`, `redis`. */
  reqPerSecond: Record<string, number>;
  redisOverNone: number;
  redisOverMemory: number;
  /** The Redis server's /healthz `rate_limit`, after the runs (not degraded if Redis counted them all). */
  redisLimiter: unknown;
  samples: Record<string, number[]>;
}

export async function measureRateLimitCost(options: {
  redis: string;
  rounds: number;
  seconds: number;
}): Promise<RateLimitCost> {
  const { redis, rounds, seconds } = options;
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-rl-cost-'));
  const dbPath = join(dir, 'p.db');
  const base = { dbPath, port: 0, logLevel: 'warn' as const };
  const quiet = { handleSignals: false, print: () => {} };
  const servers: Record<string, RunningServer> = {};
  try {
    servers.none = await startServer(loadConfig({ ...base, rateLimitPerMinute: 0 }, {}), quiet);
    const key = servers.none.demoKey;
    if (!key) throw new Error('the demo database was not seeded');
    const big = 1_000_000_000; // never reached: the cost of counting, not of refusing
    servers.memory = await startServer(loadConfig({ ...base, rateLimitPerMinute: big }, {}), {
      ...quiet,
      seedDemo: false,
    });
    servers.redis = await startServer(loadConfig({ ...base, rateLimitPerMinute: big, redisUrl: redis }, {}), {
      ...quiet,
      seedDemo: false,
    });
    const authorization = `Basic ${Buffer.from(`${key.accessKey}:${key.secretKey}`).toString('base64')}`;
    const run = async (name: string, duration: number) => {
      const result = await autocannon({
        url: `${servers[name].url}/portorders/portability`,
        method: 'POST',
        connections: CONNECTIONS,
        duration,
        headers: { 'content-type': 'application/json', authorization },
        body: BODY,
      });
      const failed = result.non2xx + result.errors + result.timeouts;
      if (failed > 0) throw new Error(`${name}: ${failed} failed requests`);
      return result.requests.average;
    };
    const names = Object.keys(servers);
    for (const name of names) await run(name, 1); // warm-up, discarded
    const rps: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? names : [...names].reverse();
      for (const name of order) rps[name].push(await run(name, seconds));
    }
    const figure = Object.fromEntries(names.map((n) => [n, Math.round(median(rps[n]))]));
    const health = await (await fetch(`${servers.redis.url}/healthz`)).json();
    return {
      connections: CONNECTIONS,
      rounds,
      seconds,
      reqPerSecond: figure,
      redisOverNone: Math.round((figure.redis / figure.none) * 100) / 100,
      redisOverMemory: Math.round((figure.redis / figure.memory) * 100) / 100,
      redisLimiter: health.rate_limit,
      samples: rps,
    };
  } finally {
    for (const server of Object.values(servers)) await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
