// Rows 8 and 9: `portcheck serve --database-url` on the bench dataset in PostgreSQL, to /healthz 200
// (polled every 20 ms). Row 8 is the cold start: no snapshot file, every row read from PostgreSQL.
// Row 9 is the start with the instance's snapshot file present (written by a first, unmeasured start).
// Baseline for both: a bare `node -e ''`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, run, stopChild } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { CLI } from '../lib/paths.js';
import { filledPostgres, postgresAbsent } from '../lib/postgres.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult, type Target } from '../lib/table.js';

const POLL_MS = 20;
const GIVE_UP_MS = 600_000;

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Milliseconds from spawning `portcheck serve` to its first /healthz 200; the server is stopped after. */
export async function timeToHealthy(databaseUrl: string, snapshotFile: string): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/healthz`;
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--database-url', databaseUrl, '--port', String(port)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'warn', PORTCHECK_SNAPSHOT_FILE: snapshotFile },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    for (;;) {
      if (await healthy(url)) return performance.now() - t0;
      if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode}): ${stderr}`);
      if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`no /healthz 200 within ${GIVE_UP_MS} ms`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await stopChild(child);
  }
}

async function bareNode(): Promise<number> {
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push((await run(process.execPath, ['-e', ''])).ms);
  return median(bare);
}

function notMeasured(row: number, what: string, target: Target, why: string): RowResult {
  return judge({
    row,
    what,
    figure: null,
    unit: 'ms',
    baseline: null,
    baselineUnit: "ms node -e ''",
    ratio: null,
    target,
    notes: [`not measured: ${why}`],
  });
}

export async function pgColdStartRow(ctx: BenchContext): Promise<RowResult> {
  const ported = ctx.data.generated.manifest.files['ported.csv']?.rows ?? ctx.size.ported;
  const what = `cold start on PostgreSQL, no snapshot file, ${ported.toLocaleString('en-US')} ported numbers: \`serve\` to /healthz 200`;
  const target = { kind: 'figure-max', value: 15_000, unit: 'ms' } as const;
  const absent = (existsSync(CLI) ? null : `${CLI} does not exist: build first`) ?? (await postgresAbsent());
  if (absent) {
    ctx.log(`  skipped: ${absent}`);
    return notMeasured(8, what, target, absent);
  }
  const db = await filledPostgres(ctx);
  const baseline = await bareNode();
  const cold: number[] = [];
  for (let i = 0; i < ctx.size.coldStarts; i++) {
    cold.push(await timeToHealthy(db.url, 'off'));
    ctx.log(`  cold start: ${Math.round(cold[i])} ms`);
  }
  const figure = median(cold);
  return judge({
    row: 8,
    what,
    figure,
    unit: 'ms',
    baseline,
    baselineUnit: "ms node -e ''",
    ratio: figure / baseline,
    target,
    notes: [`cold starts [${cold.map(Math.round).join(', ')}] ms (PORTCHECK_SNAPSHOT_FILE=off)`],
    samples: { coldMs: cold },
  });
}

export async function pgWarmStartRow(ctx: BenchContext): Promise<RowResult> {
  const what = 'start-up on PostgreSQL with the snapshot file present: `serve` to /healthz 200';
  const target = { kind: 'figure-max', value: 3000, unit: 'ms' } as const;
  const absent = (existsSync(CLI) ? null : `${CLI} does not exist: build first`) ?? (await postgresAbsent());
  if (absent) {
    ctx.log(`  skipped: ${absent}`);
    return notMeasured(9, what, target, absent);
  }
  const db = await filledPostgres(ctx);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portcheck-bench-pg-start-'));
  const file = path.join(dir, 'instance.snapshot');
  try {
    const first = await timeToHealthy(db.url, file);
    if (!existsSync(file)) throw new Error(`the first start wrote no snapshot file at ${file}`);
    const written = statSync(file).mtimeMs;
    ctx.log(`  first start (writes the file): ${Math.round(first)} ms`);
    const baseline = await bareNode();
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) warm.push(await timeToHealthy(db.url, file));
    const figure = median(warm);
    const kept = statSync(file).mtimeMs === written;
    return judge({
      row: 9,
      what,
      figure,
      unit: 'ms',
      baseline,
      baselineUnit: "ms node -e ''",
      ratio: figure / baseline,
      target,
      notes: [
        `starts with the file [${warm.map(Math.round).join(', ')}] ms; the first start, which wrote it, ${Math.round(first)} ms; the file was ${kept ? 'trusted, not rewritten' : 'REWRITTEN on a start with a current file'}`,
      ],
      samples: { warmMs: warm, firstMs: [first] },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
