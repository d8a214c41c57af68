// Copying one store into another (`portcheck migrate-store`): every dataset, every API key and the
// holidays, through the Store interface alone, so any adapter may be the source or the target
// (SQLite → PostgreSQL is what it is for). The source is read once, in one consistent read
// (loadInto), into a compact spool; then each dataset goes into the target through one import session
// of its own: all or nothing per dataset, validated by the target like any import. Port orders are
// not copied: the interface can only make new events (new ids, positions and times), and an order's
// history and the ids its webhooks carried must not change; a source holding orders is refused
// unless the caller leaves them behind on purpose.
import type { DatasetSink } from '../domain/sink.js';
import {
  type BlockRecord,
  type CarrierRecord,
  type Coverage,
  SV_TYPES,
  type SvType,
  TOLLFREE_STATUSES,
  type TollfreeStatus,
} from '../domain/types.js';
import {
  type ApiKeyRecord,
  DATASETS,
  type DatasetName,
  type DataVersion,
  type ImportCounts,
  ImportNeedsStaging,
  type ImportSession,
  type StagedRow,
  type Store,
} from './store.js';

/** Rows handed to the target's session at a time. */
const BATCH_ROWS = 5_000;
/** Rows read between two progress reports. */
const PROGRESS_EVERY = 50_000;
/** Numbers per chunk of the spool: chunks are filled in turn, never copied to grow. */
const CHUNK_ROWS = 1 << 18;

export interface CopyProgress {
  /** `read`: the source is being read; `write`: `dataset` is being written into the target. */
  phase: 'read' | 'write';
  dataset: DatasetName;
  rows: number;
  /** Rows of that dataset in all, when known. */
  total: number | null;
}

export interface CopyOptions {
  /** Copy into a target that already holds data: each of its datasets becomes exactly the source's. */
  replace: boolean;
  /** Copy a source that holds port orders, leaving them behind (they cannot be copied). */
  withoutOrders?: boolean;
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyReport {
  /** The source's data version that was read. */
  sourceVersion: DataVersion;
  /** Per dataset written, the target's counts (datasets empty in the source and the target are skipped). */
  datasets: { dataset: DatasetName; rows: number; counts: ImportCounts }[];
  keys: {
    /** Created in the target, with their hashes and times. */
    created: number;
    /** Already in the target with the same secret: left as they were (revoked if the source revoked them). */
    kept: number;
    /** Revoked in the target because the source had revoked them. */
    revoked: number;
    /** Access keys in the target with another secret than the source's: left alone, named here. */
    conflicting: string[];
  };
  /** The holidays' counts in the target (absent when the source has none and the target was empty). */
  holidays?: { copied: number; inserted: number; updated: number; deleted: number };
  /** Whether the source held port orders, left behind (withoutOrders). */
  ordersLeftBehind: boolean;
}

/** The source holds port orders, which cannot be copied, and `withoutOrders` was not given. */
export class SourceHasOrders extends Error {
  constructor() {
    super(
      'the source holds port orders, which cannot be copied (their events, ids and times would change): nothing was copied. Pass --without-orders to copy everything else and leave them behind',
    );
    this.name = 'SourceHasOrders';
  }
}

/** The target holds data or keys and `replace` was not given. */
export class TargetNotEmpty extends Error {
  constructor(what: string) {
    super(
      `the target already holds ${what}: nothing was copied. Pass --replace to make each of its datasets exactly the source's`,
    );
    this.name = 'TargetNotEmpty';
  }
}

/**
 * Copies every dataset and API key of `source` into `target`. Refuses a
 * target that is not empty unless `replace`. Datasets are written one after
 * the other, each in one import session: should one fail, those before it
 * are committed and it and those after it are not (the error says which).
 */
export async function copyStore(source: Store, target: Store, options: CopyOptions): Promise<CopyReport> {
  const targetKeys = await target.keys.list();
  const targetEmpty = await target.isEmpty();
  const targetHolidays = (await target.orders.holidays()).length;
  const targetOrders = (await target.orders.list({}, 1)).items.length > 0;
  if (!options.replace && (!targetEmpty || targetKeys.length > 0 || targetHolidays > 0 || targetOrders)) {
    const what = [
      targetEmpty ? '' : 'data',
      targetKeys.length > 0 ? `${targetKeys.length} API keys` : '',
      targetHolidays > 0 ? `${targetHolidays} holidays` : '',
      targetOrders ? 'port orders' : '',
    ]
      .filter(Boolean)
      .join(', ');
    throw new TargetNotEmpty(what);
  }
  const hasOrders = (await source.orders.list({}, 1)).items.length > 0;
  if (hasOrders && !options.withoutOrders) throw new SourceHasOrders();

  const spool = new Spool(options.onProgress);
  const sourceVersion = await source.loadInto(spool);
  spool.finish();

  const datasets: CopyReport['datasets'] = [];
  for (const dataset of DATASETS) {
    const rows = spool.count(dataset);
    // Nothing to copy, and nothing in the target to replace.
    if (rows === 0 && targetEmpty) continue;
    try {
      datasets.push({ dataset, rows, counts: await writeDataset(target, spool, dataset, options) });
    } catch (error) {
      const done = datasets.map((d) => d.dataset).join(', ') || 'none';
      throw new Error(
        `copying ${dataset} failed, ${dataset} is unchanged in the target (datasets already copied: ${done}): ${(error as Error).message}`,
      );
    }
  }

  const keys = await copyKeys(source, target, targetKeys);
  const holidays = await source.orders.holidays();
  const copied =
    holidays.length > 0 || targetHolidays > 0
      ? { copied: holidays.length, ...(await target.orders.importHolidays(holidays, true)) }
      : undefined;
  return { sourceVersion, datasets, keys, holidays: copied, ordersLeftBehind: hasOrders };
}

/** One dataset into the target, in one session; the direct path for ported numbers into an empty dataset. */
async function writeDataset(
  target: Store,
  spool: Spool,
  dataset: DatasetName,
  options: CopyOptions,
): Promise<ImportCounts> {
  const direct = dataset === 'ported';
  try {
    return await writeSession(target, spool, dataset, direct, options);
  } catch (error) {
    // The spool holds each number once and no deletes, so this should not happen; the contract says
    // what to do if a store still asks.
    if (!(direct && error instanceof ImportNeedsStaging)) throw error;
    return writeSession(target, spool, dataset, false, options);
  }
}

async function writeSession(
  target: Store,
  spool: Spool,
  dataset: DatasetName,
  direct: boolean,
  options: CopyOptions,
): Promise<ImportCounts> {
  const session = await target.beginImport(dataset, { replace: true, direct });
  try {
    if (dataset === 'coverage') {
      await session.writeCoverage(spool.coverageDocument);
    } else {
      await writeRows(session, spool, dataset, options.onProgress);
    }
    const problems = await session.validate();
    if (problems.length > 0) throw new Error(problems.join('; '));
    return await session.commit();
  } catch (error) {
    await session.abort();
    throw error;
  }
}

async function writeRows(
  session: ImportSession,
  spool: Spool,
  dataset: Exclude<DatasetName, 'coverage'>,
  onProgress: CopyOptions['onProgress'],
): Promise<void> {
  const total = spool.count(dataset);
  let batch: StagedRow[] = [];
  let written = 0;
  const flush = async () => {
    const duplicates = await session.write(batch);
    if (duplicates.length > 0) throw new Error(`the source repeats ${dataset} key ${duplicates[0].key}`);
    written += batch.length;
    batch = [];
    onProgress?.({ phase: 'write', dataset, rows: written, total });
  };
  // `line` has no file behind it: the row's place in the source, counted as a file's would be.
  for (let i = 0; i < total; i++) {
    batch.push(spool.row(dataset, i, i + 2));
    if (batch.length === BATCH_ROWS) await flush();
  }
  if (batch.length > 0) await flush();
}

/**
 * Keys keep their hash, times and every other field (the record is passed as
 * the source gives it). A key the target already has is left alone; if the
 * source revoked it and the target did not, it is revoked there too.
 */
async function copyKeys(
  source: Store,
  target: Store,
  targetKeys: readonly ApiKeyRecord[],
): Promise<CopyReport['keys']> {
  const existing = new Map(targetKeys.map((k) => [k.accessKey, k]));
  const report: CopyReport['keys'] = { created: 0, kept: 0, revoked: 0, conflicting: [] };
  for (const key of await source.keys.list()) {
    const there = existing.get(key.accessKey);
    if (!there) {
      await target.keys.create(key);
      report.created++;
    } else if (there.secretHash !== key.secretHash) {
      report.conflicting.push(key.accessKey);
    } else if (key.revokedAt !== null && there.revokedAt === null) {
      await target.keys.revoke(key.accessKey, key.revokedAt);
      report.revoked++;
    } else {
      report.kept++;
    }
  }
  return report;
}

/** An LRN as a number: imports accept ten digits only, so its text comes back with its leading zeros. */
function lrnValue(lrn: string): number {
  if (!/^\d{10}$/.test(lrn)) throw new Error(`the source holds an LRN that is not ten digits: "${lrn}"`);
  return Number(lrn);
}

/** Interned strings: each distinct SPID or RespOrg once, rows hold its index. */
class Strings {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** A growing column of numbers, in fixed chunks. */
class Column<T extends Float64Array | Uint32Array> {
  private readonly chunks: T[] = [];

  constructor(private readonly make: (length: number) => T) {}

  set(i: number, value: number): void {
    const c = Math.floor(i / CHUNK_ROWS);
    if (c === this.chunks.length) this.chunks.push(this.make(CHUNK_ROWS));
    this.chunks[c][i % CHUNK_ROWS] = value;
  }

  get(i: number): number {
    return this.chunks[Math.floor(i / CHUNK_ROWS)][i % CHUNK_ROWS];
  }
}

/** Room for the index of an sv_type or a toll-free status in the low bits of a string index. */
const SLOTS = 16;

/**
 * The source's data, as loadInto hands it over. Ported and toll-free numbers
 * in columns (about 24 bytes a ported number), the rest as records.
 */
class Spool implements DatasetSink {
  readonly carriers: CarrierRecord[] = [];
  readonly blocks: BlockRecord[] = [];
  coverageDocument: Coverage = { providers: [] };

  private readonly strings = new Strings();
  private portedRows = 0;
  private readonly portedTn = new Column((n) => new Float64Array(n));
  /** The LRN as a number (always ten digits), -1 for none. */
  private readonly portedLrn = new Column((n) => new Float64Array(n));
  /** SPID index × SLOTS + sv_type index. */
  private readonly portedSpidSv = new Column((n) => new Uint32Array(n));
  /** Alternative SPID index + 1, 0 for none. */
  private readonly portedAlt = new Column((n) => new Uint32Array(n));
  private tollfreeRows = 0;
  private readonly tollfreeNumber = new Column((n) => new Float64Array(n));
  /** RespOrg index × SLOTS + status index. */
  private readonly tollfreeOrgStatus = new Column((n) => new Uint32Array(n));
  /** Ported numbers a store handed over without their LRN and alternative SPID. */
  private withoutDetail = 0;
  private readonly expected: Partial<Record<'ported' | 'tollfree', number>> = {};

  constructor(private readonly onProgress?: (progress: CopyProgress) => void) {}

  carrier(record: CarrierRecord): void {
    this.carriers.push(record);
    this.tick('carriers', this.carriers.length);
  }

  block(record: BlockRecord): void {
    this.blocks.push(record);
    this.tick('blocks', this.blocks.length);
  }

  expect(dataset: 'ported' | 'tollfree', count: number): void {
    this.expected[dataset] = count;
  }

  ported(tn: number, spid: string, svType: SvType): void {
    this.withoutDetail++;
    this.portedDetail(tn, spid, svType, null, null);
  }

  portedDetail(tn: number, spid: string, svType: SvType, lrn: string | null, altSpid: string | null): void {
    const i = this.portedRows++;
    this.portedTn.set(i, tn);
    this.portedLrn.set(i, lrn === null ? -1 : lrnValue(lrn));
    this.portedSpidSv.set(i, this.strings.of(spid) * SLOTS + SV_TYPES.indexOf(svType));
    this.portedAlt.set(i, altSpid === null ? 0 : this.strings.of(altSpid) + 1);
    this.tick('ported', this.portedRows);
  }

  tollfree(number: number, resporgId: string, status: TollfreeStatus): void {
    const i = this.tollfreeRows++;
    this.tollfreeNumber.set(i, number);
    this.tollfreeOrgStatus.set(i, this.strings.of(resporgId) * SLOTS + TOLLFREE_STATUSES.indexOf(status));
    this.tick('tollfree', this.tollfreeRows);
  }

  coverage(coverage: Coverage): void {
    this.coverageDocument = coverage;
  }

  /** After the load: refuses a copy that would lose columns the source could not hand over. */
  finish(): void {
    if (this.withoutDetail > 0) {
      throw new Error(
        'the source store handed over its ported numbers without their LRN and alternative SPID; nothing was copied',
      );
    }
  }

  count(dataset: DatasetName): number {
    switch (dataset) {
      case 'carriers':
        return this.carriers.length;
      case 'blocks':
        return this.blocks.length;
      case 'ported':
        return this.portedRows;
      case 'tollfree':
        return this.tollfreeRows;
      case 'coverage':
        return this.coverageDocument.providers.length;
    }
  }

  /** Row `i` of a dataset as an import row. */
  row(dataset: Exclude<DatasetName, 'coverage'>, i: number, line: number): StagedRow {
    switch (dataset) {
      case 'carriers':
        return { dataset, line, record: this.carriers[i] };
      case 'blocks':
        return { dataset, line, record: this.blocks[i] };
      case 'ported': {
        const spidSv = this.portedSpidSv.get(i);
        const lrn = this.portedLrn.get(i);
        const alt = this.portedAlt.get(i);
        return {
          dataset,
          line,
          action: 'upsert',
          record: {
            tn: this.portedTn.get(i),
            spid: this.strings.values[Math.floor(spidSv / SLOTS)],
            svType: SV_TYPES[spidSv % SLOTS],
            lrn: lrn < 0 ? null : String(lrn).padStart(10, '0'),
            altSpid: alt === 0 ? null : this.strings.values[alt - 1],
          },
        };
      }
      case 'tollfree': {
        const orgStatus = this.tollfreeOrgStatus.get(i);
        return {
          dataset,
          line,
          record: {
            number: this.tollfreeNumber.get(i),
            resporgId: this.strings.values[Math.floor(orgStatus / SLOTS)],
            status: TOLLFREE_STATUSES[orgStatus % SLOTS],
          },
        };
      }
    }
  }

  private tick(dataset: DatasetName, rows: number): void {
    if (rows % PROGRESS_EVERY === 0) {
      const total = dataset === 'ported' || dataset === 'tollfree' ? (this.expected[dataset] ?? null) : null;
      this.onProgress?.({ phase: 'read', dataset, rows, total });
    }
  }
}
