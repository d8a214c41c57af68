// `npm run bench [-- --quick] [-- --rows 1,2]`: generates the dataset (cached
// in bench/.cache/), builds the bench database from it with the real import
// code, measures every row against its baseline in this one run, and prints
// the machine and a markdown table (also saved as bench/.cache/last-results.json;
// quick and partial runs save last-results-quick.json, last-results-rows-1-2.json…).
// Progress goes to stderr, the table to stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createContext } from './lib/context.js';
import { ensureDatabase, ensureDataset, SIZES } from './lib/dataset.js';
import { loadNow, machine, machineText } from './lib/machine.js';
import { CACHE_DIR, RESULTS_FILE } from './lib/paths.js';
import { dropFilledPostgres } from './lib/postgres.js';
import { judge, type RowResult, renderMarkdown, type Target } from './lib/table.js';
import { judgeRow } from './rows/1-judge.js';
import { httpBatchRow } from './rows/2-http-batch.js';
import { httpSingleRow } from './rows/3-http-single.js';
import { memoryRow } from './rows/4-memory.js';
import { startupRow } from './rows/5-startup.js';
import { importRow } from './rows/6-import.js';
import { pgImportRow } from './rows/7-pg-import.js';
import { pgColdStartRow, pgWarmStartRow } from './rows/8-pg-startup.js';
import { fleetReloadRow } from './rows/10-fleet-reload.js';
import { rateLimitRow } from './rows/11-rate-limit.js';
import { ordersCreateRow } from './rows/12-orders-create.js';
import { ordersConcurrentRow } from './rows/13-orders-concurrent.js';
import { ordersListRow } from './rows/14-orders-list.js';
import { webhooksKillRow } from './rows/17-webhooks-kill.js';
import { webhookLatencyRow, webhookThroughputRow } from './webhooks.js';

interface Args {
  quick: boolean;
  rows: Set<number>;
  /** autocannon rounds per side (row 3). */
  rounds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    quick: false,
    rows: new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]),
    rounds: 2,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--rows') args.rows = new Set(argv[++i].split(',').map(Number));
    else if (a === '--rounds') args.rounds = Math.max(1, Number(argv[++i]));
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--rows 1,2,...,17] [--rounds 2]\n');
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  return args;
}

const TARGETS: Record<number, { what: string; target: Target }> = {
  1: { what: 'judge + group in-process', target: { kind: 'ratio-max', value: 0.5 } },
  2: { what: 'one POST of 100,000 numbers', target: { kind: 'ratio-max', value: 1.5 } },
  3: { what: 'one-number requests per second', target: { kind: 'ratio-min', value: 0.8 } },
  4: {
    what: 'snapshot memory per ported number',
    target: { kind: 'figure-max', value: 6, unit: 'B/ported' },
  },
  5: { what: 'start-up to /healthz 200', target: { kind: 'figure-max', value: 3000, unit: 'ms' } },
  6: { what: 'import of ported.csv', target: { kind: 'ratio-max', value: 1.5 } },
  7: { what: 'import of ported.csv into PostgreSQL', target: { kind: 'ratio-max', value: 1.5 } },
  8: {
    what: 'cold start on PostgreSQL (no snapshot file)',
    target: { kind: 'figure-max', value: 15_000, unit: 'ms' },
  },
  9: {
    what: 'start-up on PostgreSQL with the snapshot file',
    target: { kind: 'figure-max', value: 3000, unit: 'ms' },
  },
  10: {
    what: 'import committed → served by all of 3 instances',
    target: { kind: 'figure-max', value: 5000, unit: 'ms' },
  },
  11: { what: 'rate limit counted in Redis vs in memory', target: { kind: 'ratio-min', value: 0.8 } },
  12: { what: 'create port orders for 10,000 numbers', target: { kind: 'ratio-max', value: 3 } },
  13: {
    what: '1,000 concurrent order actions, 2 instances on PostgreSQL',
    target: { kind: 'figure-max', value: 0, unit: 'failed or lost' },
  },
  14: {
    what: 'first page of an order list over 1,000,000 orders',
    target: { kind: 'figure-max', value: 50, unit: 'ms' },
  },
  15: {
    what: 'webhook deliveries per second',
    target: { kind: 'figure-min', value: 1000, unit: 'deliveries/s' },
  },
  16: { what: 'webhook p99 commit → first attempt', target: { kind: 'figure-max', value: 1000, unit: 'ms' } },
  17: {
    what: 'webhook events lost across kill -9 under load',
    target: { kind: 'figure-max', value: 0, unit: 'lost' },
  },
};

/** A row that threw: reported as not measured, with the reason. */
function failed(row: number, err: unknown): RowResult {
  const message = err instanceof Error ? err.message : String(err);
  return judge({
    row,
    what: TARGETS[row].what,
    figure: null,
    unit: '',
    baseline: null,
    baselineUnit: '',
    ratio: null,
    target: TARGETS[row].target,
    notes: [`not measured: ${message.split('\n')[0]}`],
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const size = args.quick ? SIZES.quick : SIZES.full;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = performance.now();
  mkdirSync(CACHE_DIR, { recursive: true });

  log(`dataset (${size.name}): ${size.ported.toLocaleString('en-US')} ported, ${size.npas ?? 'all'} NPAs`);
  const data = await ensureDataset(size, log);
  log(
    `  ${data.generated.cached ? 'reused' : 'generated'} in ${data.generated.seconds.toFixed(1)} s: ${data.dir}`,
  );
  const db = await ensureDatabase(data, log);
  const ctx = createContext(size, data, db, log);
  const loadAtStart = loadNow();

  const rows: RowResult[] = [];
  const steps: Array<[number, () => Promise<RowResult>]> = [
    [1, () => judgeRow(ctx)],
    [2, () => httpBatchRow(ctx)],
    [3, () => httpSingleRow(ctx, args.rounds)],
    [4, () => memoryRow(ctx)],
    [5, () => startupRow(ctx)],
    [6, () => importRow(ctx)],
    [7, () => pgImportRow(ctx)],
    [8, () => pgColdStartRow(ctx)],
    [9, () => pgWarmStartRow(ctx)],
    [10, () => fleetReloadRow(ctx)],
    [11, () => rateLimitRow(ctx, args.rounds)],
    [12, () => ordersCreateRow(ctx)],
    [13, () => ordersConcurrentRow()],
    [14, () => ordersListRow(ctx)],
    [15, () => webhookThroughputRow(args.quick ? 2000 : 10_000)],
    [16, () => webhookLatencyRow(args.quick ? 300 : 1000)],
    [17, () => webhooksKillRow()],
  ];
  try {
    for (const [row, step] of steps) {
      if (!args.rows.has(row)) continue;
      if (row >= 4) await ctx.stopServers();
      log(`row ${row}: ${TARGETS[row].what}`);
      const t0 = performance.now();
      const result = await step().catch((err: unknown) => failed(row, err));
      log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      rows.push(result);
    }
  } finally {
    await ctx.stopServers();
    await dropFilledPostgres();
  }

  const m = machine(loadAtStart);
  const command = `npm run bench${args.quick ? ' -- --quick' : ''}`;
  const markdown = renderMarkdown(rows);
  const header = `${machineText(m)}\nDataset: ${size.name} — ${JSON.stringify(data.generated.manifest.options)}; command: \`${command}\``;
  process.stdout.write(`\n${header}\n\n${markdown}\n`);
  // Quick and partial (--rows) runs never overwrite the last full table.
  const all = steps.every(([row]) => args.rows.has(row));
  const suffix = `${args.quick ? '-quick' : ''}${all ? '' : `-rows-${[...args.rows].sort((a, b) => a - b).join('-')}`}`;
  const resultsFile = RESULTS_FILE.replace(/\.json$/, `${suffix}.json`);
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        command,
        machine: m,
        size,
        dataset: data.generated.manifest,
        seconds: Math.round((performance.now() - started) / 1000),
        rows,
        markdown,
      },
      null,
      2,
    )}\n`,
  );
  log(`results: ${resultsFile}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
