// PLACEHOLDER: signatures only, the implementation lands with the domain core.
import type { DatasetSink } from './sink.js';
import type { BlockRecord, CarrierRecord, Coverage, SvType, TollfreeStatus } from './types.js';

export interface SnapshotStats {
  carriers: number;
  blocks: number;
  ported: number;
  tollfree: number;
  providers: number;
}

/** Immutable, in-memory view of every dataset, built once per data version. */
export class Snapshot {
  constructor(readonly stats: SnapshotStats) {}
}

export class SnapshotBuilder implements DatasetSink {
  carrier(_record: CarrierRecord): void {}
  block(_record: BlockRecord): void {}
  ported(_tn: number, _spid: string, _svType: SvType): void {}
  tollfree(_number: number, _resporgId: string, _status: TollfreeStatus): void {}
  coverage(_coverage: Coverage): void {}
  build(): Snapshot {
    return new Snapshot({ carriers: 0, blocks: 0, ported: 0, tollfree: 0, providers: 0 });
  }
}
