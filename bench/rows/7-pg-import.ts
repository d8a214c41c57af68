// Row 7: `portcheck import ported` of the whole ported.csv into a fresh PostgreSQL database vs
// psql's `\copy` of the same file into a table with the same primary key, each into a database of
// its own. Pairs alternate; both include process start-up and the connection.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { CLI } from '../lib/paths.js';
import { createBenchDatabase, postgresAbsent } from '../lib/postgres.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';
import { headerOf } from './6-import.js';

export const PSQL = '/usr/bin/psql';

/** The same key and types as the SQLite baseline, in PostgreSQL's words. */
const COLUMN_TYPES: Record<string, string> = {
  tn: 'bigint PRIMARY KEY',
  spid: 'text NOT NULL',
  sv_type: 'text NOT NULL',
  lrn: 'text',
  alt_spid: 'text',
  action: 'text',
};

export function postgresTableFor(header: string): string {
  const columns = header
    .trim()
    .split(',')
    .map((c) => c.trim().toLowerCase());
  return `CREATE TABLE ported (${columns.map((c) => `${c} ${COLUMN_TYPES[c] ?? 'text'}`).join(', ')})`;
}

export async function pgImportRow(ctx: BenchContext): Promise<RowResult> {
  const file = ctx.data.file('ported.csv');
  const rows = ctx.data.generated.manifest.files['ported.csv']?.rows ?? ctx.size.ported;
  const what = `\`portcheck import ported\` of ${rows.toLocaleString('en-US')} rows into a fresh PostgreSQL database`;
  const target = { kind: 'ratio-max', value: 1.5 } as const;
  const absent =
    (existsSync(CLI) ? null : `${CLI} does not exist: build first`) ??
    (existsSync(PSQL) ? null : `${PSQL} is missing: no baseline`) ??
    (await postgresAbsent());
  if (absent) {
    ctx.log(`  skipped: ${absent}`);
    return judge({
      row: 7,
      what,
      figure: null,
      unit: 's',
      baseline: null,
      baselineUnit: 's psql \\copy',
      ratio: null,
      target,
      notes: [`not measured: ${absent}`],
    });
  }

  const table = postgresTableFor(headerOf(file));
  const copy = `\\copy ported FROM '${file}' WITH (FORMAT csv, HEADER true)`;
  const ours: number[] = [];
  const theirs: number[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portcheck-bench-pg-import-'));
  try {
    for (let i = 0; i < ctx.size.importPairs; i++) {
      const base = await createBenchDatabase('copy');
      try {
        const made = await run(PSQL, [base.url, '-v', 'ON_ERROR_STOP=1', '-qc', table]);
        if (made.code !== 0) throw new Error(`psql CREATE TABLE failed: ${made.stderr.trim()}`);
        const m = await run(PSQL, [base.url, '-v', 'ON_ERROR_STOP=1', '-qc', copy]);
        if (m.code !== 0) throw new Error(`psql \\copy failed: ${m.stderr.trim()}`);
        theirs.push(m.ms);
        ctx.log(`  psql \\copy: ${(m.ms / 1000).toFixed(1)} s`);
      } finally {
        await base.drop();
      }
      const db = await createBenchDatabase('import');
      try {
        // Like row 6, the command writes its snapshot file after the commit: here in a folder of its own.
        const m = await run(process.execPath, [CLI, 'import', 'ported', file, '--database-url', db.url], {
          env: { ...process.env, PORTCHECK_SNAPSHOT_FILE: path.join(dir, `import-${i}.snapshot`) },
        });
        if (m.code !== 0)
          throw new Error(`portcheck import failed: ${(m.stderr || m.stdout).trim().slice(-2000)}`);
        ours.push(m.ms);
        ctx.log(`  portcheck import: ${(m.ms / 1000).toFixed(1)} s`);
      } finally {
        await db.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const figure = median(ours) / 1000;
  const baseline = median(theirs) / 1000;
  return judge({
    row: 7,
    what,
    figure,
    unit: 's',
    baseline,
    baselineUnit: 's psql \\copy',
    ratio: figure / baseline,
    target,
    notes: [
      `${Math.round(rows / figure).toLocaleString('en-US')} rows/s; ${ours.length} run(s) each, alternating, each into a new database`,
      `baseline: \`${table}\` then \`${copy.replace(file, 'ported.csv')}\``,
    ],
    samples: { portcheckMs: ours, psqlCopyMs: theirs },
  });
}
