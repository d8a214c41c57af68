import type pg from 'pg';
import { describeCycle, findUnderlyingCycles } from '../../../domain/carrier-cycles.js';
import type { DatasetSink } from '../../../domain/sink.js';
import type { CarrierRecord, Coverage, SvType } from '../../../domain/types.js';
import {
  type DatasetName,
  type DataVersion,
  type DuplicateKey,
  type ImportCounts,
  ImportNeedsStaging,
  type ImportSession,
  type ImportSessionOptions,
  type SnapshotPublisher,
  type StagedRow,
} from '../../store.js';
import { copyField, copyIn } from '../copy.js';
import type { Database } from '../database.js';
import { isConnectionError } from '../errors.js';
import { acquireImportLock } from '../import-lock.js';
import { streamDatasets } from '../load.js';
import { type RowDataset, TABLES, type TableSpec } from './tables.js';

/**
 * An import: its own connection, inside one transaction from begin to
 * commit, so readers keep seeing the previous version until COMMIT and a
 * process that dies mid-import leaves nothing (the server rolls back when the
 * connection drops). Rows arrive by COPY into a TEMP `batch` table, are
 * checked for repeated keys against everything staged so far, and move into
 * TEMP `stage`, keyed like the dataset; commit() merges stage into (or
 * replaces) the dataset with set-based SQL. A real import holds the import
 * lock (import-lock.ts); a dry run takes none, and reads in REPEATABLE READ
 * so it counts against the data as it was when it began.
 * The direct path (ImportSessionOptions.direct: a real ported import while
 * the table is empty) COPYs rows straight into `ported`, skipping the stage
 * and the merge; a repeated number (the primary key refuses the COPY) or a
 * delete row gives ImportNeedsStaging. A dry run always stages: rows it
 * wrote into `ported` would hold up a real import's same numbers.
 */
/** How many distinct (spid, type) pairs feedDirect can pack beside a ten-digit number. */
const PAIR_SLOTS = 2 ** 19;
/** Rows per COPY on the direct path. */
const DIRECT_COPY_ROWS = 100_000;

export class PostgresImportSession implements ImportSession {
  private finished = false;
  private coverage: Coverage | null = null;
  private carriersStaged = false;
  private carrierOrdinal = 0;
  /** Rows in stage, and how many it held when last analysed. */
  private staged = 0;
  /** The direct path's COPY in flight, and the rows gathered for the next one (see startCopy). */
  private copying: Promise<unknown> | null = null;
  private directChunks: Buffer[] = [];
  private directRows = 0;
  /**
   * The direct path's rows, kept compactly (a number and an index into the few distinct spid and type
   * pairs): the table holds exactly these at commit, so the commit's sink is fed from here instead of
   * reading ten million rows back.
   */
  private directTns = new Float64Array(1024);
  private directPairs = new Uint32Array(1024);
  private readonly pairIndex = new Map<string, Map<string, number>>();
  private readonly pairList: [string, SvType][] = [];
  private analyzedAt = 0;

  private constructor(
    private readonly db: Database,
    private readonly client: pg.PoolClient,
    private readonly dataset: DatasetName,
    private readonly options: { replace: boolean; dryRun: boolean },
    private readonly unlock: (() => Promise<void>) | null,
    private readonly direct: boolean,
  ) {}

  static async begin(
    db: Database,
    dataset: DatasetName,
    options: ImportSessionOptions,
  ): Promise<PostgresImportSession> {
    const client = await db.connect();
    const dryRun = options.dryRun ?? false;
    let unlock: (() => Promise<void>) | null = null;
    try {
      if (dryRun) {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        await client.query('SELECT data_version FROM data_meta WHERE id = 1');
      } else {
        unlock = await acquireImportLock(db, client, dataset);
        await client.query('BEGIN');
      }
      const direct =
        dataset === 'ported' &&
        !dryRun &&
        options.direct === true &&
        (await client.query({ text: 'SELECT NOT EXISTS (SELECT 1 FROM ported)', rowMode: 'array' }))
          .rows[0][0] === true;
      if (dataset !== 'coverage' && !direct) {
        const spec = TABLES[dataset];
        const extra = `${dataset === 'ported' ? ', del boolean NOT NULL' : ''}, line integer NOT NULL`;
        await client.query(
          `CREATE TEMP TABLE batch (${spec.definitions}${extra}) ON COMMIT DROP;
           CREATE TEMP TABLE stage (${spec.definitions}${extra}, PRIMARY KEY (${spec.keys.join(', ')})) ON COMMIT DROP`,
        );
      }
      const opts = { replace: options.replace, dryRun };
      return new PostgresImportSession(db, client, dataset, opts, unlock, direct);
    } catch (error) {
      const broken = isConnectionError(error);
      if (!broken) await client.query('ROLLBACK').catch(() => {});
      if (unlock && !broken) await unlock().catch(() => {});
      client.release(broken ? (error as Error) : undefined);
      db.health.failed(error);
      throw db.explain(error);
    }
  }

  async write(rows: readonly StagedRow[]): Promise<DuplicateKey[]> {
    this.assertOpen();
    if (this.dataset === 'coverage') throw new Error('a coverage import takes no rows');
    const spec = TABLES[this.dataset];
    for (const row of rows) {
      if (row.dataset !== this.dataset) throw new Error(`a ${row.dataset} row in a ${this.dataset} import`);
      if (this.options.replace && row.dataset === 'ported' && row.action === 'delete') {
        throw new Error(`line ${row.line}: with replace, rows must not say delete`);
      }
    }
    if (rows.length === 0) return [];
    if (this.direct) return this.writeDirect(rows);
    let text = '';
    for (const row of rows) text += `${spec.copyLine(row)}\t${row.line}\n`;
    return this.guard(async () => {
      const columns = this.stageColumns(spec);
      const keys = spec.keys.join(', ');
      await copyIn(this.client, `pg_temp.batch (${columns})`, text);
      // Each new key goes to stage with its first line; a key already there stays as it is.
      const added = await this.client.query(
        `INSERT INTO pg_temp.stage (${columns})
         SELECT DISTINCT ON (${keys}) ${columns} FROM pg_temp.batch ORDER BY ${keys}, line
         ON CONFLICT DO NOTHING`,
      );
      // Every row staged: no repeats (the usual case, one statement saved). Otherwise every batch
      // row whose line is not the one staged for its key repeats that one.
      const duplicates = added.rowCount === rows.length ? [] : await this.repeatedKeys(spec);
      await this.client.query('TRUNCATE pg_temp.batch');
      this.staged += added.rowCount ?? 0;
      if (this.staged >= 2 * this.analyzedAt) {
        // Temp tables have no statistics until analysed: without them the look-ups above
        // and the merge at commit may scan the whole stage. Refreshed as it doubles.
        await this.client.query('ANALYZE pg_temp.stage');
        this.analyzedAt = this.staged;
      }
      return duplicates;
    });
  }

  async writeCoverage(coverage: Coverage): Promise<void> {
    this.assertOpen();
    if (this.dataset !== 'coverage') throw new Error(`writeCoverage() in a ${this.dataset} import`);
    this.coverage = coverage;
  }

  async writeCarriersIfAbsent(records: readonly CarrierRecord[]): Promise<void> {
    this.assertOpen();
    if (this.dataset !== 'blocks') throw new Error(`writeCarriersIfAbsent() in a ${this.dataset} import`);
    if (records.length === 0) return;
    await this.guard(async () => {
      if (!this.carriersStaged) {
        await this.client.query(
          `CREATE TEMP TABLE stage_carriers (${TABLES.carriers.definitions}, ord integer NOT NULL) ON COMMIT DROP`,
        );
        this.carriersStaged = true;
      }
      let text = '';
      for (const r of records) {
        text += `${copyField(r.id)}\t${copyField(r.name)}\t${copyField(r.category)}\t${copyField(r.underlyingId)}\t${this.carrierOrdinal++}\n`;
      }
      await copyIn(this.client, 'pg_temp.stage_carriers (id, name, category, underlying_id, ord)', text);
    });
  }

  async validate(): Promise<string[]> {
    this.assertOpen();
    if (this.dataset !== 'carriers') return [];
    const merged = this.options.replace
      ? 'SELECT id, underlying_id FROM pg_temp.stage'
      : `SELECT id, underlying_id FROM pg_temp.stage
         UNION ALL
         SELECT c.id, c.underlying_id FROM carriers c
         WHERE NOT EXISTS (SELECT 1 FROM pg_temp.stage s WHERE s.id = c.id)`;
    const rows = await this.guard(() => this.rows(`${merged} ORDER BY 1`));
    return findUnderlyingCycles(new Map(rows as [string, string | null][])).map(describeCycle);
  }

  async commit(sink?: DatasetSink, publish?: SnapshotPublisher): Promise<ImportCounts> {
    this.assertOpen();
    try {
      await this.startCopy();
      await this.settleCopy();
      const counts =
        this.dataset === 'coverage'
          ? await this.applyCoverage()
          : this.direct
            ? { read: this.staged, inserted: this.staged, updated: 0, deleted: 0 }
            : await this.mergeRows();
      if (this.carriersStaged) counts.carriersAdded = await this.addAbsentCarriers();
      if (!this.options.dryRun) counts.version = await this.bumpVersion();
      if (sink) {
        // The staging tables are not needed any more; the sink is about to fill memory.
        await this.client.query('DROP TABLE IF EXISTS pg_temp.batch, pg_temp.stage, pg_temp.stage_carriers');
        const kept = this.direct && this.pairList.length < PAIR_SLOTS;
        await streamDatasets(this.client, sink, kept ? (into) => this.feedDirect(into) : undefined);
      }
      if (publish && counts.version && !this.options.dryRun) {
        // In the commit's own transaction: whoever sees the new version finds its snapshot too.
        const { stamp, chunks } = publish(counts.version);
        await this.client.query(
          `INSERT INTO published_snapshot (id, stamp, bytes, published_at) VALUES (1, $1, $2, now())
           ON CONFLICT (id) DO UPDATE SET stamp = EXCLUDED.stamp, bytes = EXCLUDED.bytes, published_at = now()`,
          [stamp, Buffer.concat(chunks)],
        );
      }
      await this.client.query(this.options.dryRun ? 'ROLLBACK' : 'COMMIT');
      await this.finish(false, null);
      return counts;
    } catch (error) {
      await this.finish(true, error);
      this.db.health.failed(error);
      throw this.db.explain(error);
    }
  }

  async abort(): Promise<void> {
    if (!this.finished) await this.finish(true, null);
  }

  /** The direct path: rows straight into the (empty at begin) ported table. */
  private async writeDirect(rows: readonly StagedRow[]): Promise<DuplicateKey[]> {
    let text = '';
    for (const row of rows) {
      const p = row as Extract<StagedRow, { dataset: 'ported' }>;
      if (p.action === 'delete') throw new ImportNeedsStaging(`line ${p.line} deletes a number`);
      const r = p.record;
      text += `${r.tn}\t${copyField(r.spid)}\t${copyField(r.svType)}\t${copyField(r.lrn)}\t${copyField(r.altSpid)}\n`;
    }
    this.keepDirect(rows);
    this.staged += rows.length;
    // Bytes now, a batch at a time: one long string grown by += would be flattened and copied again.
    this.directChunks.push(Buffer.from(text));
    this.directRows += rows.length;
    if (this.directRows >= DIRECT_COPY_ROWS) await this.startCopy();
    return [];
  }

  /**
   * Sends the rows gathered so far in one COPY, after the previous one has finished. The database
   * takes them while the caller reads the next rows: the next COPY (or the commit) waits for it, and
   * a failure of it surfaces there. Few large COPYs, not one per batch of the reader's.
   */
  private async startCopy(): Promise<void> {
    await this.settleCopy();
    if (this.directRows === 0) return;
    const chunks = this.directChunks;
    this.directChunks = [];
    this.directRows = 0;
    const copying = copyIn(this.client, 'ported (tn, spid, sv_type, lrn, alt_spid)', chunks);
    copying.catch(() => {}); // awaited by settleCopy; never an unhandled rejection meanwhile
    this.copying = copying;
  }

  /** Waits for the direct path's COPY in flight, if any, turning its failure into the import's. */
  private async settleCopy(): Promise<void> {
    const pending = this.copying;
    this.copying = null;
    if (pending === null) return;
    try {
      await pending;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ImportNeedsStaging('a number is repeated');
      this.db.health.failed(error);
      throw this.db.explain(error);
    }
  }

  private keepDirect(rows: readonly StagedRow[]): void {
    const need = this.staged + rows.length;
    if (need > this.directTns.length) {
      const size = Math.max(need, this.directTns.length * 2);
      const tns = new Float64Array(size);
      tns.set(this.directTns.subarray(0, this.staged));
      const pairs = new Uint32Array(size);
      pairs.set(this.directPairs.subarray(0, this.staged));
      this.directTns = tns;
      this.directPairs = pairs;
    }
    let at = this.staged;
    for (const row of rows) {
      const r = (row as Extract<StagedRow, { dataset: 'ported' }>).record;
      let bySpid = this.pairIndex.get(r.spid);
      if (bySpid === undefined) {
        bySpid = new Map();
        this.pairIndex.set(r.spid, bySpid);
      }
      let index = bySpid.get(r.svType);
      if (index === undefined) {
        index = this.pairList.length;
        this.pairList.push([r.spid, r.svType]);
        bySpid.set(r.svType, index);
      }
      this.directTns[at] = r.tn;
      this.directPairs[at] = index;
      at++;
    }
  }

  /**
   * Feeds the kept rows in ascending order, as a load gives them: each packed into one float (the
   * number times 2^19 plus its pair's index stays under 2^53) and sorted natively.
   */
  private feedDirect(sink: DatasetSink): void {
    const keys = new Float64Array(this.staged);
    for (let i = 0; i < this.staged; i++) keys[i] = this.directTns[i] * PAIR_SLOTS + this.directPairs[i];
    keys.sort();
    sink.expect?.('ported', this.staged);
    for (let i = 0; i < this.staged; i++) {
      const key = keys[i];
      const pair = key % PAIR_SLOTS;
      const [spid, svType] = this.pairList[pair] as [string, SvType];
      sink.ported((key - pair) / PAIR_SLOTS, spid, svType);
    }
  }

  /** The batch rows whose key is staged with another (earlier) line, with that line. */
  private async repeatedKeys(spec: TableSpec): Promise<DuplicateKey[]> {
    const rows = await this.rows(
      `SELECT b.line, s.line, ${spec.keys.map((k) => `b.${k}`).join(', ')}
       FROM pg_temp.batch b JOIN pg_temp.stage s ON ${spec.keys.map((k) => `s.${k} = b.${k}`).join(' AND ')}
       WHERE b.line <> s.line
       ORDER BY b.line`,
    );
    return rows.map(([line, firstLine, ...key]) => ({
      line: line as number,
      firstLine: firstLine as number,
      key: spec.keyText(key),
    }));
  }

  /** Counts what the commit does (from reads, so a dry run counts exactly as a real one) and, unless a dry run, does it. */
  private async mergeRows(): Promise<ImportCounts> {
    const dataset = this.dataset as RowDataset;
    const spec = TABLES[dataset];
    const cols = spec.columns.join(', ');
    const keys = spec.keys.join(', ');
    const isPorted = dataset === 'ported';
    const matches = `EXISTS (SELECT 1 FROM ${dataset} m WHERE ${spec.keys.map((k) => `m.${k} = s.${k}`).join(' AND ')})`;
    const upsert = isPorted ? 'NOT s.del' : 'true';
    const [[read, updated, upserts, deletedHere]] = (await this.rows(
      `SELECT count(*)::int, (count(*) FILTER (WHERE ${upsert} AND ${matches}))::int,
              (count(*) FILTER (WHERE ${upsert}))::int,
              ${isPorted ? `(count(*) FILTER (WHERE s.del AND ${matches}))::int` : '0'}
       FROM pg_temp.stage s`,
    )) as [[number, number, number, number]];
    let deleted = deletedHere;
    if (this.options.replace) {
      const [[total]] = (await this.rows(`SELECT count(*)::int FROM ${dataset}`)) as [[number]];
      deleted = total - updated;
    }
    if (!this.options.dryRun) {
      if (this.options.replace) {
        // Rows absent from the file go; the rest are upserted below, unchanged ones left alone.
        await this.client.query(
          `DELETE FROM ${dataset} m WHERE NOT EXISTS (SELECT 1 FROM pg_temp.stage s WHERE ${spec.keys.map((k) => `s.${k} = m.${k}`).join(' AND ')})`,
        );
      } else if (isPorted) {
        await this.client.query('DELETE FROM ported m USING pg_temp.stage s WHERE s.del AND m.tn = s.tn');
      }
      const rest = spec.columns.filter((c) => !spec.keys.includes(c));
      await this.client.query(
        `INSERT INTO ${dataset} AS m (${cols}) SELECT ${cols} FROM pg_temp.stage s WHERE ${upsert} ORDER BY ${keys}
         ON CONFLICT (${keys}) DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
         WHERE (${rest.map((c) => `m.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `EXCLUDED.${c}`).join(', ')})`,
      );
    }
    return { read, inserted: upserts - updated, updated, deleted };
  }

  /** Coverage is one document: the file's providers replace the old ones, whatever `replace` says. */
  private async applyCoverage(): Promise<ImportCounts> {
    if (!this.coverage) throw new Error('commit() of a coverage import without writeCoverage()');
    const old = (await this.rows('SELECT document FROM coverage WHERE id = 1')) as [string][];
    const deleted = old.length ? (JSON.parse(old[0][0]) as Coverage).providers.length : 0;
    if (!this.options.dryRun) {
      await this.client.query(
        `INSERT INTO coverage (id, document) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document`,
        [JSON.stringify(this.coverage)],
      );
    }
    const n = this.coverage.providers.length;
    return { read: n, inserted: n, updated: 0, deleted };
  }

  /** Inserts the staged carriers whose id is new (an id staged twice keeps its first record). */
  private async addAbsentCarriers(): Promise<number> {
    const absent = `FROM (SELECT DISTINCT ON (id) * FROM pg_temp.stage_carriers ORDER BY id, ord) s
      WHERE NOT EXISTS (SELECT 1 FROM carriers c WHERE c.id = s.id)`;
    if (this.options.dryRun) {
      const [[n]] = (await this.rows(`SELECT count(*)::int ${absent}`)) as [[number]];
      return n;
    }
    const inserted = await this.client.query(
      `INSERT INTO carriers (id, name, category, underlying_id)
       SELECT s.id, s.name, s.category, s.underlying_id ${absent} ORDER BY s.id`,
    );
    return inserted.rowCount ?? 0;
  }

  /** The new version, and the note every listening instance gets when this commits. */
  private async bumpVersion(): Promise<DataVersion> {
    const [[version, updatedAt]] = (await this.rows(
      'UPDATE data_meta SET data_version = data_version + 1, updated_at = $1 WHERE id = 1 RETURNING data_version, updated_at',
      [new Date().toISOString()],
    )) as [[number, string]];
    await this.client.query("SELECT pg_notify($1, 'data')", [this.db.channel]);
    return { version, updatedAt };
  }

  private stageColumns(spec: TableSpec): string {
    return [...spec.columns, ...(this.dataset === 'ported' ? ['del'] : []), 'line'].join(', ');
  }

  private async rows(text: string, values: unknown[] = []): Promise<unknown[][]> {
    return (await this.client.query({ text, values, rowMode: 'array' })).rows as unknown[][];
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('this import session has already been committed or aborted');
  }

  /** Runs a step of the session, its errors explained (the caller aborts). */
  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.db.health.failed(error);
      throw this.db.explain(error);
    }
  }

  /**
   * Ends the transaction (rolled back unless already ended), frees the lock
   * and the connection. A connection that failed is closed, not pooled: its
   * lock then goes with it.
   */
  private async finish(rollback: boolean, error: unknown): Promise<void> {
    this.finished = true;
    // A COPY still in flight ends (or fails) before the ROLLBACK is sent on its connection.
    await this.copying?.catch(() => {});
    this.copying = null;
    let broken = isConnectionError(error);
    if (!broken) {
      try {
        if (rollback) await this.client.query('ROLLBACK');
        if (this.unlock) await this.unlock();
      } catch {
        broken = true;
      }
    }
    this.client.release(broken ? new Error('import connection closed') : undefined);
  }
}
