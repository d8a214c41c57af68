import type { DatasetSink } from '../../src/domain/sink.js';
import type { BlockRecord, CarrierRecord, Coverage, SvType, TollfreeStatus } from '../../src/domain/types.js';

/** A DatasetSink that keeps everything it is given, in arrival order. */
export class RecordingSink implements DatasetSink {
  carriers: CarrierRecord[] = [];
  blocks: BlockRecord[] = [];
  portedRows: [number, string, SvType][] = [];
  tollfreeRows: [number, string, TollfreeStatus][] = [];
  coverages: Coverage[] = [];
  /** Called after every record, e.g. to commit an import in the middle of a load. */
  onRecord: (() => Promise<void> | void) | null = null;

  carrier(record: CarrierRecord): void {
    this.carriers.push(record);
    this.onRecord?.();
  }
  block(record: BlockRecord): void {
    this.blocks.push(record);
    this.onRecord?.();
  }
  ported(tn: number, spid: string, svType: SvType): void {
    this.portedRows.push([tn, spid, svType]);
    this.onRecord?.();
  }
  tollfree(number: number, resporgId: string, status: TollfreeStatus): void {
    this.tollfreeRows.push([number, resporgId, status]);
    this.onRecord?.();
  }
  coverage(coverage: Coverage): void {
    this.coverages.push(coverage);
  }
}
