// What counting the per-key rate limit in Redis costs on the one-number path (see
// lib/rate-limit-cost.ts; row 11 of `npm run bench` measures the same), printed as one JSON line.
//
//   node dist/bench/rate-limit-cost.js [--redis redis://127.0.0.1:6379] [--rounds 3] [--seconds 5]
import { measureRateLimitCost } from './lib/rate-limit-cost.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const { samples: _, ...cost } = await measureRateLimitCost({
    redis: arg('redis', 'redis://127.0.0.1:6379'),
    rounds: Number(arg('rounds', '3')),
    seconds: Number(arg('seconds', '5')),
  });
  process.stdout.write(`${JSON.stringify(cost)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
