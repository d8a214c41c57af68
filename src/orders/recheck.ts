// The check as the order service uses it: the same checkPortability the API answers with, run on the
// snapshot being served, read as each number's group (or why it is not portable) for the domain.
import { canonicalString, parseCanonical } from '../domain/canonical.js';
import { checkPortability } from '../domain/check.js';
import type { GroupRef, Recheck } from '../domain/orders/refusal.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { PortableGroup } from '../domain/types.js';

export const groupRefOf = (g: PortableGroup): GroupRef => ({
  numberType: g.number_type_associated,
  losingCarrierId: g.current_service_provider_id,
  gainingCarrierId: g.gaining_service_provider_id,
  lata: g.lata,
});

/** The canonical form (`1` and ten digits) of a number as a client may write it, or null. */
export function canonical(raw: string): string | null {
  const tn = parseCanonical(raw);
  return tn < 0 ? null : canonicalString(raw, tn);
}

/** Each canonical number's fresh verdict. */
export function recheck(snapshot: Snapshot, numbers: readonly string[]): Recheck[] {
  if (numbers.length === 0) return [];
  const result = checkPortability(snapshot, numbers);
  const out: Recheck[] = [];
  for (const g of result.portable.groups) {
    const group = groupRefOf(g);
    for (const number of g.numbers) out.push({ number, portable: true, group });
  }
  for (const d of result.nonportable.details) {
    out.push({ number: d.number, portable: false, reason: d.reason, detail: d.detail });
  }
  return out;
}
