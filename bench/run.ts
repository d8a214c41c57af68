// `npm run bench [-- --quick] [-- --rows 1,2]`: generates the dataset (cached
// in bench/.cache/), builds the bench database from it with the real import
// code, measures every row against its baseline in this one run, and prints
// the machine and a markdown table (also saved as bench/.cache/last-results.json;
// quick and partial runs save last-results-quick.json, last-results-rows-12.json…).
// Progress goes to stderr, the table to stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createContext } from './lib/context.js';
import { ensureDatabase, ensureDataset, SIZES } from './lib/dataset.js';
import { loadNow, machine, machineText } from './lib/machine.js';
import { CACHE_DIR, RESULTS_FILE } from './lib/paths.js';
import { judge, type RowResult, renderMarkdown, type Target } from './lib/table.js';
import { judgeRow } from './rows/1-judge.js';
import { httpBatchRow } from './rows/2-http-batch.js';
import { httpSingleRow } from './rows/3-http-single.js';
import { memoryRow } from './rows/4-memory.js';
import { startupRow } from './rows/5-startup.js';
import { importRow } from './rows/6-import.js';
import { ordersCreateRow } from './rows/12-orders-create.js';
import { ordersListRow } from './rows/14-orders-list.js';
import { webhookLatencyRow, webhookThroughputRow } from './webhooks.js';

interface Args {
  quick: boolean;
  rows: Set<number>;
  /** autocannon rounds per side (row 3). */
  rounds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { quick: false, rows: new Set([1, 2, 3, 4, 5, 6, 12, 14, 15, 16]), rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--rows') args.rows = new Set(argv[++i].split(',').map(Number));
    else if (a === '--rounds') args.rounds = Math.max(1, Number(argv[++i]));
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--rows 1,2,3,4,5,6,7,8] [--rounds 2]\n');
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
  12: { what: 'create port orders for 10,000 numbers', target: { kind: 'ratio-max', value: 3 } },
  14: {
    what: 'first page of an order list over 1,000,000 orders',
    target: { kind: 'figure-max', value: 50, unit: 'ms' },
  },
  15: {
    what: 'webhook deliveries per second',
    target: { kind: 'figure-min', value: 1000, unit: 'deliveries/s' },
  },
  16: { what: 'webhook p99 commit → first attempt', target: { kind: 'figure-max', value: 1000, unit: 'ms' } },
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
    [12, () => ordersCreateRow(ctx)],
    [14, () => ordersListRow(ctx)],
    [15, () => webhookThroughputRow(args.quick ? 2000 : 10_000)],
    [16, () => webhookLatencyRow(args.quick ? 300 : 1000)],
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
  }

  const m = machine(loadAtStart);
  const command = `npm run bench${args.quick ? ' -- --quick' : ''}`;
  const markdown = renderMarkdown(rows);
  const header = `${machineText(m)}\nDataset: ${size.name} — ${JSON.stringify(data.generated.manifest.options)}; command: \`${command}\``;
  process.stdout.write(`\n${header}\n\n${markdown}\n`);
  // Quick and partial (--rows) runs never overwrite the last full table.
  const all = steps.every(([row]) => args.rows.has(row));
  const suffix = `${args.quick ? '-quick' : ''}${all ? '' : `-rows-${[...args.rows].sort().join('')}`}`;
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
