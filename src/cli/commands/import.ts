import { existsSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { databaseIdOf, snapshotPublisher, writeSnapshotFile } from '../../cache/snapshot-file.js';
import { snapshotFileOf } from '../../config.js';
import { type Snapshot, SnapshotBuilder } from '../../domain/snapshot.js';
import { type HolidayImportReport, importHolidaysFile } from '../../import/holidays.js';
import { formatProblem } from '../../import/problems.js';
import {
  IMPORT_DATASETS,
  type ImportDatasetName,
  ImportFailed,
  type ImportReport,
  importFile,
} from '../../import/run-import.js';
import type { DataVersion } from '../../store/store.js';
import { type StoreOptions, withStore, withStoreOptions } from '../options.js';
import { progressReporter } from '../progress.js';

interface ImportOptions extends StoreOptions {
  replace?: boolean;
  dryRun?: boolean;
  lataMap?: string;
  allowUnmapped?: boolean;
}

/** Thrown for a refused import after its problems were printed: main only sets the exit code. */
export class AlreadyReported extends Error {}

export function summaryLine(report: ImportReport): string {
  const n = new Intl.NumberFormat('en-US');
  const head = report.dryRun ? `${report.dataset} (dry run, nothing changed)` : report.dataset;
  const rows = `${n.format(report.read)} row${report.read === 1 ? '' : 's'}`;
  const c = report.cocodes;
  const why = c ? ` (${n.format(c.notAssigned)} not AS, ${n.format(c.unmapped)} unmapped)` : '';
  const added = c ? `; ${n.format(c.carriersAdded)} new carrier${c.carriersAdded === 1 ? '' : 's'}` : '';
  return `${head}: ${rows} read; ${n.format(report.inserted)} inserted, ${n.format(report.updated)} updated, ${n.format(report.deleted)} deleted, ${n.format(report.skipped)} skipped${why}${added} (${(report.durationMs / 1000).toFixed(1)} s)`;
}

/** What `import` takes: the numbering datasets, and the holidays of the port orders' business days. */
const DATASET_NAMES = [...IMPORT_DATASETS, 'holidays'];

function holidaysLine(r: HolidayImportReport): string {
  const n = new Intl.NumberFormat('en-US');
  const head = r.dryRun ? 'holidays (dry run, nothing changed)' : 'holidays';
  return `${head}: ${n.format(r.read)} row${r.read === 1 ? '' : 's'} read; ${n.format(r.inserted)} inserted, ${n.format(r.updated)} updated, ${n.format(r.deleted)} deleted`;
}

/** Prints an ImportFailed's problems to stderr; anything else is thrown on. */
function reportRefusal(name: string, error: unknown): never {
  if (!(error instanceof ImportFailed)) throw error;
  const lines = [
    `portcheck: ${name} import refused, nothing was changed: ${error.total} problem${error.total === 1 ? '' : 's'}`,
    ...error.problems.map(formatProblem),
  ];
  if (error.total > error.problems.length) {
    lines.push(`… and ${error.total - error.problems.length} more`);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  throw new AlreadyReported();
}

export function importCommand(): Command {
  const command = new Command('import')
    .description('Import a numbering dataset (or the holidays) from a file: validated first, all or nothing.')
    .argument('<dataset>', `one of: ${DATASET_NAMES.join(', ')}`)
    .argument(
      '<file>',
      'the file to import (CSV with a header; coverage is JSON; nanpa-cocodes as NANPA publishes it)',
    )
    .option('--replace', 'make the dataset exactly the file (default: merge by key)')
    .option('--dry-run', 'validate and count everything, change nothing')
    .option('--lata-map <file>', 'nanpa-cocodes: CSV state,rate_center,lata giving each rate centre its LATA')
    .option(
      '--allow-unmapped',
      'nanpa-cocodes: skip (and count) rows whose rate centre is not in the LATA map',
    );
  withStoreOptions(command);
  return command
    .addHelpText(
      'after',
      `
Formats (headers required, column order free, extra columns ignored):
  carriers   id,name,category,underlying_id
  blocks     npa,nxx,block_id,lata,ocn,rate_center,state,coc_type,portable
  ported     tn,spid,sv_type,lrn,alt_spid,action
  tollfree   number,resporg_id,status
  coverage   {"providers": [{"id", "name", "number_types", "latas", ...}]}  (always replaces)
  nanpa-cocodes  NANPA's central office code report (allutlzd.txt), tab-separated,
             Latin-1, as published (with or without Pooled Code / In Service);
             needs --lata-map. Rows with Use AS become exchange (A) blocks;
             OCNs not yet carriers are added with the report's company name,
             existing carriers are left alone. A rate centre missing from the
             map refuses the file (all are listed) unless --allow-unmapped.
             --replace replaces the blocks dataset (thousands-blocks included)
             and does nothing to carriers.
  holidays   date,carrier_id,name  (date YYYY-MM-DD; an empty carrier_id is a
             holiday of every carrier). Days that are not business days for
             port orders' FOC dates; merged by date and carrier, or --replace.

A file with any bad row changes nothing: every problem is printed as
"line N, column C: message" and the command exits 1. A running server picks up
a finished import within seconds.

Examples:
  portcheck import ported npac-2024-06-01.csv --db /var/lib/portcheck/portcheck.db
  portcheck import nanpa-cocodes allutlzd.txt --lata-map lata-map.csv`,
    )
    .action(async (dataset: string, file: string, options: ImportOptions) => {
      const name = dataset.toLowerCase();
      if (!DATASET_NAMES.includes(name)) {
        throw new Error(`unknown dataset "${dataset}": expected one of ${DATASET_NAMES.join(', ')}`);
      }
      if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`no such file: ${file}`);
      if (name === 'holidays') {
        if (options.lataMap !== undefined || options.allowUnmapped) {
          throw new Error('--lata-map and --allow-unmapped apply to nanpa-cocodes imports only');
        }
        const report = await withStore(options, false, (store) =>
          importHolidaysFile(store, file, {
            replace: options.replace ?? false,
            dryRun: options.dryRun ?? false,
          }).catch((error: unknown) => reportRefusal(name, error)),
        );
        process.stdout.write(`${holidaysLine(report)}\n`);
        return;
      }
      if (name === 'nanpa-cocodes') {
        if (options.lataMap === undefined) {
          throw new Error('nanpa-cocodes needs --lata-map FILE (a CSV state,rate_center,lata)');
        }
        if (!existsSync(options.lataMap) || !statSync(options.lataMap).isFile()) {
          throw new Error(`no such file: ${options.lataMap}`);
        }
      } else if (options.lataMap !== undefined || options.allowUnmapped) {
        throw new Error('--lata-map and --allow-unmapped apply to nanpa-cocodes imports only');
      }
      await withStore(options, false, async (store, config) => {
        const progress = progressReporter(name);
        // The commit streams the data it leaves into a snapshot builder: the file needs no reload.
        // A store shared by several machines also keeps that snapshot, published with the commit, so
        // that every instance downloads it rather than re-reading every row.
        const snapshotFile = options.dryRun ? null : snapshotFileOf(config);
        const publishes = !options.dryRun && store.publishedSnapshot !== undefined;
        const databaseId = snapshotFile || publishes ? await databaseIdOf(store).catch(() => null) : null;
        let snapshot = null as SnapshotBuilder | null;
        let publisher = null as ReturnType<typeof snapshotPublisher> | null;
        let report: ImportReport;
        try {
          report = await importFile(store, name as ImportDatasetName, file, {
            replace: options.replace ?? false,
            dryRun: options.dryRun ?? false,
            lataMap: options.lataMap,
            allowUnmapped: options.allowUnmapped ?? false,
            onProgress: progress.onProgress,
            commitInto:
              snapshotFile || publishes
                ? () => {
                    snapshot = new SnapshotBuilder();
                    publisher = publishes && databaseId ? snapshotPublisher(snapshot, databaseId) : null;
                    return snapshot;
                  }
                : undefined,
            publishWith: () => publisher?.publish,
          });
        } catch (error) {
          progress.done();
          reportRefusal(name, error);
        }
        progress.done();
        process.stdout.write(`${summaryLine(report)}
`);
        if (snapshotFile && snapshot && report.version) {
          // Without the identity (the database gone just after the commit) the file is stamped
          // without it, which a server on that database rebuilds rather than trusts.
          writeSnapshot(snapshotFile, publisher?.built() ?? snapshot.build(), report.version, databaseId);
        }
      });
    });
}

/**
 * Writes the snapshot's on-disk form for the data just committed (streamed
 * into `builder` by the commit itself), so the next server start or
 * `portcheck check` decodes it instead of re-reading every row. The import
 * already succeeded: a failure here only warns (the file is stamped, and a
 * stale or missing one is rebuilt from the rows).
 */
function writeSnapshot(
  file: string,
  snapshot: Snapshot,
  version: DataVersion,
  databaseId: string | null,
): void {
  const started = performance.now();
  try {
    writeSnapshotFile(file, snapshot, version, databaseId);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `snapshot file rebuilt for data version ${version.version} in ${seconds} s: ${file}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `portcheck: warning: the import is committed, but the ${(error as Error).message}; it will be rebuilt from the rows when next needed\n`,
    );
  }
}
