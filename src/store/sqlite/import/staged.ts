import type { Statement } from 'better-sqlite3';
import { describeCycle, findUnderlyingCycles } from '../../../domain/carrier-cycles.js';
import type { DatasetSink } from '../../../domain/sink.js';
import type { CarrierRecord } from '../../../domain/types.js';
import type { DuplicateKey, ImportCounts, StagedRow } from '../../store.js';
import type { Db } from '../connection.js';
import { streamDatasets } from '../load.js';
import { SessionBase, type SessionOptions } from './session-base.js';
import { type RowDataset, TABLES, type TableSpec } from './tables.js';

/**
 * The general strategy for the row datasets: rows are staged in a TEMP table
 * keyed like the dataset, so a key repeated inside the file is caught by the
 * primary key and named with its first line, then merged into (or replace)
 * the dataset at commit.
 */
export class StagedSession extends SessionBase {
  private readonly spec: TableSpec;
  private readonly insertStage: Statement;
  private readonly firstLineOf: Statement;
  /** Prepared on the first writeCarriersIfAbsent() (blocks imports only). */
  private insertCarrierStage: Statement | null = null;

  constructor(db: Db, file: string, dataset: RowDataset, options: SessionOptions, release: () => void) {
    super(db, file, dataset, options, release);
    const spec = TABLES[dataset];
    this.spec = spec;
    db.pragma('temp.cache_size = -65536');
    db.exec(`CREATE TEMP TABLE stage ${spec.stage}`);
    const names = [...spec.columns, ...(dataset === 'ported' ? ['del'] : []), 'line'];
    this.insertStage = db.prepare(
      `INSERT INTO temp.stage (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
    );
    this.firstLineOf = db
      .prepare(`SELECT line FROM temp.stage WHERE ${spec.keys.map((k) => `${k} = ?`).join(' AND ')}`)
      .pluck();
  }

  override async write(rows: readonly StagedRow[]): Promise<DuplicateKey[]> {
    return this.guard(() => {
      const spec = this.spec;
      const duplicates: DuplicateKey[] = [];
      for (const row of rows) {
        if (row.dataset !== this.dataset) throw new Error(`a ${row.dataset} row in a ${this.dataset} import`);
        if (this.options.replace && row.dataset === 'ported' && row.action === 'delete') {
          throw new Error(`line ${row.line}: with replace, rows must not say delete`);
        }
        const values = spec.values(row);
        if (this.insertStage.run(...values, row.line).changes === 0) {
          const key = values.slice(0, spec.keys.length);
          duplicates.push({
            line: row.line,
            firstLine: this.firstLineOf.get(...key) as number,
            key: spec.keyText(key),
          });
        }
      }
      return duplicates;
    });
  }

  override async writeCarriersIfAbsent(records: readonly CarrierRecord[]): Promise<void> {
    if (this.dataset !== 'blocks') return super.writeCarriersIfAbsent(records);
    this.guard(() => {
      if (!this.insertCarrierStage) {
        this.db.exec(
          'CREATE TEMP TABLE stage_carriers (id TEXT PRIMARY KEY, name, category, underlying_id) WITHOUT ROWID',
        );
        this.insertCarrierStage = this.db.prepare(
          'INSERT INTO temp.stage_carriers (id, name, category, underlying_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        );
      }
      for (const r of records) this.insertCarrierStage.run(r.id, r.name, r.category, r.underlyingId);
    });
  }

  override async validate(): Promise<string[]> {
    this.assertOpen();
    if (this.dataset !== 'carriers') return [];
    const merged = this.options.replace
      ? 'SELECT id, underlying_id FROM temp.stage'
      : `SELECT id, underlying_id FROM temp.stage
         UNION ALL
         SELECT id, underlying_id FROM main.carriers WHERE id NOT IN (SELECT id FROM temp.stage)`;
    const underlying = new Map<string, string | null>();
    this.guard(() => {
      for (const [id, under] of this.db.prepare(merged).raw().iterate() as Iterable<
        [string, string | null]
      >) {
        underlying.set(id, under);
      }
    });
    return findUnderlyingCycles(underlying).map(describeCycle);
  }

  protected async apply(sink: DatasetSink | null): Promise<ImportCounts> {
    const counts = this.mergeRows();
    if (this.insertCarrierStage) counts.carriersAdded = this.addAbsentCarriers();
    if (sink) {
      // The staging tables' pages are not needed any more; the sink is about to fill memory.
      this.db.exec('DROP TABLE IF EXISTS temp.stage; DROP TABLE IF EXISTS temp.stage_carriers');
      this.db.pragma('shrink_memory');
      await streamDatasets(this.db, sink);
    }
    return counts;
  }

  private mergeRows(): ImportCounts {
    const spec = this.spec;
    const table = `main.${this.dataset}`;
    const cols = spec.columns.join(', ');
    const order = spec.keys.join(', ');
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    const matches = `EXISTS (SELECT 1 FROM ${table} m WHERE ${spec.keys.map((k) => `m.${k} = s.${k}`).join(' AND ')})`;
    const isPorted = this.dataset === 'ported';
    const upsertRows = isPorted ? 's.del = 0' : '1';

    const read = count('SELECT count(*) FROM temp.stage');
    const updated = count(`SELECT count(*) FROM temp.stage s WHERE ${upsertRows} AND ${matches}`);
    const upserts = isPorted ? count('SELECT count(*) FROM temp.stage s WHERE s.del = 0') : read;
    const dryRun = this.options.dryRun;
    let deleted: number;
    if (this.options.replace) {
      deleted = count(`SELECT count(*) FROM ${table}`) - updated;
      if (!dryRun) {
        // Emptying and refilling beats a row-by-row anti-join on large tables.
        this.db.exec(`DELETE FROM ${table}`);
        this.db.exec(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM temp.stage ORDER BY ${order}`);
      }
    } else {
      deleted = isPorted ? count(`SELECT count(*) FROM temp.stage s WHERE s.del = 1 AND ${matches}`) : 0;
      if (!dryRun) {
        if (isPorted)
          this.db.exec(`DELETE FROM ${table} WHERE tn IN (SELECT tn FROM temp.stage WHERE del = 1)`);
        this.db.exec(
          `INSERT OR REPLACE INTO ${table} (${cols}) SELECT ${cols} FROM temp.stage s WHERE ${upsertRows} ORDER BY ${order}`,
        );
      }
    }
    return { read, inserted: upserts - updated, updated, deleted };
  }

  /** Inserts the staged carriers whose id is new; existing carriers stay exactly as they are. */
  private addAbsentCarriers(): number {
    const absent =
      'FROM temp.stage_carriers s WHERE NOT EXISTS (SELECT 1 FROM main.carriers c WHERE c.id = s.id)';
    if (this.options.dryRun) return this.db.prepare(`SELECT count(*) ${absent}`).pluck().get() as number;
    return this.db
      .prepare(
        `INSERT INTO main.carriers (id, name, category, underlying_id)
         SELECT s.id, s.name, s.category, s.underlying_id ${absent} ORDER BY s.id`,
      )
      .run().changes;
  }
}
