// Row 6: `portcheck import ported` of the whole ported.csv into a fresh
// database vs the sqlite3 shell's `.import` of the same file into a table
// with the same key. Pairs alternate; both include process start-up.
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GNU_TIME, hasGnuTime, peakRssFromTime, type RunResult, run, vmHwm } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { CLI } from '../lib/paths.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

export const SQLITE3 = '/usr/bin/sqlite3';

/** The key and types the brief gives; only the file's own columns are created. */
const COLUMN_TYPES: Record<string, string> = {
  tn: 'INTEGER PRIMARY KEY',
  spid: 'TEXT NOT NULL',
  sv_type: 'TEXT NOT NULL',
  lrn: 'TEXT',
  alt_spid: 'TEXT',
  action: 'TEXT',
};

/**
 * CREATE TABLE for the header of `file`. A table wider than the file would
 * make the shell warn on every row ("filling the rest with NULL"), which
 * would time its stderr, not its import.
 */
export function sqliteTableFor(header: string): string {
  const columns = header
    .trim()
    .split(',')
    .map((c) => c.trim().toLowerCase());
  const defs = columns.map((c) => `${c} ${COLUMN_TYPES[c] ?? 'TEXT'}`);
  return `CREATE TABLE ported (${defs.join(', ')})`;
}

export function headerOf(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, n).split('\n')[0];
  } finally {
    closeSync(fd);
  }
}

interface Measured {
  ms: number;
  peakRss: number | null;
  result: RunResult;
}

/** Runs a command, under /usr/bin/time -v when present, else polling VmHWM. */
async function measured(command: string, args: string[]): Promise<Measured> {
  if (hasGnuTime()) {
    const result = await run(GNU_TIME, ['-v', command, ...args]);
    return { ms: result.ms, peakRss: peakRssFromTime(result.stderr), result };
  }
  let peak: number | null = null;
  const result = await run(command, args, {}, (child) => {
    const timer = setInterval(() => {
      const hwm = child.pid ? vmHwm(child.pid) : null;
      if (hwm !== null) peak = Math.max(peak ?? 0, hwm);
    }, 50);
    return () => clearInterval(timer);
  });
  return { ms: result.ms, peakRss: peak, result };
}

const mb = (bytes: number | null) => (bytes === null ? 'unknown' : `${Math.round(bytes / 1e6)} MB`);

function failure(m: Measured, what: string): Error {
  const tail = (m.result.stderr || m.result.stdout).trim().split('\n').slice(-8).join('\n');
  return new Error(`${what} failed (exit ${m.result.code ?? m.result.signal}): ${tail}`);
}

export async function importRow(ctx: BenchContext): Promise<RowResult> {
  const file = ctx.data.file('ported.csv');
  const rows = ctx.data.generated.manifest.files['ported.csv']?.rows ?? ctx.size.ported;
  const what = `\`portcheck import ported\` of ${rows.toLocaleString('en-US')} rows into a fresh database`;
  const target = { kind: 'ratio-max', value: 1.5 } as const;
  const missing = [
    existsSync(CLI) ? null : `${CLI} does not exist: the CLI has not been built or has not landed yet`,
    existsSync(SQLITE3) ? null : `${SQLITE3} is missing: no baseline`,
  ].filter((m): m is string => m !== null);
  if (!existsSync(CLI)) {
    return judge({
      row: 6,
      what,
      figure: null,
      unit: 's',
      baseline: null,
      baselineUnit: 's',
      ratio: null,
      target,
      notes: missing,
    });
  }

  const table = sqliteTableFor(headerOf(file));
  const ours: Measured[] = [];
  const theirs: Measured[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portcheck-bench-import-'));
  try {
    for (let i = 0; i < ctx.size.importPairs; i++) {
      if (existsSync(SQLITE3)) {
        const db = path.join(dir, `sqlite-${i}.db`);
        const m = await measured(SQLITE3, [db, table, `.import --csv --skip 1 ${file} ported`]);
        if (m.result.code !== 0 || m.result.stderr.includes('Error')) throw failure(m, 'sqlite3 .import');
        theirs.push(m);
        rmSync(db, { force: true });
        ctx.log(`  sqlite3 .import: ${(m.ms / 1000).toFixed(1)} s`);
      }
      const db = path.join(dir, `portcheck-${i}.db`);
      const m = await measured(process.execPath, [CLI, 'import', 'ported', file, '--db', db]);
      if (m.result.code !== 0) throw failure(m, 'portcheck import ported');
      ours.push(m);
      for (const suffix of ['', '-wal', '-shm', '.snapshot']) rmSync(`${db}${suffix}`, { force: true });
      ctx.log(`  portcheck import: ${(m.ms / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const figure = median(ours.map((m) => m.ms)) / 1000;
  const baseline = theirs.length > 0 ? median(theirs.map((m) => m.ms)) / 1000 : null;
  const peak = ours.reduce<number | null>(
    (p, m) => (m.peakRss === null ? p : Math.max(p ?? 0, m.peakRss)),
    null,
  );
  const sqlitePeak = theirs.reduce<number | null>(
    (p, m) => (m.peakRss === null ? p : Math.max(p ?? 0, m.peakRss)),
    null,
  );
  // The command also writes <db>.snapshot after the commit (filled as the commit went) and prints how long that took.
  const rebuilds = ours
    .map((m) => /snapshot file rebuilt .* in ([\d.]+) s/.exec(m.result.stdout)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number);
  const rebuild =
    rebuilds.length > 0
      ? `; of it, finishing and writing the snapshot file after the commit: ${median(rebuilds).toFixed(1)} s (its rows were filled in as the commit inserted them)`
      : '';
  const notes = [
    ...missing,
    `${Math.round(rows / figure).toLocaleString('en-US')} rows/s; peak RSS ${mb(peak)} (sqlite3 shell: ${mb(sqlitePeak)}); ${ours.length} run(s) each, alternating${rebuild}`,
    `baseline: \`${table}\` then \`.import --csv --skip 1 ported.csv ported\``,
  ];
  return judge({
    row: 6,
    what,
    figure,
    unit: 's',
    baseline,
    baselineUnit: 's sqlite3 .import',
    ratio: baseline === null ? null : figure / baseline,
    target,
    notes,
    samples: { portcheckMs: ours.map((m) => m.ms), sqliteMs: theirs.map((m) => m.ms) },
  });
}
