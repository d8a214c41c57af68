// Row 10: three `portcheck serve` instances on the bench dataset in PostgreSQL (each with its own
// snapshot file, as README's "Running several instances" advises); a one-row `portcheck import ported`
// through the CLI; the time from its commit (its summary line, printed right after the commit) until
// the last of the three serves the new data version (/healthz `data_version`, polled every 10 ms).
// Median of three imports. No baseline: the target is a figure.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/open.js';
import { freePort, stopChild, waitExit } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { CLI } from '../lib/paths.js';
import { filledPostgres, postgresAbsent } from '../lib/postgres.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

const INSTANCES = 3;
const POLL_MS = 10;
const GIVE_UP_MS = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function dataVersionOf(url: string): Promise<number | null> {
  try {
    const res = await fetch(`${url}/healthz`);
    if (res.status !== 200) {
      await res.arrayBuffer();
      return null;
    }
    return ((await res.json()) as { data_version: number }).data_version;
  } catch {
    return null;
  }
}

/** Spawns one instance and resolves with its URL once /healthz answers 200. */
async function startInstance(
  databaseUrl: string,
  snapshotFile: string,
  children: ChildProcess[],
): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--database-url', databaseUrl, '--port', String(port)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        PORTCHECK_SNAPSHOT_FILE: snapshotFile,
        PORTCHECK_RATE_LIMIT: '0',
      },
    },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const t0 = performance.now();
  while ((await dataVersionOf(url)) === null) {
    if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode}): ${stderr}`);
    if (performance.now() - t0 > GIVE_UP_MS) throw new Error(`no /healthz 200 within ${GIVE_UP_MS} ms`);
    await sleep(50);
  }
  return url;
}

/** Runs `portcheck import ported file`; resolves with the moment its summary line (after the commit) arrived. */
async function importAndNoteCommit(file: string, databaseUrl: string): Promise<number> {
  const child = spawn(process.execPath, [CLI, 'import', 'ported', file, '--database-url', databaseUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORTCHECK_SNAPSHOT_FILE: 'off' },
  });
  let committedAt: number | null = null;
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    committedAt ??= performance.now();
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exit = await waitExit(child);
  if (exit.code !== 0 || committedAt === null) throw new Error(`portcheck import failed: ${output.trim()}`);
  return committedAt;
}

export async function fleetReloadRow(ctx: BenchContext): Promise<RowResult> {
  const what = `import committed → served by all of ${INSTANCES} instances on PostgreSQL`;
  const target = { kind: 'figure-max', value: 5000, unit: 'ms' } as const;
  const absent = (existsSync(CLI) ? null : `${CLI} does not exist: build first`) ?? (await postgresAbsent());
  if (absent) {
    ctx.log(`  skipped: ${absent}`);
    return judge({
      row: 10,
      what,
      figure: null,
      unit: 'ms',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target,
      notes: [`not measured: ${absent}`],
    });
  }
  const db = await filledPostgres(ctx);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portcheck-bench-fleet-'));
  const children: ChildProcess[] = [];
  try {
    const urls = await Promise.all(
      Array.from({ length: INSTANCES }, (_, i) =>
        startInstance(db.url, path.join(dir, `${i}.snapshot`), children),
      ),
    );
    // One number taken out and put back in turn: each import a real change, the dataset as it was after two.
    const row = '2012000199,BNCH,wireless,,';
    const files = ['delete', 'upsert', 'delete'].map((action, i) => {
      const file = path.join(dir, `delta-${i}.csv`);
      writeFileSync(file, `tn,spid,sv_type,lrn,alt_spid,action\n${row},${action}\n`);
      return file;
    });
    const store = await openStore({ databaseUrl: db.url });
    const lags: number[] = [];
    const perInstance: number[][] = [];
    try {
      // Put the number in first, so that the first delete removes something.
      await importAndNoteCommit(files[1], db.url);
      for (const file of files) {
        const before = (await store.dataVersion()).version;
        const committedAt = await importAndNoteCommit(file, db.url);
        const version = (await store.dataVersion()).version;
        if (version <= before) throw new Error(`the import did not move the data version (${before})`);
        const servedAt = await Promise.all(
          urls.map(async (url) => {
            for (;;) {
              const v = await dataVersionOf(url);
              if (v !== null && v >= version) return performance.now();
              if (performance.now() - committedAt > GIVE_UP_MS)
                throw new Error(`${url} never served ${version}`);
              await sleep(POLL_MS);
            }
          }),
        );
        const each = servedAt.map((t) => Math.max(0, t - committedAt));
        perInstance.push(each);
        lags.push(Math.max(...each));
        ctx.log(
          `  version ${version}: served by all after ${Math.round(lags.at(-1)!)} ms [${each.map(Math.round).join(', ')}]`,
        );
      }
    } finally {
      await store.close();
    }
    const figure = median(lags);
    return judge({
      row: 10,
      what,
      figure,
      unit: 'ms',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target,
      notes: [
        `from the import's summary line (printed after its commit) to the last instance's /healthz data_version; per import, per instance: ${perInstance.map((e) => `[${e.map(Math.round).join(', ')}]`).join(' ')} ms`,
      ],
      samples: { lastInstanceMs: lags },
    });
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
    rmSync(dir, { recursive: true, force: true });
  }
}
