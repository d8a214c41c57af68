import { readFile, stat } from 'node:fs/promises';
import { type DataVersion, type ImportCounts, ImportNeedsStaging, type Store } from '../store/store.js';
import { blocks } from './blocks.js';
import { carriers } from './carriers.js';
import { jsonErrorLine, parseCoverage } from './coverage.js';
import type { CsvDataset, CsvDatasetName, LineParser } from './csv-dataset.js';
import { readCsvLines } from './csv-lines.js';
import { readHeader } from './header.js';
import { importNanpaCocodes, NANPA_DATASET } from './nanpa-cocodes.js';
import { ported } from './ported.js';
import { ImportFailed, ProblemList } from './problems.js';
import { type ImportOptions, PROGRESS_EVERY, RowBatches, runImportSession } from './session.js';
import { tollfree } from './tollfree.js';

export { ImportFailed, type ImportProblem } from './problems.js';
export type { ImportOptions, ImportProgress } from './session.js';

/** What `portcheck import` takes: the store's datasets, and NANPA's report (which fills blocks and carriers). */
export const IMPORT_DATASETS = [
  'carriers',
  'blocks',
  'ported',
  'tollfree',
  'coverage',
  NANPA_DATASET,
] as const;
export type ImportDatasetName = (typeof IMPORT_DATASETS)[number];

export interface ImportReport {
  dataset: string;
  read: number;
  inserted: number;
  updated: number;
  deleted: number;
  /**
   * Rows left out on purpose: 0 except for nanpa-cocodes, where it counts the
   * rows whose Use is not AS and (with allowUnmapped) the rows whose rate
   * centre is not in the LATA map; `cocodes` has the breakdown.
   */
  skipped: number;
  /** nanpa-cocodes only. */
  cocodes?: {
    notAssigned: number;
    unmapped: number;
    /** OCNs that were not carriers yet, added with the report's company name. */
    carriersAdded: number;
  };
  dryRun: boolean;
  durationMs: number;
  /** The data version the import committed; null for a dry run. */
  version: DataVersion | null;
}

const CSV_DATASETS: Record<CsvDatasetName, CsvDataset> = { carriers, blocks, ported, tollfree };

/** A coverage file is a hand-written configuration; anything bigger is a mistake. */
const MAX_COVERAGE_BYTES = 16 << 20;

/**
 * Imports one file into `store`, all or nothing: every row is checked (and
 * every problem collected) before anything is committed, and a failed import
 * aborts its session and throws ImportFailed. Other errors (unreadable file,
 * database busy) are thrown as they are, also after aborting.
 */
export async function importFile(
  store: Store,
  dataset: ImportDatasetName,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const started = performance.now();
  const totalBytes = (await stat(file)).size;
  const done = (counts: ImportCounts, extra: Partial<ImportReport> = {}): ImportReport => ({
    dataset,
    read: counts.read,
    inserted: counts.inserted,
    updated: counts.updated,
    deleted: counts.deleted,
    skipped: 0,
    dryRun: options.dryRun ?? false,
    durationMs: Math.round(performance.now() - started),
    version: counts.version ?? null,
    ...extra,
  });
  if (dataset === NANPA_DATASET) {
    const c = await importNanpaCocodes(store, file, totalBytes, options);
    return done(c, {
      read: c.lines,
      skipped: c.notAssigned + c.unmapped,
      cocodes: { notAssigned: c.notAssigned, unmapped: c.unmapped, carriersAdded: c.carriersAdded },
    });
  }
  return done(
    dataset === 'coverage'
      ? await importCoverage(store, file, totalBytes, options)
      : await importCsv(store, CSV_DATASETS[dataset], file, totalBytes, options),
  );
}

/**
 * Tries the store's direct path first (rows straight into an empty dataset);
 * a file it cannot take (a repeated key, a delete row) is read again, staged,
 * which names every problem exactly as a staged import always does.
 */
async function importCsv(
  store: Store,
  spec: CsvDataset,
  file: string,
  totalBytes: number,
  options: ImportOptions,
) {
  try {
    return await importCsvOnce(store, spec, file, totalBytes, options, true);
  } catch (error) {
    if (!(error instanceof ImportNeedsStaging)) throw error;
    return importCsvOnce(store, spec, file, totalBytes, options, false);
  }
}

async function importCsvOnce(
  store: Store,
  spec: CsvDataset,
  file: string,
  totalBytes: number,
  options: ImportOptions,
  direct: boolean,
) {
  const replace = options.replace ?? false;
  let rows = 0;
  const counts = await runImportSession(
    store,
    spec.dataset,
    { ...options, replace, direct },
    async (session, problems) => {
      let header: Map<string, number> | null = null;
      let width = 0;
      let bytes = 0;
      const batches = new RowBatches(session, (d) =>
        problems.add(d.line, spec.keyColumn, `duplicate key ${d.key}: already on line ${d.firstLine}`),
      );

      let line = 0;
      let cells: string[] = [];
      const get = (column: string) => {
        const index = header!.get(column);
        return index === undefined ? '' : (cells[index] ?? '');
      };
      const context = {
        line: 0,
        replace,
        report: (column: string, message: string) => problems.add(line, column, message),
      };
      let fast = null as LineParser | null;
      const progress = () => {
        if (rows % PROGRESS_EVERY === 0) options.onProgress?.({ rows, bytes, totalBytes });
      };
      /** One record by the general path; false after a header that stops the import. */
      const take = (at: number, record: string[]): boolean => {
        line = at;
        cells = record;
        if (header === null) {
          header = readHeader(spec, cells, problems, line);
          width = cells.length;
          if (header !== null) fast = spec.lineParser?.(header, width) ?? null;
          return header !== null;
        }
        rows++;
        if (cells.length !== width) {
          problems.add(line, null, `has ${cells.length} fields, the header has ${width}`);
        } else {
          context.line = line;
          const row = spec.parse(get, context);
          if (row) batches.add(row);
        }
        progress();
        return true;
      };

      reading: for await (const chunk of readCsvLines(file)) {
        bytes = chunk.bytes;
        if ('records' in chunk) {
          for (const record of chunk.records) {
            if (!take(record.line, record.cells)) break reading;
            if (batches.full) await batches.flush();
          }
          if (chunk.error) problems.add(chunk.error.line, null, `not valid CSV: ${chunk.error.message}`);
          continue;
        }
        const { buffer, starts, ends, count, firstLine } = chunk;
        for (let i = 0; i < count; i++) {
          const row = fast === null ? null : fast(buffer, starts[i], ends[i], firstLine + i);
          if (row !== null) {
            rows++;
            batches.add(row);
            progress();
          } else {
            // As readCsv splits a line without quotes.
            const text = buffer.toString('utf8', starts[i], ends[i]);
            if (text.trim() === '') continue;
            const record = text.split(',');
            for (let c = 0; c < record.length; c++) record[c] = record[c].trim();
            if (!take(firstLine + i, record)) break reading;
          }
          if (batches.full) await batches.flush();
        }
      }
      if (header === null && problems.total === 0) {
        problems.add(1, null, `the file is empty: a header line is required (${spec.columns.join(',')})`);
      }
      await batches.flush();
    },
  );
  options.onProgress?.({ rows, bytes: totalBytes, totalBytes });
  return counts;
}

async function importCoverage(store: Store, file: string, totalBytes: number, options: ImportOptions) {
  const problems = new ProblemList();
  if (totalBytes > MAX_COVERAGE_BYTES) {
    problems.add(
      0,
      null,
      `a coverage file is at most ${MAX_COVERAGE_BYTES} bytes; this one has ${totalBytes}`,
    );
    throw new ImportFailed('coverage', problems.problems, problems.total);
  }
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    problems.add(jsonErrorLine(text, error as Error), null, `not valid JSON: ${(error as Error).message}`);
    throw new ImportFailed('coverage', problems.problems, problems.total);
  }
  const coverage = parseCoverage(doc, problems);
  if (!coverage) throw new ImportFailed('coverage', problems.problems, problems.total);

  // Coverage is one document: importing it always replaces the whole configuration.
  const counts = await runImportSession(store, 'coverage', { ...options, replace: true }, (session) =>
    session.writeCoverage(coverage),
  );
  options.onProgress?.({ rows: coverage.providers.length, bytes: totalBytes, totalBytes });
  return counts;
}
