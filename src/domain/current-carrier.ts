// The carrier holding a number before reseller resolution (docs/spec/rules.md §3, §4): the port
// record's SPID, else the block's holder; the RespOrg for toll-free. Port orders show it beside the
// underlying losing carrier when they differ (docs/spec/orders.md §10: the account number and PIN come
// from the reseller's bill). Only for numbers the check found portable.
import { parseCanonical } from './canonical.js';
import { NPA_CLASS, NpaClass } from './npa-rules.js';
import { BLOCK_FIELDS, BlockField, type Snapshot, TOLLFREE_STATUS_BITS } from './snapshot.js';

export interface HeldBy {
  current: { id: string; name: string };
  underlying: { id: string; name: string };
}

/** The current and underlying carrier of a number, or null when no record holds it. */
export function heldBy(snapshot: Snapshot, number: string): HeldBy | null {
  const tn = parseCanonical(number);
  if (tn < 0) return null;
  const exchange = (tn / 10_000) | 0;
  const line = tn - exchange * 10_000;
  let current: number;
  if (NPA_CLASS[Math.floor(exchange / 1000)] === NpaClass.TollFree) {
    const record = snapshot.tollfree.get(exchange, line);
    if (record < 0) return null;
    current = record >>> TOLLFREE_STATUS_BITS;
  } else {
    const ported = snapshot.ported.get(exchange, line);
    if (ported >= 0) current = ported >>> 1;
    else {
      const block = snapshot.blockOf(exchange, line);
      if (block < 0) return null;
      current = snapshot.blockRecords[block * BLOCK_FIELDS + BlockField.Holder];
    }
  }
  const underlying = snapshot.underlying[current];
  return {
    current: { id: snapshot.ids[current], name: snapshot.names[current] },
    underlying: { id: snapshot.ids[underlying], name: snapshot.names[underlying] },
  };
}
