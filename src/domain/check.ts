// docs/spec/rules.md §1–§6: judges every number against a snapshot and groups the
// portable ones. Integers only on the portable path: a number is parsed from
// char codes, its block and port record found by array index, and its group
// keyed by a single number built from small integers.
import { canonicalString, parseCanonical } from './canonical.js';
import { details } from './details.js';
import { KeyIndex } from './key-index.js';
import { NPA_CLASS, NpaClass, NXX_CLASS, NxxClass } from './npa-rules.js';
import { BLOCK_FIELDS, BlockField, BlockFlag, type Snapshot, TOLLFREE_STATUS_BITS } from './snapshot.js';
import { sortNumbers } from './sort-order.js';
import {
  type NonportableDetail,
  type NumberType,
  type PortabilityResult,
  type PortabilityResultV2,
  type PortableGroup,
  REASONS,
  type Reason,
  TOLLFREE_STATUSES,
} from './types.js';
import {
  DUPLICATE,
  isRejected,
  keyReason,
  rejectedVerdict,
  rejection,
  rejectionKey,
  verdictDetail,
  verdictReason,
} from './verdict.js';

const TYPE_LONG_CODE = 0;
const TYPE_WIRELESS = 1;
const TYPE_TOLLFREE = 2;
export const TYPE_NAMES: readonly NumberType[] = ['long-code', 'wireless', 'tollfree'];
/** LATA slot used in group keys for toll-free groups (LATAs are below 1000). */
export const NO_LATA = 1023;

/** Status codes (indexes in TOLLFREE_STATUSES) by what §4 step 1 does with them. */
const STATUS_SPARE = TOLLFREE_STATUSES.indexOf('SPARE');
const STATUS_GOES_ON = TOLLFREE_STATUSES.map((s) => s === 'WORKING' || s === 'ASSIGNED' || s === 'RESERVED');

/**
 * Pass 1 of a check: what docs/spec/rules.md decides for each position of a request,
 * judged in ascending numeric order (a forward sweep over the snapshot,
 * duplicates side by side). Both layouts of the answer (result objects, or
 * the response body written directly) start from it.
 */
export interface Verdicts {
  /** The ten-digit number at each position, or -1 when it is not canonical (§1). */
  tns: Float64Array;
  /** Per position: a group index (>= 0), DUPLICATE, or a rejected verdict (verdict.ts). */
  verdicts: Int32Array;
  /** Detail sentences in judging order; reason codes point into it. */
  detailList: string[];
  /** underlying, gaining, type, lata: four per group index. */
  groupParts: Int32Array;
  /** How many distinct numbers each group holds. */
  groupSizes: Int32Array;
}

const INVALID = REASONS.indexOf('invalid_number');

export function judgeNumbers(snapshot: Snapshot, numbers: readonly string[]): Verdicts {
  const n = numbers.length;
  const tns = new Float64Array(n);
  const verdicts = new Int32Array(n);
  const detailList: string[] = [];
  parseAll(numbers, tns, verdicts, detailList);
  const { order, sorted } = sortNumbers(tns);
  const groups = new GroupTable();
  sweep(snapshot, sorted, order, verdicts, detailList, groups);
  return {
    tns,
    verdicts,
    detailList,
    groupParts: groups.parts.subarray(0, groups.count * 4),
    groupSizes: groups.sizes.subarray(0, groups.count),
  };
}

/**
 * The groups a sweep finds: four parts each (underlying, gaining, type, LATA)
 * and a size. Typed arrays, grown by doubling, so that a request with tens of
 * thousands of groups puts no garbage on the JavaScript heap.
 */
class GroupTable {
  parts = new Int32Array(1024);
  sizes = new Int32Array(256);
  count = 0;

  add(underlying: number, gaining: number, type: number, lata: number): void {
    if (this.count === this.sizes.length) this.grow();
    const at = this.count * 4;
    this.parts[at] = underlying;
    this.parts[at + 1] = gaining;
    this.parts[at + 2] = type;
    this.parts[at + 3] = lata;
    this.count++;
  }

  private grow(): void {
    const parts = new Int32Array(this.parts.length * 2);
    parts.set(this.parts);
    this.parts = parts;
    const sizes = new Int32Array(this.sizes.length * 2);
    sizes.set(this.sizes);
    this.sizes = sizes;
  }
}

// The loops below are small functions of their own: V8 optimises each once
// and keeps it, where one long function with several loops is entered
// through on-stack replacement and de-optimised again on every call.

/** §1 for every position: the number, or its failure (repeats of the same raw string included). */
function parseAll(
  numbers: readonly string[],
  tns: Float64Array,
  verdicts: Int32Array,
  detailList: string[],
): void {
  let seenRaw: Set<string> | undefined;
  for (let i = 0; i < numbers.length; i++) {
    const raw = numbers[i];
    const tn = parseCanonical(raw);
    tns[i] = tn;
    if (tn >= 0) continue;
    seenRaw ??= new Set();
    if (seenRaw.has(raw)) {
      verdicts[i] = DUPLICATE;
      continue;
    }
    seenRaw.add(raw);
    verdicts[i] = rejectedVerdict(detailList.length, INVALID);
    detailList.push(details.invalid(raw));
  }
}

/** §2–§5 in ascending order: duplicates, verdicts, and groups keyed by small integers. */
function sweep(
  snapshot: Snapshot,
  sorted: Float64Array,
  order: Uint32Array,
  verdicts: Int32Array,
  detailList: string[],
  groups: GroupTable,
): void {
  const groupKeys = new KeyIndex();
  let lastHigh = -1;
  let lastLow = -1;
  let lastGroup = -1;
  // Rejections that share a detail sentence share one entry of detailList, written once.
  const detailKeys = new KeyIndex();
  const firstDetail = detailList.length;
  for (let k = 0; k < order.length; k++) {
    const tn = sorted[k];
    const i = order[k];
    // Compared with the array, not a variable: a variable holding doubles could be boxed each time.
    if (k > 0 && sorted[k - 1] === tn) {
      verdicts[i] = DUPLICATE; // the sort is stable: the first position came first
      continue;
    }
    // int32s, so that the calls below pass them without boxing a double each.
    const exchange = (tn / 10_000) | 0;
    const line = (tn - exchange * 10_000) | 0;
    const verdict = judge(snapshot, exchange, line, false);
    if (verdict < 0) {
      const key = rejectionKey(verdict);
      const d = detailKeys.intern(0, key);
      if (detailKeys.added) {
        judge(snapshot, exchange, line, true);
        detailList.push(lastDetail);
      }
      verdicts[i] = rejectedVerdict(firstDetail + d, keyReason(key));
      continue;
    }
    // Group key: the underlying carrier, and gaining (14 bits) | type (2 bits) | LATA (10 bits).
    // Neighbours in numeric order often share a group: the last one is remembered.
    const high = found[UNDERLYING];
    const low = (found[GAINING] * TYPE_SLOTS + found[TYPE]) * LATA_SLOTS + found[LATA];
    if (high !== lastHigh || low !== lastLow) {
      lastGroup = groupKeys.intern(high, low);
      lastHigh = high;
      lastLow = low;
      if (groupKeys.added) groups.add(high, found[GAINING], found[TYPE], found[LATA]);
    }
    const g = lastGroup;
    groups.sizes[g]++;
    verdicts[i] = g;
  }
}

/** The wire values of group `g`'s keys (docs/spec/api.md), in the order the response lists them. */
export function groupFields(
  snapshot: Snapshot,
  parts: ArrayLike<number>,
  g: number,
): Omit<PortableGroup, 'numbers'> {
  const underlying = parts[g * 4];
  const gaining = parts[g * 4 + 1];
  const lata = parts[g * 4 + 3];
  return {
    current_service_provider_name: snapshot.names[underlying],
    current_service_provider_id: snapshot.ids[underlying],
    gaining_service_provider_name: snapshot.providerNames[gaining],
    gaining_service_provider_id: snapshot.ids[snapshot.providerIndex[gaining]],
    number_type_associated: TYPE_NAMES[parts[g * 4 + 2]],
    lata: lata === NO_LATA ? null : lata,
  };
}

/**
 * Judges and groups `numbers` against `snapshot` exactly as docs/spec/rules.md says:
 * pass 1 (judgeNumbers), then the answer laid out in request order, as §6 wants.
 */
export function checkPortability(snapshot: Snapshot, numbers: readonly string[]): PortabilityResult {
  const verdicts = judgeNumbers(snapshot, numbers);
  const listed = listInRequestOrder(numbers, verdicts, null);
  return {
    portable: { numbers: listed.portable, groups: buildGroups(snapshot, verdicts, listed) },
    nonportable: { numbers: listed.nonportable, details: listed.details },
  };
}

/**
 * The same judgement in the v2 path's shape (api.md "The v2 path"): flat
 * lists, every number exactly as the client sent it (its first spelling when
 * repeated), and the portable numbers whose gaining provider is marked
 * `hypernetwork`.
 */
export function checkPortabilityV2(snapshot: Snapshot, numbers: readonly string[]): PortabilityResultV2 {
  const verdicts = judgeNumbers(snapshot, numbers);
  const hypernetwork = hypernetworkGroups(snapshot, verdicts.groupParts, verdicts.groupSizes.length);
  const listed = listInRequestOrder(numbers, verdicts, hypernetwork);
  return {
    portable: listed.portable,
    nonportable: listed.nonportable,
    hypernetwork_enabled: listed.hypernetwork,
    groups: buildGroups(snapshot, verdicts, listed),
    details: listed.details,
  };
}

/** Per group index: 1 when the group's gaining provider is marked `hypernetwork`. */
export function hypernetworkGroups(
  snapshot: Snapshot,
  groupParts: Int32Array,
  groupCount: number,
): Uint8Array {
  const flags = new Uint8Array(groupCount);
  for (let g = 0; g < groupCount; g++) flags[g] = snapshot.providerHypernetwork[groupParts[g * 4 + 1]];
  return flags;
}

/** Pass 2, in request order: the three lists, and each group's members and rank. */
interface Listed {
  portable: string[];
  nonportable: string[];
  details: NonportableDetail[];
  /** Places in `portable` of every group's members, group after group (by group index). */
  members: Int32Array;
  /** Where each group's members start in `members` (see groupStarts). */
  starts: Int32Array;
}

/**
 * Pass 2's lists in request order. `hypernetwork` null: the beta shape, each
 * number in canonical form (one that cannot be canonicalised echoed as
 * posted, docs/spec/rules.md §1); else the v2 shape, each number as sent, and
 * the portable ones whose group's flag is 1 listed again.
 */
function listInRequestOrder(
  numbers: readonly string[],
  { tns, verdicts, detailList, groupSizes }: Verdicts,
  hypernetwork: Uint8Array | null,
): Listed & { hypernetwork: string[] } {
  const portable: string[] = [];
  const nonportable: string[] = [];
  const details: NonportableDetail[] = [];
  const enabled: string[] = [];
  const starts = groupStarts(groupSizes);
  const fill = starts.slice();
  const members = new Int32Array(starts[groupSizes.length]);
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i];
    if (v === DUPLICATE) continue;
    const raw = numbers[i];
    const tn = tns[i];
    const number = hypernetwork !== null || tn < 0 ? raw : canonicalString(raw, tn);
    if (isRejected(v)) {
      nonportable.push(number);
      details.push({ number, reason: REASONS[verdictReason(v)], detail: detailList[verdictDetail(v)] });
      continue;
    }
    members[fill[v]++] = portable.length;
    portable.push(number);
    if (hypernetwork !== null && hypernetwork[v] === 1) enabled.push(number);
  }
  return { portable, nonportable, details, members, starts, hypernetwork: enabled };
}

/**
 * The groups by first appearance, each list filled in one run from its
 * members (not one number at a time into lists scattered over the heap).
 */
function buildGroups(
  snapshot: Snapshot,
  { verdicts, groupParts, groupSizes }: Verdicts,
  { portable, members, starts }: Listed,
): PortableGroup[] {
  const byRank = groupsByFirstAppearance(verdicts, groupSizes.length);
  const groups: PortableGroup[] = new Array(byRank.length);
  for (let r = 0; r < byRank.length; r++) {
    const g = byRank[r];
    const size = groupSizes[g];
    const list: string[] = new Array(size);
    const first = starts[g];
    for (let j = 0; j < size; j++) list[j] = portable[members[first + j]];
    // The same object gains its numbers last, so the keys keep docs/spec/api.md's order.
    const group = groupFields(snapshot, groupParts, g) as PortableGroup;
    group.numbers = list;
    groups[r] = group;
  }
  return groups;
}

/**
 * Where each group's members start when every group's members are listed
 * one group after another, by group index; the last entry (one past the
 * groups) is their total. Both layouts of the answer use it.
 */
export function groupStarts(groupSizes: Int32Array): Int32Array {
  const starts = new Int32Array(groupSizes.length + 1);
  for (let g = 0; g < groupSizes.length; g++) starts[g + 1] = starts[g] + groupSizes[g];
  return starts;
}

/** Group indexes in the order the answer lists groups (§6): by first appearance in the request. */
export function groupsByFirstAppearance(verdicts: Int32Array, groupCount: number): Int32Array {
  const seen = new Uint8Array(groupCount);
  const byRank = new Int32Array(groupCount);
  let ranked = 0;
  for (let i = 0; i < verdicts.length && ranked < groupCount; i++) {
    const v = verdicts[i];
    if (v >= 0 && seen[v] === 0) {
      seen[v] = 1;
      byRank[ranked++] = v;
    }
  }
  return byRank;
}

/** What §2–§4 decide for one canonical number: a reason, or the parts of its group. */
export type Outcome =
  | { reason: Reason; detail: string; underlying: 0; gaining: 0; type: 0; lata: 0 }
  | { reason: null; detail: ''; underlying: number; gaining: number; type: number; lata: number };

/**
 * §2–§4 for one canonical ten-digit number, without pass 1's arrays (a
 * one-number request).
 */
export function judgeNumber(snapshot: Snapshot, tn: number): Outcome {
  const exchange = (tn / 10_000) | 0;
  const verdict = judge(snapshot, exchange, (tn - exchange * 10_000) | 0, true);
  if (verdict < 0) {
    const reason = REASONS[keyReason(rejectionKey(verdict))];
    return { reason, detail: lastDetail, underlying: 0, gaining: 0, type: 0, lata: 0 };
  }
  return {
    reason: null,
    detail: '',
    underlying: found[UNDERLYING],
    gaining: found[GAINING],
    type: found[TYPE],
    lata: found[LATA],
  };
}

/** The parts of the last portable verdict's group (see judge). */
const found = new Int32Array(4);
const UNDERLYING = 0;
const GAINING = 1;
const TYPE = 2;
const LATA = 3;
const LATA_SLOTS = 1024;
const TYPE_SLOTS = 4;

const R_INVALID = REASONS.indexOf('invalid_number');
const R_SPECIAL_USE = REASONS.indexOf('special_use');
const R_UNASSIGNED = REASONS.indexOf('unassigned');
const R_NOT_LNP_CAPABLE = REASONS.indexOf('not_lnp_capable');
const R_NOT_IN_SERVICE = REASONS.indexOf('not_in_service');
const R_NO_COVERAGE = REASONS.indexOf('no_coverage');
const R_ON_NETWORK = REASONS.indexOf('on_network');

/** The detail sentence of the last rejection judged with `describe`. */
let lastDetail = '';

/**
 * A rejection (verdict.ts), whose `key` tells apart the rejections of that
 * reason whose detail sentences differ. So a request's rejections are told
 * apart without building a sentence for each: the sentence is written
 * (describe = true) once per distinct rejection.
 */
function reject(reason: number, key: number, detail: string): number {
  lastDetail = detail;
  return rejection(reason, key);
}

/**
 * §2–§4 for one canonical number, given as its exchange (NPA*1000+NXX) and
 * line: 0 when portable, with its group's parts left in `found`, or a
 * rejection (< 0, see reject). Small integers only, which V8 passes
 * and returns without allocating; sentences are built only when `describe`
 * asks for them.
 */
function judge(snapshot: Snapshot, exchange: number, line: number, describe: boolean): number {
  const npa = Math.floor(exchange / 1000);
  const nxx = exchange - npa * 1000;
  const npaClass = NPA_CLASS[npa];
  const nxxClass = NXX_CLASS[nxx];
  if (npaClass === NpaClass.Invalid || nxxClass === NxxClass.Invalid) {
    return reject(R_INVALID, exchange, describe ? details.invalidCode(exchange * 10_000 + line) : '');
  }
  if (npaClass === NpaClass.NonGeographic) {
    return reject(R_SPECIAL_USE, exchange, describe ? details.nonGeographic(exchange * 10_000 + line) : '');
  }

  let current: number;
  let gaining: number;
  let type: number;
  let lata: number;
  if (npaClass === NpaClass.TollFree) {
    // §4
    const record = snapshot.tollfree.get(exchange, line);
    const status = record < 0 ? -1 : record & ((1 << TOLLFREE_STATUS_BITS) - 1);
    if (record < 0 || status === STATUS_SPARE) {
      const spare = record < 0 ? 0 : 1;
      return reject(
        R_UNASSIGNED,
        exchange * 2 + spare,
        describe ? details.unassignedTollfree(spare ? 'SPARE' : null) : '',
      );
    }
    if (!STATUS_GOES_ON[status]) {
      return reject(
        R_NOT_IN_SERVICE,
        status,
        describe ? details.notInService(TOLLFREE_STATUSES[status]) : '',
      );
    }
    current = record >>> TOLLFREE_STATUS_BITS;
    type = TYPE_TOLLFREE;
    lata = NO_LATA;
    gaining = snapshot.tollfreeGaining;
    if (gaining < 0) {
      return reject(R_NO_COVERAGE, 0, describe ? details.noCoverage('tollfree', 'anywhere') : '');
    }
  } else {
    // §3
    if (nxxClass === NxxClass.SpecialUse) {
      return reject(
        R_SPECIAL_USE,
        exchange,
        describe ? details.specialUseExchange(exchange * 10_000 + line) : '',
      );
    }
    const block = snapshot.blockOf(exchange, line);
    if (block < 0)
      return reject(
        R_UNASSIGNED,
        exchange * 2,
        describe ? details.unassignedBlock(exchange * 10_000 + line) : '',
      );
    const records = snapshot.blockRecords;
    const record = block * BLOCK_FIELDS;
    const lataFlags = records[record + BlockField.LataFlags];
    if ((lataFlags & BlockFlag.Portable) === 0) {
      const thousands = Math.floor(line / 1000);
      return reject(
        R_NOT_LNP_CAPABLE,
        exchange * 10 + thousands,
        describe ? details.notLnpCapable(exchange * 10_000 + line) : '',
      );
    }
    const ported = snapshot.ported.get(exchange, line);
    if (ported >= 0) {
      current = ported >>> 1;
      type = (ported & 1) === 1 ? TYPE_WIRELESS : TYPE_LONG_CODE;
    } else {
      current = records[record + BlockField.Holder];
      type = (lataFlags & BlockFlag.Wireless) !== 0 ? TYPE_WIRELESS : TYPE_LONG_CODE;
    }
    lata = lataFlags >>> 2;
    gaining =
      type === TYPE_WIRELESS
        ? records[record + BlockField.GainWireless]
        : records[record + BlockField.GainLongCode];
    if (gaining < 0) {
      const where = describe ? `in LATA ${lata} (${snapshot.placeOf(block)})` : '';
      return reject(
        R_NO_COVERAGE,
        1 + block * 2 + (type === TYPE_WIRELESS ? 1 : 0),
        describe ? details.noCoverage(TYPE_NAMES[type], where) : '',
      );
    }
  }

  const underlying = snapshot.underlying[current];
  if (underlying === snapshot.providerIndex[gaining]) {
    return reject(
      R_ON_NETWORK,
      gaining,
      describe ? details.onNetwork(snapshot.providerNames[gaining], snapshot.ids[underlying]) : '',
    );
  }
  found[UNDERLYING] = underlying;
  found[GAINING] = gaining;
  found[TYPE] = type;
  found[LATA] = lata;
  return 0;
}
