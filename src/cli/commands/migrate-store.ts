import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { type CopyProgress, type CopyReport, copyStore } from '../../store/copy.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/store.js';
import { progressReporter } from '../progress.js';

interface MigrateOptions {
  from: string;
  to: string;
  replace?: boolean;
  withoutOrders?: boolean;
}

const isUrl = (where: string) => /^postgres(ql)?:\/\//i.test(where);

/** A store named the way --from and --to name them: a PostgreSQL URL, or a SQLite file. */
async function openNamed(where: string, role: 'source' | 'target'): Promise<Store> {
  if (isUrl(where)) return openStore({ databaseUrl: where, readOnly: role === 'source' });
  if (role === 'source' && !existsSync(where)) throw new Error(`no such database file: ${where}`);
  return openStore({ dbPath: where, readOnly: role === 'source' });
}

/** Progress on stderr: one reporter per phase and dataset, as each begins. */
function progress(): { onProgress: (p: CopyProgress) => void; done: () => void } {
  let label = '';
  let current: ReturnType<typeof progressReporter> | null = null;
  return {
    onProgress(p) {
      const next = `${p.phase === 'read' ? 'reading' : 'writing'} ${p.dataset}`;
      if (next !== label) {
        current?.done();
        current = progressReporter(next);
        label = next;
      }
      current?.onProgress({ rows: p.rows, bytes: p.rows, totalBytes: p.total });
    },
    done: () => current?.done(),
  };
}

export function summaryLines(report: CopyReport, seconds: number): string[] {
  const n = new Intl.NumberFormat('en-US');
  const lines = report.datasets.map(
    ({ dataset, rows, counts }) =>
      `${dataset}: ${n.format(rows)} ${dataset === 'coverage' ? 'providers' : 'rows'} copied (${n.format(counts.inserted)} inserted, ${n.format(counts.updated)} updated, ${n.format(counts.deleted)} deleted)`,
  );
  if (report.datasets.length === 0) lines.push('no data to copy');
  const k = report.keys;
  lines.push(
    `API keys: ${k.created} created, ${k.kept} already there, ${k.revoked} revoked as in the source${k.conflicting.length > 0 ? `, ${k.conflicting.length} left alone (another secret in the target)` : ''}`,
  );
  if (report.holidays) {
    const h = report.holidays;
    lines.push(
      `holidays: ${n.format(h.copied)} copied (${n.format(h.inserted)} inserted, ${n.format(h.updated)} updated, ${n.format(h.deleted)} deleted)`,
    );
  }
  if (report.ordersLeftBehind) lines.push('port orders: left behind in the source (--without-orders)');
  lines.push(`copied data version ${report.sourceVersion.version} of the source in ${seconds.toFixed(1)} s`);
  return lines;
}

export function migrateStoreCommand(): Command {
  return new Command('migrate-store')
    .description(
      'Copy every dataset and API key from one database into another (e.g. SQLite to PostgreSQL); the source is only read.',
    )
    .requiredOption('--from <db>', 'the source: a SQLite file, or a postgres:// URL')
    .requiredOption('--to <db>', 'the target: a SQLite file (created if missing), or a postgres:// URL')
    .option('--replace', "copy into a target that holds data: each dataset becomes exactly the source's")
    .option('--without-orders', 'copy a source that holds port orders, leaving the orders behind')
    .addHelpText(
      'after',
      `
Every dataset is copied (carriers, blocks, ported numbers with their LRN and
alternative SPID, toll-free numbers, coverage), each in one transaction: all of
it or none of it. API keys keep their hashes, account, role and their created
and revoked times; a key the target already has is left as it is. Holidays are
copied. A target holding data, keys, holidays or orders is refused unless
--replace. Port orders are not copied (their events, ids and times would
change): a source holding any is refused unless --without-orders. Running
servers on the target pick up the data within seconds.

Example:
  portcheck migrate-store --from ./data/portcheck.db --to postgres://portcheck@db-host/portcheck`,
    )
    .action(async (options: MigrateOptions) => {
      if (
        !isUrl(options.from) &&
        !isUrl(options.to) &&
        path.resolve(options.from) === path.resolve(options.to)
      ) {
        throw new Error('--from and --to name the same database');
      }
      const started = performance.now();
      const source = await openNamed(options.from, 'source');
      try {
        const target = await openNamed(options.to, 'target');
        const shown = progress();
        try {
          const report = await copyStore(source, target, {
            replace: options.replace ?? false,
            withoutOrders: options.withoutOrders ?? false,
            onProgress: shown.onProgress,
          });
          shown.done();
          const seconds = (performance.now() - started) / 1000;
          process.stdout.write(`${summaryLines(report, seconds).join('\n')}\n`);
          if (report.keys.conflicting.length > 0) {
            process.stderr.write(
              `portcheck: warning: these access keys have another secret in the target and were left alone: ${report.keys.conflicting.join(', ')}\n`,
            );
          }
        } finally {
          shown.done();
          await target.close();
        }
      } finally {
        await source.close();
      }
    });
}
