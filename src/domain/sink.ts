import type { BlockRecord, CarrierRecord, Coverage, SvType, TollfreeStatus } from './types.js';

/**
 * What a store feeds the snapshot builder, one record at a time, so that no
 * dataset ever has to sit in memory as an array of objects. Ported and
 * toll-free numbers come as ten-digit integers; any order is accepted, but
 * ascending order avoids a sort.
 */
export interface DatasetSink {
  carrier(record: CarrierRecord): void;
  block(record: BlockRecord): void;
  /** Optional hint, before a dataset's rows: how many are coming (lets a sink allocate once). */
  expect?(dataset: 'ported' | 'tollfree', count: number): void;
  ported(tn: number, spid: string, svType: SvType): void;
  /**
   * Optional: a sink that keeps every column of a ported number (a copy of
   * the database, not a snapshot) has this, and a store's loadInto then calls
   * it instead of ported(), with the LRN and the alternative SPID that checks
   * never need and a load for serving does not read.
   */
  portedDetail?(tn: number, spid: string, svType: SvType, lrn: string | null, altSpid: string | null): void;
  tollfree(number: number, resporgId: string, status: TollfreeStatus): void;
  coverage(coverage: Coverage): void;
}
