import type { Statement } from 'better-sqlite3';
import type { DatasetSink } from '../../domain/sink.js';
import { type CarrierRecord, type Coverage, SV_TYPES } from '../../domain/types.js';
import {
  type DatasetName,
  type DuplicateKey,
  type ImportCounts,
  ImportNeedsStaging,
  type ImportSession,
  type StagedRow,
} from '../store.js';
import { connect, type Db } from './connection.js';
import { describeCycle, findUnderlyingCycles } from './cycles.js';
import { streamDatasets } from './load.js';
import { PortedRuns } from './ported-runs.js';

type RowDataset = Exclude<DatasetName, 'coverage'>;

/** How each row dataset is staged and merged. Column lists are shared by stage and table. */
interface TableSpec {
  keys: readonly string[];
  columns: readonly string[];
  /** The TEMP staging table: the dataset's columns and key, plus the file line. */
  stage: string;
  /** Bind values for one row, in the staging table's column order (without `line`). */
  values(row: StagedRow): unknown[];
  keyText(values: unknown[]): string;
}

const TABLES: Record<RowDataset, TableSpec> = {
  carriers: {
    keys: ['id'],
    columns: ['id', 'name', 'category', 'underlying_id'],
    stage: '(id TEXT PRIMARY KEY, name, category, underlying_id, line INTEGER NOT NULL) WITHOUT ROWID',
    values: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'carriers' }>).record;
      return [r.id, r.name, r.category, r.underlyingId];
    },
    keyText: (v) => String(v[0]),
  },
  blocks: {
    keys: ['npa', 'nxx', 'block_id'],
    columns: ['npa', 'nxx', 'block_id', 'lata', 'ocn', 'rate_center', 'state', 'coc_type', 'portable'],
    stage:
      '(npa, nxx, block_id, lata, ocn, rate_center, state, coc_type, portable, line INTEGER NOT NULL, ' +
      'PRIMARY KEY (npa, nxx, block_id)) WITHOUT ROWID',
    values: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'blocks' }>).record;
      return [r.npa, r.nxx, r.blockId, r.lata, r.ocn, r.rateCenter, r.state, r.cocType, r.portable ? 1 : 0];
    },
    keyText: (v) =>
      `${pad3(v[0] as number)}-${pad3(v[1] as number)}-${(v[2] as number) < 0 ? 'A' : String(v[2])}`,
  },
  ported: {
    keys: ['tn'],
    columns: ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid'],
    // del is 1 for `action = delete`.
    stage:
      '(tn INTEGER PRIMARY KEY, spid, sv_type, lrn, alt_spid, del INTEGER NOT NULL, line INTEGER NOT NULL)',
    values: (row) => {
      const p = row as Extract<StagedRow, { dataset: 'ported' }>;
      const r = p.record;
      return [r.tn, r.spid, r.svType, r.lrn, r.altSpid, p.action === 'delete' ? 1 : 0];
    },
    keyText: (v) => String(v[0]),
  },
  tollfree: {
    keys: ['number'],
    columns: ['number', 'resporg_id', 'status'],
    stage: '(number INTEGER PRIMARY KEY, resporg_id, status, line INTEGER NOT NULL)',
    values: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'tollfree' }>).record;
      return [r.number, r.resporgId, r.status];
    },
    keyText: (v) => String(v[0]),
  },
};

const pad3 = (n: number) => String(n).padStart(3, '0');

/**
 * Rows per INSERT on the direct path: binding costs better-sqlite3 about
 * 50-120 ns a value, but each statement call costs microseconds, so rows go
 * a hundred at a time.
 */
const DIRECT_ROWS = 100;
const PORTED_COLUMNS = 5;

/**
 * One import on its own connection, inside one write transaction (BEGIN
 * IMMEDIATE) from start to commit: readers keep seeing the previous version
 * until COMMIT, and a process that dies mid-import leaves only a rolled-back
 * journal behind. Rows are staged in a TEMP table keyed like the dataset, so
 * a key repeated inside the file is caught by the primary key.
 */
export class SqliteImportSession implements ImportSession {
  private readonly db: Db;
  private readonly spec: TableSpec | null;
  private readonly insertStage: Statement | null = null;
  private readonly firstLineOf: Statement | null = null;
  /** Prepared on the first writeCarriersIfAbsent() (blocks imports only). */
  private insertCarrierStage: Statement | null = null;
  private coverage: Coverage | null = null;
  private finished = false;
  /**
   * Set when ported rows go straight into an empty main.ported (see
   * ImportSessionOptions.direct): no staging table, nothing to merge with,
   * and the primary key itself catches a repeated number. Rows are put in
   * number order (PortedRuns) and inserted at commit.
   */
  private readonly direct: {
    many: Statement;
    one: Statement;
    runs: PortedRuns;
    written: number;
  } | null = null;

  constructor(
    path: string,
    private readonly dataset: DatasetName,
    private readonly options: { replace: boolean; dryRun: boolean; direct: boolean },
  ) {
    this.db = connect(path);
    try {
      // A bigger page cache makes large imports much faster; it is freed at close.
      this.db.pragma('cache_size = -65536');
      this.db.exec('BEGIN IMMEDIATE');
      this.spec = dataset === 'coverage' ? null : TABLES[dataset];
      const emptyPorted = 'SELECT NOT EXISTS (SELECT 1 FROM main.ported)';
      if (dataset === 'ported' && options.direct && this.db.prepare(emptyPorted).pluck().get() === 1) {
        // sv_type is bound as its index in SV_TYPES: a number binds for half the cost of a string.
        const svType = `CASE ? ${SV_TYPES.map((t, i) => `WHEN ${i} THEN '${t}'`).join(' ')} END`;
        const insert = (rows: number) =>
          this.db.prepare(
            `INSERT INTO main.ported (tn, spid, sv_type, lrn, alt_spid) VALUES ${Array(rows).fill(`(?, ?, ${svType}, ?, ?)`).join(', ')} ON CONFLICT DO NOTHING`,
          );
        const runs = new PortedRuns(`${path}-import-${process.pid}-${Date.now()}.tmp`);
        this.direct = { many: insert(DIRECT_ROWS), one: insert(1), runs, written: 0 };
      }
      if (!this.direct && this.spec) {
        this.db.pragma('temp.cache_size = -65536');
        const spec = this.spec;
        this.db.exec(`CREATE TEMP TABLE stage ${spec.stage}`);
        const names = [...spec.columns, ...(dataset === 'ported' ? ['del'] : []), 'line'];
        this.insertStage = this.db.prepare(
          `INSERT INTO temp.stage (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`,
        );
        this.firstLineOf = this.db
          .prepare(`SELECT line FROM temp.stage WHERE ${spec.keys.map((k) => `${k} = ?`).join(' AND ')}`)
          .pluck();
      }
    } catch (error) {
      this.close(true);
      throw error;
    }
  }

  async write(rows: readonly StagedRow[]): Promise<DuplicateKey[]> {
    this.assertOpen();
    const spec = this.spec;
    if (!spec) throw new Error('coverage imports take writeCoverage(), not rows');
    if (this.direct) {
      this.writeDirect(rows);
      return [];
    }
    const duplicates: DuplicateKey[] = [];
    for (const row of rows) {
      if (row.dataset !== this.dataset) throw new Error(`a ${row.dataset} row in a ${this.dataset} import`);
      if (this.options.replace && row.dataset === 'ported' && row.action === 'delete') {
        throw new Error(`line ${row.line}: with replace, rows must not say delete`);
      }
      const values = spec.values(row);
      if (this.insertStage!.run(...values, row.line).changes === 0) {
        const key = values.slice(0, spec.keys.length);
        duplicates.push({
          line: row.line,
          firstLine: this.firstLineOf!.get(...key) as number,
          key: spec.keyText(key),
        });
      }
    }
    return duplicates;
  }

  /** Only gathers the rows: they are inserted in number order at commit (insertDirect). */
  private writeDirect(rows: readonly StagedRow[]): void {
    const runs = this.direct!.runs;
    for (const row of rows) {
      if (row.dataset !== 'ported') throw new Error(`a ${row.dataset} row in a ported import`);
      if (row.action === 'delete') {
        if (this.options.replace) throw new Error(`line ${row.line}: with replace, rows must not say delete`);
        throw new ImportNeedsStaging(`line ${row.line} deletes a number`);
      }
      runs.add(row.record);
    }
  }

  /**
   * Inserts the gathered rows, numbers ascending, DIRECT_ROWS per statement,
   * and hands each to `sink`; a repeated number is skipped by the primary
   * key, which the change count gives away.
   */
  private insertDirect(sink: DatasetSink | null): ImportCounts {
    const direct = this.direct!;
    const values: unknown[] = [];
    let rows = 0;
    sink?.expect?.('ported', direct.runs.size);
    direct.runs.merge((tn, spid, svType, lrn, altSpid) => {
      const at = rows * PORTED_COLUMNS;
      values[at] = tn;
      values[at + 1] = spid;
      values[at + 2] = svType;
      values[at + 3] = lrn;
      values[at + 4] = altSpid;
      if (++rows === DIRECT_ROWS) {
        rows = 0;
        if (direct.many.run(values).changes !== DIRECT_ROWS)
          throw new ImportNeedsStaging('a number is repeated');
        direct.written += DIRECT_ROWS;
      }
      sink?.ported(tn, spid, SV_TYPES[svType]);
    });
    for (let i = 0; i < rows; i++) {
      const at = i * PORTED_COLUMNS;
      if (direct.one.run(values.slice(at, at + PORTED_COLUMNS)).changes !== 1) {
        throw new ImportNeedsStaging('a number is repeated');
      }
      direct.written++;
    }
    return { read: direct.written, inserted: direct.written, updated: 0, deleted: 0 };
  }

  async writeCoverage(coverage: Coverage): Promise<void> {
    this.assertOpen();
    if (this.dataset !== 'coverage') throw new Error(`writeCoverage() in a ${this.dataset} import`);
    this.coverage = coverage;
  }

  async writeCarriersIfAbsent(records: readonly CarrierRecord[]): Promise<void> {
    this.assertOpen();
    if (this.dataset !== 'blocks') throw new Error(`writeCarriersIfAbsent() in a ${this.dataset} import`);
    if (!this.insertCarrierStage) {
      this.db.exec(
        'CREATE TEMP TABLE stage_carriers (id TEXT PRIMARY KEY, name, category, underlying_id) WITHOUT ROWID',
      );
      this.insertCarrierStage = this.db.prepare(
        'INSERT INTO temp.stage_carriers (id, name, category, underlying_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
    }
    for (const r of records) this.insertCarrierStage.run(r.id, r.name, r.category, r.underlyingId);
  }

  async validate(): Promise<string[]> {
    this.assertOpen();
    if (this.dataset !== 'carriers') return [];
    const merged = this.options.replace
      ? 'SELECT id, underlying_id FROM temp.stage'
      : `SELECT id, underlying_id FROM temp.stage
         UNION ALL
         SELECT id, underlying_id FROM main.carriers WHERE id NOT IN (SELECT id FROM temp.stage)`;
    const underlying = new Map<string, string | null>();
    for (const [id, under] of this.db.prepare(merged).raw().iterate() as Iterable<[string, string | null]>) {
      underlying.set(id, under);
    }
    return findUnderlyingCycles(underlying).map(describeCycle);
  }

  async commit(sink?: DatasetSink): Promise<ImportCounts> {
    this.assertOpen();
    try {
      const [version, updatedAt] = this.db
        .prepare(
          'UPDATE meta SET data_version = data_version + 1, updated_at = ? WHERE id = 1 RETURNING data_version, updated_at',
        )
        .raw()
        .get(new Date().toISOString()) as [number, string];
      let counts: ImportCounts;
      if (this.direct) {
        // The rows go to the sink as they are inserted, where a load would read them.
        let inserted: ImportCounts | null = null;
        if (sink) await streamDatasets(this.db, sink, (s) => (inserted = this.insertDirect(s)));
        counts = inserted ?? this.insertDirect(null);
      } else {
        counts = this.spec ? this.mergeRows(this.spec) : this.replaceCoverage();
        if (this.insertCarrierStage) counts.carriersAdded = this.addAbsentCarriers();
        if (sink) {
          // The staging tables' pages are not needed any more; the sink is about to fill memory.
          this.db.exec('DROP TABLE IF EXISTS temp.stage; DROP TABLE IF EXISTS temp.stage_carriers');
          this.db.pragma('shrink_memory');
          await streamDatasets(this.db, sink);
        }
      }
      if (!this.options.dryRun) counts.version = { version, updatedAt };
      this.db.exec(this.options.dryRun ? 'ROLLBACK' : 'COMMIT');
      this.close(false);
      return counts;
    } catch (error) {
      this.close(true);
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (!this.finished) this.close(true);
  }

  private mergeRows(spec: TableSpec): ImportCounts {
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
    let deleted: number;
    if (this.options.replace) {
      // Emptying and refilling beats a row-by-row anti-join on large tables.
      deleted = count(`SELECT count(*) FROM ${table}`) - updated;
      this.db.exec(`DELETE FROM ${table}`);
      this.db.exec(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM temp.stage ORDER BY ${order}`);
    } else {
      deleted = isPorted
        ? this.db.prepare(`DELETE FROM ${table} WHERE tn IN (SELECT tn FROM temp.stage WHERE del = 1)`).run()
            .changes
        : 0;
      this.db.exec(
        `INSERT OR REPLACE INTO ${table} (${cols}) SELECT ${cols} FROM temp.stage s WHERE ${upsertRows} ORDER BY ${order}`,
      );
    }
    return { read, inserted: upserts - updated, updated, deleted };
  }

  /** Inserts the staged carriers whose id is new; existing carriers stay exactly as they are. */
  private addAbsentCarriers(): number {
    return this.db
      .prepare(
        `INSERT INTO main.carriers (id, name, category, underlying_id)
         SELECT s.id, s.name, s.category, s.underlying_id FROM temp.stage_carriers s
         WHERE NOT EXISTS (SELECT 1 FROM main.carriers c WHERE c.id = s.id) ORDER BY s.id`,
      )
      .run().changes;
  }

  /** Coverage is one document: the file's providers replace the old ones. */
  private replaceCoverage(): ImportCounts {
    if (!this.coverage) throw new Error('commit() of a coverage import without writeCoverage()');
    const old = this.db.prepare('SELECT document FROM coverage WHERE id = 1').pluck().get() as
      | string
      | undefined;
    const deleted = old ? (JSON.parse(old) as Coverage).providers.length : 0;
    this.db
      .prepare('INSERT OR REPLACE INTO coverage (id, document) VALUES (1, ?)')
      .run(JSON.stringify(this.coverage));
    const n = this.coverage.providers.length;
    return { read: n, inserted: n, updated: 0, deleted };
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this import session has already been committed or aborted');
  }

  private close(rollback: boolean): void {
    this.finished = true;
    try {
      if (rollback && this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.direct?.runs.close();
      this.db.close();
    }
  }
}
