// Row 4: bytes the snapshot adds per ported number, in a fresh child process
// (heapUsed + arrayBuffers after gc, before and after loading). Measured for
// both ways a server can load it — built from the database rows, and decoded
// from the cache file — and the larger one is the figure.
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { firstJsonLine, waitExit } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { MEMORY_ENTRY } from '../lib/paths.js';
import { judge, type RowResult } from '../lib/table.js';
import type { MemoryReport } from '../memory.js';

async function measure(db: string, source: 'store' | 'file'): Promise<MemoryReport> {
  const child = spawn(process.execPath, ['--expose-gc', MEMORY_ENTRY, '--db', db, '--source', source], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const report = await firstJsonLine<MemoryReport>(child, 900_000);
  await waitExit(child);
  return report;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export async function memoryRow(ctx: BenchContext): Promise<RowResult> {
  await ctx.snapshot(); // makes sure the cache file exists and is current
  const reports: MemoryReport[] = [await measure(ctx.db, 'store')];
  const notes: string[] = [];
  if (existsSync(ctx.cacheFile)) reports.push(await measure(ctx.db, 'file'));
  else notes.push('no snapshot cache file: only the build from the database was measured');

  const perNumber = (r: MemoryReport) =>
    (r.after.heapUsed + r.after.arrayBuffers - r.before.heapUsed - r.before.arrayBuffers) / r.ported;
  for (const r of reports) {
    const heap = r.after.heapUsed - r.before.heapUsed;
    const buffers = r.after.arrayBuffers - r.before.arrayBuffers;
    notes.push(
      `loaded from ${r.source === 'store' ? 'the database rows' : 'the cache file'} in ${(r.loadMs / 1000).toFixed(1)} s: +${mb(heap)} heap, +${mb(buffers)} array buffers = ${perNumber(r).toFixed(2)} B/ported; RSS +${mb(r.after.rss - r.before.rss)}`,
    );
  }
  const r0 = reports[0];
  notes.push(
    `ported table typed arrays: ${r0.portedTableBytes.toLocaleString('en-US')} bytes = ${(r0.portedTableBytes / r0.ported).toFixed(2)} B/ported (both number tables ${mb(r0.numberTablesBytes)})`,
  );

  const csv = ctx.data.file('ported.csv');
  const csvRows = ctx.data.generated.manifest.files['ported.csv']?.rows ?? r0.ported;
  const baseline = statSync(csv).size / csvRows;
  const figure = Math.max(...reports.map(perNumber));
  return judge({
    row: 4,
    what: `memory the snapshot adds, ${r0.ported.toLocaleString('en-US')} ported numbers`,
    figure,
    unit: 'B/ported',
    baseline,
    baselineUnit: 'B/row ported.csv',
    ratio: figure / baseline,
    target: { kind: 'figure-max', value: 6, unit: 'B/ported' },
    notes,
    samples: Object.fromEntries(reports.map((r) => [`${r.source}BytesPerPorted`, [perNumber(r)]])),
  });
}
