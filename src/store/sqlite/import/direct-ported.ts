import type { Statement } from 'better-sqlite3';
import type { DatasetSink } from '../../../domain/sink.js';
import { SV_TYPES } from '../../../domain/types.js';
import { PortedRuns } from '../../ported-runs.js';
import { type DuplicateKey, type ImportCounts, ImportNeedsStaging, type StagedRow } from '../../store.js';
import type { Db } from '../connection.js';
import { streamDatasets } from '../load.js';
import { SessionBase, type SessionOptions } from './session-base.js';

/**
 * Rows per INSERT: binding costs better-sqlite3 about 50-120 ns a value, but
 * each statement call costs microseconds, so rows go a hundred at a time.
 */
const DIRECT_ROWS = 100;
const PORTED_COLUMNS = 5;

/**
 * The direct path (ImportSessionOptions.direct) for a first ported import:
 * main.ported is empty, so there is no staging table and nothing to merge
 * with, and the primary key itself catches a repeated number. Rows are put in
 * number order (PortedRuns, a temporary file beside the database) and
 * inserted at commit, handed to the sink as they go in. A dry run merges the
 * runs the same way and only counts.
 */
export class DirectPortedSession extends SessionBase {
  private readonly many: Statement;
  private readonly one: Statement;
  private readonly runs: PortedRuns;
  private written = 0;

  constructor(db: Db, file: string, options: SessionOptions, release: () => void) {
    super(db, file, 'ported', options, release);
    // sv_type is bound as its index in SV_TYPES: a number binds for half the cost of a string.
    const svType = `CASE ? ${SV_TYPES.map((t, i) => `WHEN ${i} THEN '${t}'`).join(' ')} END`;
    const insert = (rows: number) =>
      db.prepare(
        `INSERT INTO main.ported (tn, spid, sv_type, lrn, alt_spid) VALUES ${Array(rows).fill(`(?, ?, ${svType}, ?, ?)`).join(', ')} ON CONFLICT DO NOTHING`,
      );
    this.many = insert(DIRECT_ROWS);
    this.one = insert(1);
    this.runs = new PortedRuns(`${file}-import-${process.pid}-${Date.now()}.tmp`);
  }

  /** True when a direct import can start: the dataset is empty. */
  static applies(db: Db): boolean {
    return db.prepare('SELECT NOT EXISTS (SELECT 1 FROM main.ported)').pluck().get() === 1;
  }

  /** Only gathers the rows: they are inserted in number order at commit. */
  override async write(rows: readonly StagedRow[]): Promise<DuplicateKey[]> {
    return this.guard(() => {
      for (const row of rows) {
        if (row.dataset !== 'ported') throw new Error(`a ${row.dataset} row in a ported import`);
        if (row.action === 'delete') {
          if (this.options.replace)
            throw new Error(`line ${row.line}: with replace, rows must not say delete`);
          throw new ImportNeedsStaging(`line ${row.line} deletes a number`);
        }
        this.runs.add(row.record);
      }
      return [];
    });
  }

  protected async apply(sink: DatasetSink | null): Promise<ImportCounts> {
    if (this.options.dryRun) {
      const counts = this.countOnly();
      if (sink) await streamDatasets(this.db, sink);
      return counts;
    }
    // The rows go to the sink as they are inserted, where a load would read them.
    let inserted: ImportCounts | null = null;
    if (sink) await streamDatasets(this.db, sink, (s) => (inserted = this.insert(s)));
    return inserted ?? this.insert(null);
  }

  protected override cleanup(): void {
    this.runs.close();
  }

  /**
   * Inserts the gathered rows, numbers ascending, DIRECT_ROWS per statement,
   * and hands each to `sink`; a repeated number is skipped by the primary
   * key, which the change count gives away.
   */
  private insert(sink: DatasetSink | null): ImportCounts {
    const values: unknown[] = [];
    let rows = 0;
    sink?.expect?.('ported', this.runs.size);
    this.runs.merge((tn, spid, svType, lrn, altSpid) => {
      const at = rows * PORTED_COLUMNS;
      values[at] = tn;
      values[at + 1] = spid;
      values[at + 2] = svType;
      values[at + 3] = lrn;
      values[at + 4] = altSpid;
      if (++rows === DIRECT_ROWS) {
        rows = 0;
        if (this.many.run(values).changes !== DIRECT_ROWS)
          throw new ImportNeedsStaging('a number is repeated');
        this.written += DIRECT_ROWS;
      }
      sink?.ported(tn, spid, SV_TYPES[svType]);
    });
    for (let i = 0; i < rows; i++) {
      const at = i * PORTED_COLUMNS;
      if (this.one.run(values.slice(at, at + PORTED_COLUMNS)).changes !== 1) {
        throw new ImportNeedsStaging('a number is repeated');
      }
      this.written++;
    }
    return { read: this.written, inserted: this.written, updated: 0, deleted: 0 };
  }

  /** The dry run's commit: the merge alone finds a repeated number (side by side once sorted). */
  private countOnly(): ImportCounts {
    let last = -1;
    this.runs.merge((tn) => {
      if (tn === last) throw new ImportNeedsStaging('a number is repeated');
      last = tn;
    });
    const n = this.runs.size;
    return { read: n, inserted: n, updated: 0, deleted: 0 };
  }
}
