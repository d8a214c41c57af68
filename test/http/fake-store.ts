import type { DatasetSink } from '../../src/domain/sink.js';
import type { DataVersion, ImportSession, Store } from '../../src/store/store.js';
import { MemoryKeyStore } from '../keys/memory-key-store.js';

/** The records of /work/shared/examples/seed/, as the sink receives them. */
export function feedSeed(sink: DatasetSink): void {
  sink.carrier({ id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null });
  sink.carrier({ id: 'LGT01', name: 'Centurylink', category: 'RESPORG', underlyingId: null });
  sink.carrier({ id: '683G', name: 'Flowroute', category: 'IPES', underlyingId: null });
  sink.carrier({ id: 'FWR01', name: 'Flowroute', category: 'RESPORG', underlyingId: null });
  sink.block({
    npa: 206,
    nxx: 420,
    blockId: -1,
    lata: 674,
    ocn: '8824',
    rateCenter: 'SEATTLE',
    state: 'WA',
    cocType: 'EOC',
    portable: true,
  });
  sink.tollfree(8444205780, 'LGT01', 'WORKING');
  sink.coverage({
    providers: [
      { id: '683G', name: 'Flowroute', numberTypes: ['long-code', 'wireless'], latas: '*' },
      { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
    ],
  });
}

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
    feedSeed(sink);
    return this.version;
  }
  async beginImport(): Promise<ImportSession> {
    throw new Error('FakeStore does not import');
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
