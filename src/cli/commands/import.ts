import { existsSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { formatProblem } from '../../import/problems.js';
import { ImportFailed, type ImportReport, importFile } from '../../import/run-import.js';
import { DATASETS, type DatasetName } from '../../store/store.js';
import { type StoreOptions, withStore, withStoreOptions } from '../options.js';
import { progressReporter } from '../progress.js';

interface ImportOptions extends StoreOptions {
  replace?: boolean;
  dryRun?: boolean;
}

/** Thrown for a refused import after its problems were printed: main only sets the exit code. */
export class AlreadyReported extends Error {}

export function summaryLine(report: ImportReport): string {
  const n = new Intl.NumberFormat('en-US');
  const head = report.dryRun ? `${report.dataset} (dry run, nothing changed)` : report.dataset;
  const rows = `${n.format(report.read)} row${report.read === 1 ? '' : 's'}`;
  return `${head}: ${rows} read; ${n.format(report.inserted)} inserted, ${n.format(report.updated)} updated, ${n.format(report.deleted)} deleted, ${n.format(report.skipped)} skipped (${(report.durationMs / 1000).toFixed(1)} s)`;
}

export function importCommand(): Command {
  const command = new Command('import')
    .description('Import a numbering dataset from a file: validated first, all or nothing.')
    .argument('<dataset>', `one of: ${DATASETS.join(', ')}`)
    .argument('<file>', 'the file to import (CSV with a header; coverage is JSON)')
    .option('--replace', 'make the dataset exactly the file (default: merge by key)')
    .option('--dry-run', 'validate and count everything, change nothing');
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

A file with any bad row changes nothing: every problem is printed as
"line N, column C: message" and the command exits 1. A running server picks up
a finished import within seconds.

Example:
  portcheck import ported npac-2024-06-01.csv --db /var/lib/portcheck/portcheck.db`,
    )
    .action(async (dataset: string, file: string, options: ImportOptions) => {
      const name = dataset.toLowerCase();
      if (!(DATASETS as readonly string[]).includes(name)) {
        throw new Error(`unknown dataset "${dataset}": expected one of ${DATASETS.join(', ')}`);
      }
      if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`no such file: ${file}`);
      await withStore(options, false, async (store) => {
        const progress = progressReporter(name);
        let report: ImportReport;
        try {
          report = await importFile(store, name as DatasetName, file, {
            replace: options.replace ?? false,
            dryRun: options.dryRun ?? false,
            onProgress: progress.onProgress,
          });
        } catch (error) {
          progress.done();
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
        progress.done();
        process.stdout.write(`${summaryLine(report)}\n`);
      });
    });
}
