// The Check Portability response body written straight from pass 1's
// verdicts, without building a result object per group and per nonportable
// number only for JSON.stringify to walk them again. Byte for byte the same
// as JSON.stringify({ data: checkPortability(snapshot, numbers) }).
import { canonicalString } from './canonical.js';
import { DUPLICATE, groupFields, judgeNumbers, REASON_BASE } from './check.js';
import { details } from './details.js';
import type { Snapshot } from './snapshot.js';
import { REASONS } from './types.js';

/** Every canonical number is `1` and ten digits: no escaping, and a fixed width in a joined list. */
const WIDTH = 11;
const SEPARATOR = '","';
const STRIDE = WIDTH + SEPARATOR.length;

/** `","reason":"…","detail":` per reason code: the constant middle of a detail object. */
const REASON_MIDDLES = REASONS.map((r) => `,"reason":"${r}","detail":`);
const INVALID = REASONS.indexOf('invalid_number');

/** `{"data":{…}}` for `numbers`, exactly as the API answers it. */
export function checkPortabilityBody(snapshot: Snapshot, numbers: readonly string[]): string {
  const n = numbers.length;
  const { tns, verdicts, detailList, groupParts, groupSizes } = judgeNumbers(snapshot, numbers);
  const groupCount = groupSizes.length;

  // Groups are listed by first appearance in the request: rank them, then give
  // each a contiguous run of slots (a counting sort of the portable positions).
  const rankOf = new Int32Array(groupCount).fill(-1);
  const byRank = new Int32Array(groupCount);
  let ranked = 0;
  let portableCount = 0;
  for (let i = 0; i < n; i++) {
    const v = verdicts[i];
    if (v < 0 || tns[i] < 0) continue;
    portableCount++;
    if (rankOf[v] < 0) {
      rankOf[v] = ranked;
      byRank[ranked++] = v;
    }
  }
  const start = new Int32Array(groupCount + 1); // by rank
  for (let r = 0; r < groupCount; r++) start[r + 1] = start[r] + groupSizes[byRank[r]];
  const next = new Int32Array(groupCount); // by group index: the next free slot
  for (let r = 0; r < groupCount; r++) next[byRank[r]] = start[r];

  const portable: string[] = new Array(portableCount);
  const grouped: string[] = new Array(portableCount);
  const nonportable: string[] = []; // quoted, escaped
  const nonportableDetails: string[] = [];
  let p = 0;
  let seenRaw: Set<string> | undefined;
  for (let i = 0; i < n; i++) {
    const raw = numbers[i];
    const tn = tns[i];
    if (tn < 0) {
      seenRaw ??= new Set();
      if (seenRaw.has(raw)) continue;
      seenRaw.add(raw);
      const quoted = JSON.stringify(raw);
      nonportable.push(quoted);
      nonportableDetails.push(
        `{"number":${quoted}${REASON_MIDDLES[INVALID]}${JSON.stringify(details.invalid(raw))}}`,
      );
      continue;
    }
    const v = verdicts[i];
    if (v === DUPLICATE) continue;
    const number = canonicalString(raw, tn);
    if (v <= REASON_BASE) {
      const code = REASON_BASE - v;
      nonportable.push(`"${number}"`);
      nonportableDetails.push(
        `{"number":"${number}"${REASON_MIDDLES[code & 7]}${JSON.stringify(detailList[code >>> 3])}}`,
      );
      continue;
    }
    portable[p++] = number;
    grouped[next[v]++] = number;
  }

  // All groups' numbers in one joined string; a group's list is a fixed-width slice of it.
  const allGrouped = grouped.join(SEPARATOR);
  const groups: string[] = new Array(groupCount);
  for (let r = 0; r < groupCount; r++) {
    const header = JSON.stringify(groupFields(snapshot, groupParts, byRank[r]));
    const numbersOf = allGrouped.substring(start[r] * STRIDE, start[r + 1] * STRIDE - SEPARATOR.length);
    groups[r] = `${header.slice(0, -1)},"numbers":["${numbersOf}"]}`;
  }

  const portableList = portableCount === 0 ? '' : `"${portable.join(SEPARATOR)}"`;
  return [
    '{"data":{"portable":{"numbers":[',
    portableList,
    '],"groups":[',
    groups.join(','),
    ']},"nonportable":{"numbers":[',
    nonportable.join(','),
    '],"details":[',
    nonportableDetails.join(','),
    ']}}}',
  ].join('');
}
