// Row 5: from `portcheck serve` on the bench database to /healthz 200,
// polled every 20 ms. Warm (the snapshot cache file beside the database) is
// the row; cold (file removed) is an extra line. Baseline: a bare `node -e ''`.
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { loadSnapshot } from '../../src/cache/snapshot-file.js';
import { openStore } from '../../src/store/open.js';
import { freePort, run, stopChild } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { CLI } from '../lib/paths.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

const POLL_MS = 20;
const TARGET_MS = 3000;
const GIVE_UP_MS = 600_000;

interface Start {
  ms: number;
  /** Whether the cache file was there (and its mtime) after the start. */
  cacheAfter: number | null;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

const mtime = (file: string) => (existsSync(file) ? statSync(file).mtimeMs : null);

async function startOnce(ctx: BenchContext): Promise<Start> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/healthz`;
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--db', ctx.db, '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    for (;;) {
      if (await healthy(url)) break;
      if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode}): ${stderr}`);
      if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`no /healthz 200 within ${GIVE_UP_MS} ms`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    const ms = performance.now() - t0;
    return { ms, cacheAfter: mtime(ctx.cacheFile) };
  } finally {
    await stopChild(child);
  }
}

export async function startupRow(ctx: BenchContext): Promise<RowResult> {
  const target = { kind: 'figure-max', value: TARGET_MS, unit: 'ms' } as const;
  const what = 'start-up: `portcheck serve` to /healthz 200 (warm: snapshot cache file present)';
  if (!existsSync(CLI)) {
    return judge({
      row: 5,
      what,
      figure: null,
      unit: 'ms',
      baseline: null,
      baselineUnit: 'ms',
      ratio: null,
      target,
      notes: [`${CLI} does not exist: the CLI has not been built or has not landed yet`],
    });
  }
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) bare.push((await run(process.execPath, ['-e', ''])).ms);

  await ctx.snapshot(); // writes the cache file when missing or stale
  const warm: number[] = [];
  const warmMtime = mtime(ctx.cacheFile);
  for (let i = 0; i < 3; i++) warm.push((await startOnce(ctx)).ms);
  const rewrittenWarm = mtime(ctx.cacheFile) !== warmMtime;

  const cold: number[] = [];
  let serverWritesCache = false;
  for (let i = 0; i < ctx.size.coldStarts; i++) {
    rmSync(ctx.cacheFile, { force: true });
    const start = await startOnce(ctx);
    cold.push(start.ms);
    // A server that uses the cache rewrites it while loading, before /healthz says 200.
    if (start.cacheAfter !== null) serverWritesCache = true;
  }
  if (!existsSync(ctx.cacheFile)) {
    // Put it back for whoever runs next (a stale file would be ignored anyway).
    const store = await openStore({ dbPath: ctx.db });
    await loadSnapshot(store, ctx.cacheFile).finally(() => store.close());
  }

  const figure = median(warm);
  const baseline = median(bare);
  const notes = [
    `cold (no cache file): median ${Math.round(median(cold))} ms of ${cold.length} [${cold.map(Math.round).join(', ')}]; warm runs [${warm.map(Math.round).join(', ')}] ms`,
  ];
  if (!serverWritesCache) {
    notes.push(
      'the server did not write the snapshot cache file after a cold start: it does not use src/cache/snapshot-file.ts yet, so "warm" is a load from the database too',
    );
  } else if (rewrittenWarm) {
    notes.push('the server rewrote a current cache file on a warm start (it should have trusted it)');
  } else {
    notes.push('the server wrote the cache file on a cold start and kept the current one on warm starts');
  }
  return judge({
    row: 5,
    what,
    figure,
    unit: 'ms',
    baseline,
    baselineUnit: "ms node -e ''",
    ratio: figure / baseline,
    target,
    notes,
    samples: { warmMs: warm, coldMs: cold, bareNodeMs: bare },
  });
}
