import type { DatasetSink } from '../../src/domain/sink.js';
import type { OrderStore } from '../../src/store/orders-store.js';
import type { DataVersion, ImportSession, Store, StoreChange, StoreStatus } from '../../src/store/store.js';
import type { WebhookStore } from '../../src/store/webhook-store.js';
import { MemoryKeyStore } from '../keys/memory-key-store.js';
import { type Dataset, feedDataset, seedDataset } from '../support/dataset.js';

/** The seed example's records, read once from test/fixtures/seed. */
const SEED = seedDataset();

/**
 * A Store in memory holding the seed example, with switches to make loading
 * fail or slow, for the HTTP tests that need faults the real store won't give.
 */
export class FakeStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly keys = new MemoryKeyStore();
  version: DataVersion = { version: 1, updatedAt: '2024-05-01T00:00:00.000Z' };
  /** When set, loadInto throws this (after feeding part of the data). */
  loadFailure: Error | null = null;
  loads = 0;
  closed = false;

  /** `data` defaults to the seed example. */
  constructor(private readonly data: Dataset = SEED) {}

  async dataVersion(): Promise<DataVersion> {
    return this.version;
  }
  async isEmpty(): Promise<boolean> {
    return false;
  }
  async loadInto(sink: DatasetSink): Promise<DataVersion> {
    this.loads++;
    if (this.loadFailure) {
      sink.carrier({ id: 'HALF', name: 'Half an import', category: null, underlyingId: null });
      throw this.loadFailure;
    }
    feedDataset(sink, this.data);
    return this.version;
  }
  async beginImport(): Promise<ImportSession> {
    throw new Error('FakeStore does not import');
  }
  async databaseId(): Promise<string> {
    return 'fake-store';
  }
  status(): StoreStatus {
    return { database: 'ok', changes: 'polling' };
  }
  /** Port orders are tested on a real store (test/store/orders-suite.ts); this fake has none. */
  get orders(): OrderStore {
    throw new Error('FakeStore holds no port orders: use a SQLite store for tests that need them');
  }
  /** Webhooks are tested on a real store (test/store/webhooks-suite.ts); this fake has none. */
  get webhooks(): WebhookStore {
    throw new Error('FakeStore holds no webhooks: use a SQLite store for tests that need them');
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * A FakeStore with what a fleet needs (subscribe, its own databaseId and
 * status), as the PostgreSQL store has them, and a switch that makes every
 * database call throw, as while the database is unreachable.
 */
export class FleetStore extends FakeStore {
  private readonly listeners = new Set<(change: StoreChange) => void>();
  /** While true, every call that would reach the database throws. */
  unreachable = false;
  constructor(
    public id = 'db-one',
    data?: Dataset,
  ) {
    super(data);
    const keys = this.keys;
    const guard =
      <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        this.reach();
        return fn.apply(keys, args);
      };
    keys.version = guard(keys.version);
    keys.list = guard(keys.list);
    keys.revoke = guard(keys.revoke);
    keys.create = guard(keys.create);
  }
  private reach(): void {
    if (this.unreachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  /** A commit in another process: what LISTEN/NOTIFY would deliver. */
  emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  override async databaseId(): Promise<string> {
    this.reach();
    return this.id;
  }
  override status(): StoreStatus {
    return { database: this.unreachable ? 'unreachable' : 'ok', changes: 'notified' };
  }
  override async dataVersion(): Promise<DataVersion> {
    this.reach();
    return super.dataVersion();
  }
  override async loadInto(sink: DatasetSink): Promise<DataVersion> {
    this.reach();
    return super.loadInto(sink);
  }
}
