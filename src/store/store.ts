import type { Role } from '../domain/orders/types.js';
import type { DatasetSink } from '../domain/sink.js';
import type { BlockRecord, CarrierRecord, Coverage, PortedRecord, TollfreeRecord } from '../domain/types.js';
import type { OrderStore } from './orders-store.js';
import type { WebhookStore } from './webhook-store.js';

/**
 * The persistence boundary. Every adapter (SQLite, PostgreSQL) lives
 * in its own folder under src/store/ and implements exactly this; nothing
 * outside that folder knows which database it talks to. Async throughout so
 * that network databases fit the same shape.
 *
 * Concurrency contract (test/store/store-suite.ts checks it for every
 * adapter, with several Store instances on one database standing in for
 * several processes):
 * - One import at a time per database: a second beginImport() while an
 *   import is open, in this process or another, is refused at once with
 *   ImportInProgress naming the holder (dataset, since when, pid and host).
 *   It does not wait: imports take minutes, and the operator decides.
 * - Dry runs take no lock: they run beside an import, and an import runs
 *   beside them. Each sees the data as it was when it began.
 * - Readers (dataVersion, isEmpty, loadInto) are never blocked by an import
 *   and see the last committed version until its commit.
 * - API keys are written and read at any time, an import running or not:
 *   revoking a key is an emergency action.
 * - Opening a fresh database from several processes at once succeeds in all
 *   of them; the schema is created once.
 * Errors about the database's files (a read-only folder or file, a full
 * disk) name the file or folder and say what to do.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';

  /** Bumped by every committed import; the server polls it to reload. */
  dataVersion(): Promise<DataVersion>;

  /** True when no dataset holds a single record (a fresh database). */
  isEmpty(): Promise<boolean>;

  /**
   * Streams every dataset into `sink` from one consistent read (a single
   * transaction), and returns the version that read saw.
   */
  loadInto(sink: DatasetSink): Promise<DataVersion>;

  /**
   * Starts an all-or-nothing import of one dataset; see ImportSession and
   * ImportSessionOptions. Rejects with ImportInProgress while another
   * (non-dry-run) import is open on the database.
   */
  beginImport(dataset: DatasetName, options: ImportSessionOptions): Promise<ImportSession>;

  readonly keys: KeyStore;

  /**
   * Port orders, their events, documents, holidays and idempotency records (orders-store.ts), on
   * the accounts side like the keys: written and read while an import is open.
   */
  readonly orders: OrderStore;

  /**
   * Webhook endpoints and their deliveries (webhook-store.ts), on the accounts side. Deliveries are
   * the outbox: `orders` queues them in the transaction of each event it appends.
   */
  readonly webhooks: WebhookStore;

  /**
   * Pushes a note when a commit may have changed something, in this process
   * or another: an import (`data`) or a key created or revoked (`keys`).
   * Optional: a store that cannot push (SQLite) leaves it out and callers
   * poll. One that can (PostgreSQL, LISTEN/NOTIFY) calls `listener` after
   * each such commit; callers keep polling as the fallback for the times its
   * listening connection is down. Returns the function that unsubscribes.
   */
  subscribe?(listener: (change: StoreChange) => void): () => void;

  /**
   * A stable identity of the database (made once, when the schema is
   * created), so that a snapshot file written from one database is never
   * trusted for another.
   */
  databaseId(): Promise<string>;

  /**
   * The snapshot the last import published in its own transaction (ImportSession.commit's `publish`),
   * or null. A store shared by several machines (PostgreSQL) keeps it, so that every instance takes
   * the new data in the time of one download instead of re-reading every row; a store on one machine
   * (SQLite, whose snapshot file sits beside it) leaves this out and ignores `publish`.
   */
  publishedSnapshot?(): Promise<PublishedSnapshot | null>;

  /** What is degraded right now, for `/healthz`. */
  status(): StoreStatus;

  close(): Promise<void>;
}

export type StoreChange = 'data' | 'keys';

export interface StoreStatus {
  /** `ok`, or `unreachable` while the database cannot be reached (checks still answer from the snapshot). */
  database: 'ok' | 'unreachable';
  /** How this process learns of other processes' commits: pushed notifications, or polling alone. */
  changes: 'notified' | 'polling';
}

export interface ImportSessionOptions {
  /** The dataset becomes exactly the imported rows (default: merge by key). */
  replace: boolean;
  /**
   * Validate and count everything, then change nothing. A dry run takes no
   * lock and runs beside a real import; a sink given to its commit receives
   * the data as it is (a dry run leaves it so).
   */
  dryRun?: boolean;
  /**
   * Opt-in fast path for a first import of millions of rows: when the
   * dataset is empty at the start, a store may write rows straight into it
   * instead of staging them. That path cannot name the first line of a
   * repeated key, nor take delete rows: on either, write() or commit()
   * rejects with ImportNeedsStaging and the caller aborts and imports again
   * without `direct`. Stores and datasets without a fast path ignore it.
   */
  direct?: boolean;
}

/** Who holds a database's import lock: see ImportInProgress. */
export interface ImportHolder {
  dataset: string;
  /** ISO-8601 time the import began. */
  startedAt: string;
  pid: number;
  host: string;
}

/**
 * beginImport() while another import holds the database (the concurrency
 * contract on Store). `holder` is null when the writer could not be named
 * (another program, or an import in its first instant).
 */
export class ImportInProgress extends Error {
  constructor(
    where: string,
    readonly holder: ImportHolder | null,
  ) {
    const who = holder
      ? `a ${holder.dataset} import started ${holder.startedAt} by process ${holder.pid} on ${holder.host}`
      : 'another process is writing to it';
    super(
      `another import is running on ${where}: ${who}. One import at a time: run this one when it has finished (dry runs may run meanwhile)`,
    );
    this.name = 'ImportInProgress';
  }
}

/** See ImportSessionOptions.direct: this import must be run again, staged. */
export class ImportNeedsStaging extends Error {
  constructor(reason: string) {
    super(`the direct import path cannot continue (${reason}); import again without direct`);
    this.name = 'ImportNeedsStaging';
  }
}

export interface DataVersion {
  /** Monotonic counter, 0 for a database that never had an import. */
  version: number;
  /** ISO-8601 time of the import that produced this version, or null. */
  updatedAt: string | null;
}

export const DATASETS = ['carriers', 'blocks', 'ported', 'tollfree', 'coverage'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** One validated row, with the file line it came from (1-based, header is line 1). */
export type StagedRow =
  | { dataset: 'carriers'; line: number; record: CarrierRecord }
  | { dataset: 'blocks'; line: number; record: BlockRecord }
  | { dataset: 'ported'; line: number; record: PortedRecord; action: 'upsert' | 'delete' }
  | { dataset: 'tollfree'; line: number; record: TollfreeRecord };

/** A key seen twice in one file: `line` repeats the key first seen at `firstLine`. */
export interface DuplicateKey {
  line: number;
  firstLine: number;
  key: string;
}

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Carriers added by writeCarriersIfAbsent (present only when that was called). */
  carriersAdded?: number;
  /** The data version the commit made (absent for a dry run). */
  version?: DataVersion;
}

/**
 * Rows go to a staging area inside one transaction; nothing is visible to
 * readers until commit(). abort() (or the process dying) leaves the dataset
 * exactly as it was, and frees the database for the next import.
 */
export interface ImportSession {
  /** Stages a batch; returns the keys that repeat a key already staged. */
  write(rows: readonly StagedRow[]): Promise<DuplicateKey[]>;
  /** Replaces the whole coverage configuration (coverage imports only). */
  writeCoverage(coverage: Coverage): Promise<void>;
  /**
   * Blocks imports only (added for the NANPA report, whose rows also name
   * carriers): stages carriers to add in the same transaction as the blocks.
   * At commit each one whose id is not yet in the carriers dataset is
   * inserted; existing carriers are never changed, whatever `replace` says
   * (replace applies to the blocks alone). An id staged twice keeps its first
   * record. The commit's `carriersAdded` counts the insertions.
   */
  writeCarriersIfAbsent(records: readonly CarrierRecord[]): Promise<void>;
  /**
   * Checks what can only be checked against the merged result (a circular
   * `underlying_id` chain for carriers). Returns human-readable problems;
   * empty when the import may commit.
   */
  validate(): Promise<string[]>;
  /**
   * Merges staged rows (or replaces the dataset), bumps the data version.
   * With `sink`, also streams every dataset into it as this commit leaves
   * them, just before committing: what loadInto would give right after, for
   * the snapshot file, with no other import in between and, where a store
   * can (a direct import), without reading back the rows it has just
   * written. Should the commit then fail, the sink's contents mean nothing.
   */
  commit(sink?: DatasetSink, publish?: SnapshotPublisher): Promise<ImportCounts>;
  abort(): Promise<void>;
}

/**
 * Given the version a commit is making, the snapshot of the data it leaves, encoded and stamped (the
 * cache layer's format: the store only keeps the bytes). Called after the commit's sink was filled.
 */
export type SnapshotPublisher = (version: DataVersion) => { stamp: string; chunks: readonly Uint8Array[] };

/** A snapshot published by an import with its commit (see Store.publishedSnapshot). */
export interface PublishedSnapshot {
  stamp: string;
  bytes: Buffer;
}

export interface ApiKeyRecord {
  accessKey: string;
  name: string;
  /** Hex SHA-256 of the secret; the secret itself is never stored. */
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
  /** The account whose orders the key works on (docs/spec/orders.md §1); `default` for keys made before accounts. */
  account: string;
  /** What the key may do (§1); keys made before roles are `customer`, the demo key is `admin`. */
  role: Role;
}

/** API keys; every method works while an import is open (see Store). */
export interface KeyStore {
  create(record: ApiKeyRecord): Promise<void>;
  list(): Promise<ApiKeyRecord[]>;
  /** Returns false when no active key has that access key. */
  revoke(accessKey: string, at: string): Promise<boolean>;
  /** The key whatever its state (callers check revokedAt), or null. */
  find(accessKey: string): Promise<ApiKeyRecord | null>;
  /** Bumped by create and revoke, so servers can refresh their key cache. */
  version(): Promise<number>;
}
