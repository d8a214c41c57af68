// The carrier holding a number before reseller resolution (docs/spec/rules.md §3, §4): the port
// record's SPID, else the block's holder; the RespOrg for toll-free. Port orders show it beside the
// underlying losing carrier when they differ (docs/spec/orders.md §10: the account number and PIN come
// from the reseller's bill). Only for numbers the check found portable.
import { parseCanonical } from './canonical.js';
import { NPA_CLASS, NpaClass } from './npa-rules.js';
import { BLOCK_FIELDS, BlockField, type Snapshot, TOLLFREE_STATUS_BITS } from './snapshot.js';

/**
 * The distinct carriers holding `numbers` before reseller resolution, other than `underlying` (the id
 * of the numbers' underlying carrier, their group's): an order's resellers. One look-up per number
 * and no object per number (an order may hold 10,000), and none at all when no other carrier resolves
 * to `underlying` (most carriers): every number's holder is then `underlying` itself.
 */
export function resellersOf(
  snapshot: Snapshot,
  numbers: readonly string[],
  underlying: string,
): { id: string; name: string }[] {
  if (!resoldOf(snapshot).has(underlying)) return [];
  const seen = new Set<number>();
  const found: { id: string; name: string }[] = [];
  for (const number of numbers) {
    const current = currentCarrierOf(snapshot, number);
    if (current < 0 || seen.has(current)) continue;
    seen.add(current);
    const id = snapshot.ids[current] as string;
    if (id !== underlying) found.push({ id, name: snapshot.names[current] as string });
  }
  return found;
}

/** Per snapshot: the ids of the carriers another carrier resolves to (the underlying carriers of resellers). */
const resoldBySnapshot = new WeakMap<Snapshot, ReadonlySet<string>>();

function resoldOf(snapshot: Snapshot): ReadonlySet<string> {
  let resold = resoldBySnapshot.get(snapshot);
  if (resold === undefined) {
    const ids = new Set<string>();
    snapshot.underlying.forEach((u, c) => {
      if (u >= 0 && u !== c) ids.add(snapshot.ids[u] as string);
    });
    resold = ids;
    resoldBySnapshot.set(snapshot, resold);
  }
  return resold;
}

/** The snapshot's index of the carrier holding `number` before resolution, or -1. */
function currentCarrierOf(snapshot: Snapshot, number: string): number {
  const tn = parseCanonical(number);
  if (tn < 0) return -1;
  const exchange = (tn / 10_000) | 0;
  const line = tn - exchange * 10_000;
  if (NPA_CLASS[Math.floor(exchange / 1000)] === NpaClass.TollFree) {
    const record = snapshot.tollfree.get(exchange, line);
    return record < 0 ? -1 : record >>> TOLLFREE_STATUS_BITS;
  }
  const ported = snapshot.ported.get(exchange, line);
  if (ported >= 0) return ported >>> 1;
  const block = snapshot.blockOf(exchange, line);
  return block < 0 ? -1 : (snapshot.blockRecords[block * BLOCK_FIELDS + BlockField.Holder] as number);
}
