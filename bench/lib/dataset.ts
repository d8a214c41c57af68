// The bench's dataset and database, each built once and cached under
// bench/.cache/<size>/: the generator's files (reused through its manifest)
// and a SQLite database filled from them by the real import code.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type GenerateResult, generateDataset, requestFileName } from '../../src/generate/dataset.js';
import { type ImportDatasetName, importFile } from '../../src/import/run-import.js';
import { openStore } from '../../src/store/open.js';
import { CACHE_DIR } from './paths.js';

export interface BenchSize {
  name: 'full' | 'quick';
  ported: number;
  tollfree: number;
  /** NPAs sampled by the generator; null for every US NPA. */
  npas: number | null;
  /** Numbers in the in-process request (row 1). */
  judgeRequest: number;
  /** Numbers in the HTTP request (row 2). */
  httpRequest: number;
  /** autocannon run length (row 3). */
  cannonSeconds: number;
  /** Times each side runs (rows 1 and 2). */
  judgeRuns: number;
  httpRuns: number;
  /** Cold start-ups measured (row 5); each reads every row. */
  coldStarts: number;
  /** Import pairs (rows 6 and 7; the median is reported): one run of either varies by a tenth. */
  importPairs: number;
  /** Port orders in the store of the order-list row (row 14). */
  orders: number;
}

export const SIZES: Record<'full' | 'quick', BenchSize> = {
  full: {
    name: 'full',
    ported: 10_000_000,
    tollfree: 100_000,
    npas: null,
    judgeRequest: 1_000_000,
    httpRequest: 100_000,
    cannonSeconds: 10,
    judgeRuns: 7,
    httpRuns: 15,
    coldStarts: 1,
    importPairs: 3,
    orders: 1_000_000,
  },
  quick: {
    name: 'quick',
    ported: 200_000,
    tollfree: 20_000,
    npas: 10,
    judgeRequest: 100_000,
    httpRequest: 100_000,
    cannonSeconds: 3,
    judgeRuns: 5,
    httpRuns: 15,
    coldStarts: 3,
    importPairs: 2,
    orders: 100_000,
  },
};

export const SEED = 1;

export interface BenchDataset {
  size: BenchSize;
  dir: string;
  generated: GenerateResult;
  /** Path of a file by name (carriers.csv …, request-<n>.json). */
  file(name: string): string;
  request(count: number): string;
}

export async function ensureDataset(size: BenchSize, log: (line: string) => void): Promise<BenchDataset> {
  const dir = path.join(CACHE_DIR, size.name, 'data');
  const generated = await generateDataset({
    out: dir,
    seed: SEED,
    ported: size.ported,
    tollfree: size.tollfree,
    npas: size.npas ?? undefined,
    requests: [1, size.httpRequest, size.judgeRequest],
    log: (line) => log(`  generate: ${line}`),
  });
  return {
    size,
    dir,
    generated,
    file: (name) => path.join(dir, name),
    request: (count) => path.join(dir, requestFileName(count)),
  };
}

/** Import order: carriers before the datasets that name them. */
export const IMPORTS: ReadonlyArray<[ImportDatasetName, string]> = [
  ['carriers', 'carriers.csv'],
  ['blocks', 'blocks.csv'],
  ['tollfree', 'tollfree.csv'],
  ['coverage', 'coverage.json'],
  ['ported', 'ported.csv'],
];

/**
 * The database holding the whole dataset, imported once with the real
 * import code and reused while the generator's manifest is unchanged.
 */
export async function ensureDatabase(data: BenchDataset, log: (line: string) => void): Promise<string> {
  const db = path.join(CACHE_DIR, data.size.name, 'bench.db');
  const stampFile = `${db}.stamp.json`;
  const stamp = JSON.stringify({
    generator: data.generated.manifest.version,
    options: data.generated.manifest.options,
  });
  if (existsSync(db) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return db;

  for (const suffix of ['', '-wal', '-shm', '.snapshot', '.stamp.json'])
    rmSync(`${db}${suffix}`, { force: true });
  const store = await openStore({ dbPath: db });
  try {
    for (const [dataset, name] of IMPORTS) {
      const report = await importFile(store, dataset, data.file(name), {
        replace: true,
        onProgress: (p) => {
          if (p.rows > 0 && p.rows % 1_000_000 === 0)
            log(`  import ${dataset}: ${p.rows.toLocaleString('en-US')} rows`);
        },
      });
      log(
        `  import ${dataset}: ${report.read.toLocaleString('en-US')} rows in ${(report.durationMs / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await store.close();
  }
  writeFileSync(stampFile, stamp);
  return db;
}
