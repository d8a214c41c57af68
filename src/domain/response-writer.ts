// The Check Portability response body written once, as UTF-8 bytes, straight
// from pass 1's verdicts: no result object per group or per nonportable
// number, no string per portable number. Every canonical number is `1` and
// ten digits, so the portable list and each group's list have sizes known in
// advance, and each number's digits are written into both places from its
// integer. Group headers are encoded once per carrier and per gaining
// provider and kept with the snapshot. Byte for byte the same as
// JSON.stringify({ data: checkPortability(snapshot, numbers) }).
import { canonicalString, parseCanonical } from './canonical.js';
import { DUPLICATE, judgeNumber, judgeNumbers, NO_LATA, REASON_BASE, TYPE_NAMES } from './check.js';
import { details } from './details.js';
import type { Snapshot } from './snapshot.js';
import { REASONS } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (s: string) => encoder.encode(s);

const QUOTE = 0x22;
const COMMA = 0x2c;
const ZERO = 0x30;
/** `"1NPANXXXXXX"` */
const QUOTED_NUMBER = 13;

const OPEN = bytes('{"data":{"portable":{"numbers":[');
const GROUPS = bytes('],"groups":[');
const NUMBERS_KEY = bytes(',"numbers":[');
const GROUP_END = bytes(']}');
const NULL = bytes('null');
const NONPORTABLE = '"nonportable":{"numbers":[';
const DETAILS = '],"details":[';
const CLOSE = ']}}}';
/** `,"reason":"…","detail":` per reason code: the constant middle of a detail object. */
const REASON_MIDDLES = REASONS.map((r) => `,"reason":"${r}","detail":`);
const INVALID = REASONS.indexOf('invalid_number');

/** Group header parts, per snapshot: a carrier's part and a gaining provider's part per number type. */
interface Heads {
  current: (Uint8Array | undefined)[];
  gaining: (Uint8Array | undefined)[];
  /** The same parts as text, for the one-number body. */
  currentText: (string | undefined)[];
  gainingText: (string | undefined)[];
}
const headsBySnapshot = new WeakMap<Snapshot, Heads>();

function headsOf(snapshot: Snapshot): Heads {
  let heads = headsBySnapshot.get(snapshot);
  if (heads === undefined) {
    heads = { current: [], gaining: [], currentText: [], gainingText: [] };
    headsBySnapshot.set(snapshot, heads);
  }
  return heads;
}

/** `cache[slot]`, made by `make` the first time it is asked for. */
function cached<T>(cache: (T | undefined)[], slot: number, make: () => T): T {
  let value = cache[slot];
  if (value === undefined) {
    value = make();
    cache[slot] = value;
  }
  return value;
}

// Keys in the order of groupFields (check.ts); the property test holds them to JSON.stringify's output.
function currentText(snapshot: Snapshot, heads: Heads, underlying: number): string {
  return cached(heads.currentText, underlying, () => {
    const name = JSON.stringify(snapshot.names[underlying]);
    const id = JSON.stringify(snapshot.ids[underlying]);
    return `{"current_service_provider_name":${name},"current_service_provider_id":${id},"gaining_service_provider_name":`;
  });
}

function gainingText(snapshot: Snapshot, heads: Heads, gaining: number, type: number): string {
  return cached(heads.gainingText, gaining * TYPE_NAMES.length + type, () => {
    const name = JSON.stringify(snapshot.providerNames[gaining]);
    const id = JSON.stringify(snapshot.ids[snapshot.providerIndex[gaining]]);
    return `${name},"gaining_service_provider_id":${id},"number_type_associated":"${TYPE_NAMES[type]}","lata":`;
  });
}

function currentHead(snapshot: Snapshot, heads: Heads, underlying: number): Uint8Array {
  return cached(heads.current, underlying, () => bytes(currentText(snapshot, heads, underlying)));
}

function gainingHead(snapshot: Snapshot, heads: Heads, gaining: number, type: number): Uint8Array {
  const slot = gaining * TYPE_NAMES.length + type;
  return cached(heads.gaining, slot, () => bytes(gainingText(snapshot, heads, gaining, type)));
}

const EMPTY_PORTABLE = '{"data":{"portable":{"numbers":[],"groups":[]},';
const EMPTY_NONPORTABLE = '"nonportable":{"numbers":[],"details":[]}}}';

/**
 * The body for a one-number request, as text: the same as the general
 * writer's bytes, without pass 1's arrays, sort and group index, which cost
 * more than the judging when there is one number.
 */
function oneNumberBody(snapshot: Snapshot, raw: string): string {
  const tn = parseCanonical(raw);
  if (tn < 0) {
    const quoted = JSON.stringify(raw);
    const detail = JSON.stringify(details.invalid(raw));
    return `${EMPTY_PORTABLE}${NONPORTABLE}${quoted}${DETAILS}{"number":${quoted}${REASON_MIDDLES[INVALID]}${detail}}${CLOSE}`;
  }
  const number = canonicalString(raw, tn);
  const outcome = judgeNumber(snapshot, tn);
  if (outcome.reason !== null) {
    const middle = REASON_MIDDLES[REASONS.indexOf(outcome.reason)];
    const detail = JSON.stringify(outcome.detail);
    return `${EMPTY_PORTABLE}${NONPORTABLE}"${number}"${DETAILS}{"number":"${number}"${middle}${detail}}${CLOSE}`;
  }
  const heads = headsOf(snapshot);
  const { underlying, gaining, type, lata } = outcome;
  return `{"data":{"portable":{"numbers":["${number}"],"groups":[${currentText(snapshot, heads, underlying)}${gainingText(snapshot, heads, gaining, type)}${lata === NO_LATA ? 'null' : lata},"numbers":["${number}"]}]},${EMPTY_NONPORTABLE}`;
}

/** Writes `"1NPANXXXXXX"` at `at` from the ten-digit integer. */
function writeNumber(out: Uint8Array, at: number, tn: number): void {
  out[at] = QUOTE;
  out[at + 1] = ZERO + 1;
  const high = Math.floor(tn / 100_000); // NPA NX (below 2^31)
  let low = tn - high * 100_000;
  let rest = high;
  for (let k = at + 11; k > at + 6; k--) {
    const q = (low / 10) | 0;
    out[k] = ZERO + low - q * 10;
    low = q;
  }
  for (let k = at + 6; k > at + 1; k--) {
    const q = (rest / 10) | 0;
    out[k] = ZERO + rest - q * 10;
    rest = q;
  }
  out[at + 12] = QUOTE;
}

/** `{"data":{…}}` for `numbers`, as UTF-8 bytes, exactly as the API answers it. */
export function writePortabilityBody(snapshot: Snapshot, numbers: readonly string[]): Uint8Array {
  const n = numbers.length;
  if (n === 1) return encoder.encode(oneNumberBody(snapshot, numbers[0]));
  const { tns, verdicts, detailList, groupParts, groupSizes } = judgeNumbers(snapshot, numbers);
  const groupCount = groupSizes.length;
  const heads = headsOf(snapshot);

  // Groups are listed by first appearance in the request; the nonportable
  // lists (escaped strings, variable widths) are built on the way.
  const rankOf = new Int32Array(groupCount).fill(-1);
  const byRank = new Int32Array(groupCount);
  let ranked = 0;
  let portableCount = 0;
  const nonportable: string[] = []; // quoted, escaped
  const nonportableDetails: string[] = [];
  for (let i = 0; i < n; i++) {
    const tn = tns[i];
    const v = verdicts[i];
    if (v >= 0) {
      portableCount++;
      if (rankOf[v] < 0) {
        rankOf[v] = ranked;
        byRank[ranked++] = v;
      }
    } else if (v !== DUPLICATE) {
      // Raw strings that could not be canonicalised need escaping; canonical numbers are digits.
      const quoted = tn < 0 ? JSON.stringify(numbers[i]) : `"${canonicalString(numbers[i], tn)}"`;
      const code = REASON_BASE - v;
      nonportable.push(quoted);
      nonportableDetails.push(
        `{"number":${quoted}${REASON_MIDDLES[code & 7]}${JSON.stringify(detailList[code >>> 3])}}`,
      );
    }
  }
  const tail = bytes(
    `]},${NONPORTABLE}${nonportable.join(',')}${DETAILS}${nonportableDetails.join(',')}${CLOSE}`,
  );

  // Sizes first: every group's header and list, so each number's place is known.
  const listBytes = (count: number) => (count === 0 ? 0 : count * (QUOTED_NUMBER + 1) - 1);
  const portableAt = OPEN.length;
  let size = portableAt + listBytes(portableCount) + GROUPS.length;
  const groupsAt = size;
  for (let r = 0; r < groupCount; r++) {
    const g = byRank[r];
    const lata = groupParts[g * 4 + 3];
    size +=
      (r === 0 ? 0 : 1) +
      currentHead(snapshot, heads, groupParts[g * 4]).length +
      gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]).length +
      (lata === NO_LATA ? NULL.length : String(lata).length) +
      NUMBERS_KEY.length +
      listBytes(groupSizes[g]) +
      GROUP_END.length;
  }
  size += tail.length;

  const out = new Uint8Array(size);
  out.set(OPEN, 0);
  out.set(GROUPS, portableAt + listBytes(portableCount));
  // Group headers, and where each group's next number goes (by group index).
  const next = new Float64Array(groupCount);
  let at = groupsAt;
  for (let r = 0; r < groupCount; r++) {
    const g = byRank[r];
    if (r > 0) out[at++] = COMMA;
    const current = currentHead(snapshot, heads, groupParts[g * 4]);
    out.set(current, at);
    at += current.length;
    const gaining = gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]);
    out.set(gaining, at);
    at += gaining.length;
    const lata = groupParts[g * 4 + 3];
    if (lata === NO_LATA) {
      out.set(NULL, at);
      at += NULL.length;
    } else {
      const text = String(lata);
      for (let k = 0; k < text.length; k++) out[at++] = text.charCodeAt(k);
    }
    out.set(NUMBERS_KEY, at);
    at += NUMBERS_KEY.length;
    next[g] = at;
    at += listBytes(groupSizes[g]);
    out.set(GROUP_END, at);
    at += GROUP_END.length;
  }
  out.set(tail, at);

  // Each portable number, in request order, into the portable list and its group's list.
  let p = portableAt;
  for (let i = 0; i < n; i++) {
    const v = verdicts[i];
    if (v < 0) continue;
    const tn = tns[i];
    if (tn < 0) continue;
    if (p > portableAt) out[p++] = COMMA;
    writeNumber(out, p, tn);
    p += QUOTED_NUMBER;
    let q = next[v];
    if (out[q - 1] !== 0x5b /* [ */) out[q++] = COMMA;
    out.copyWithin(q, p - QUOTED_NUMBER, p);
    next[v] = q + QUOTED_NUMBER;
  }
  return out;
}

/** The same body as a string (for callers that print it, and for one-number answers). */
export function checkPortabilityBody(snapshot: Snapshot, numbers: readonly string[]): string {
  if (numbers.length === 1) return oneNumberBody(snapshot, numbers[0]);
  return decoder.decode(writePortabilityBody(snapshot, numbers));
}
