import type { DatasetSink } from '../../src/domain/sink.js';
import type { DataVersion, ImportSession, Store } from '../../src/store/store.js';
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
  async close(): Promise<void> {
    this.closed = true;
  }
}
