// Row 11: what counting the rate limit across the fleet in Redis costs on the one-number path:
// requests per second with the Redis count vs the in-memory one (and none, in the notes), the same
// server in turn (lib/rate-limit-cost.ts). The issue sets no target for it; the row holds it to row 3's
// floor, counted against the in-memory limit.
import net from 'node:net';
import type { BenchContext } from '../lib/context.js';
import { CONNECTIONS, measureRateLimitCost } from '../lib/rate-limit-cost.js';
import { judge, type RowResult } from '../lib/table.js';

export const BENCH_REDIS_URL = process.env.PORTCHECK_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function rateLimitRow(ctx: BenchContext, rounds: number): Promise<RowResult> {
  const what = `one-number requests per second, rate limit counted in Redis vs in memory, ${CONNECTIONS} connections`;
  const target = { kind: 'ratio-min', value: 0.8 } as const;
  if (!(await redisAnswers(BENCH_REDIS_URL))) {
    const why = `Redis does not answer at ${BENCH_REDIS_URL} (PORTCHECK_BENCH_REDIS_URL)`;
    ctx.log(`  skipped: ${why}`);
    return judge({
      row: 11,
      what,
      figure: null,
      unit: 'req/s',
      baseline: null,
      baselineUnit: 'req/s memory',
      ratio: null,
      target,
      notes: [`not measured: ${why}`],
    });
  }
  const cost = await measureRateLimitCost({
    redis: BENCH_REDIS_URL,
    rounds,
    seconds: ctx.size.cannonSeconds,
  });
  const { none, memory, redis } = cost.reqPerSecond;
  return judge({
    row: 11,
    what,
    figure: redis,
    unit: 'req/s',
    baseline: memory,
    baselineUnit: 'req/s in-memory limit',
    ratio: redis / memory,
    target,
    notes: [
      `no limit ${none.toLocaleString('en-US')} req/s (Redis / none ${cost.redisOverNone}×); medians of ${rounds} run(s) of ${cost.seconds} s each, alternating; the Redis limiter after the runs: ${JSON.stringify(cost.redisLimiter)}`,
      'target set by the bench (row 3 floor), not by the issue',
    ],
    samples: cost.samples,
  });
}
