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
const GROUP_END = bytes(']}');
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;
const NONPORTABLE = '"nonportable":{"numbers":[';
const DETAILS_TEXT = '],"details":[';
const CLOSE_TEXT = ']}}}';
/** `,"reason":"…","detail":` per reason code: the constant middle of a detail object. */
const REASON_TEXTS = REASONS.map((r) => `,"reason":"${r}","detail":`);
const TAIL_OPEN = bytes(`]},${NONPORTABLE}`);
const DETAILS = bytes(DETAILS_TEXT);
const NUMBER_KEY = bytes('{"number":');
const CLOSE = bytes(CLOSE_TEXT);
const REASON_MIDDLES = REASON_TEXTS.map(bytes);
/** `LATA,"numbers":[` (or `null,…` for toll-free groups) by LATA, made when first needed. */
const lataParts: (Uint8Array | undefined)[] = [];
const lataPart = (lata: number) =>
  cached(lataParts, lata, () => bytes(`${lata === NO_LATA ? 'null' : lata},"numbers":[`));
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
    return `${EMPTY_PORTABLE}${NONPORTABLE}${quoted}${DETAILS_TEXT}{"number":${quoted}${REASON_TEXTS[INVALID]}${detail}}${CLOSE_TEXT}`;
  }
  const number = canonicalString(raw, tn);
  const outcome = judgeNumber(snapshot, tn);
  if (outcome.reason !== null) {
    const middle = REASON_TEXTS[REASONS.indexOf(outcome.reason)];
    const detail = JSON.stringify(outcome.detail);
    return `${EMPTY_PORTABLE}${NONPORTABLE}"${number}"${DETAILS_TEXT}{"number":"${number}"${middle}${detail}}${CLOSE_TEXT}`;
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

  // Groups are listed by first appearance in the request. The nonportable
  // part is measured on the way: numbers are 13 bytes, except the raw §1
  // failures (escaped once here), and each distinct detail is escaped once.
  const rankOf = new Int32Array(groupCount).fill(-1);
  const byRank = new Int32Array(groupCount);
  let ranked = 0;
  let portableCount = 0;
  const rejected: number[] = [];
  const rawQuoted: Uint8Array[] = [];
  const detailJson: (Uint8Array | undefined)[] = new Array(detailList.length);
  let tailSize = TAIL_OPEN.length + DETAILS.length + CLOSE.length;
  for (let i = 0; i < n; i++) {
    const v = verdicts[i];
    if (v >= 0) {
      portableCount++;
      if (rankOf[v] < 0) {
        rankOf[v] = ranked;
        byRank[ranked++] = v;
      }
    } else if (v !== DUPLICATE) {
      let numberSize = QUOTED_NUMBER;
      if (tns[i] < 0) {
        const quoted = bytes(JSON.stringify(numbers[i]));
        rawQuoted.push(quoted);
        numberSize = quoted.length;
      }
      const code = REASON_BASE - v;
      const detail = cached(detailJson, code >>> 3, () => bytes(JSON.stringify(detailList[code >>> 3])));
      const separators = rejected.length === 0 ? 0 : 2;
      tailSize += separators + 2 * numberSize + NUMBER_KEY.length + REASON_MIDDLES[code & 7].length;
      tailSize += detail.length + 1;
      rejected.push(i);
    }
  }

  // Sizes first: every group's header and list, so each number's place is known.
  const listBytes = (count: number) => (count === 0 ? 0 : count * (QUOTED_NUMBER + 1) - 1);
  const portableAt = OPEN.length;
  let size = portableAt + listBytes(portableCount) + GROUPS.length;
  const groupsAt = size;
  for (let r = 0; r < groupCount; r++) {
    const g = byRank[r];
    size +=
      (r === 0 ? 0 : 1) +
      currentHead(snapshot, heads, groupParts[g * 4]).length +
      gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]).length +
      lataPart(groupParts[g * 4 + 3]).length +
      listBytes(groupSizes[g]) +
      GROUP_END.length;
  }
  size += tailSize;

  const out = new Uint8Array(size);
  out.set(OPEN, 0);
  out.set(GROUPS, portableAt + listBytes(portableCount));
  // Group headers, and where each group's next number goes (by group index).
  const next = new Int32Array(groupCount);
  let at = groupsAt;
  for (let r = 0; r < groupCount; r++) {
    const g = byRank[r];
    if (r > 0) out[at++] = COMMA;
    at = put(out, at, currentHead(snapshot, heads, groupParts[g * 4]));
    at = put(out, at, gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]));
    at = put(out, at, lataPart(groupParts[g * 4 + 3]));
    next[g] = at;
    at += listBytes(groupSizes[g]);
    out[at++] = CLOSE_BRACKET;
    out[at++] = CLOSE_BRACE;
  }
  writeTail(out, at, rejected, tns, verdicts, rawQuoted, detailJson);

  // Each portable number, in request order, into the portable list and its
  // group's list (digits written once, then copied while still in cache).
  const started = new Uint8Array(groupCount);
  let p = portableAt;
  for (let i = 0; i < n; i++) {
    const v = verdicts[i];
    if (v < 0) continue;
    if (p > portableAt) out[p++] = COMMA;
    writeNumber(out, p, tns[i]);
    let q = next[v];
    if (started[v] === 0) started[v] = 1;
    else out[q++] = COMMA;
    for (let b = 0; b < QUOTED_NUMBER; b++) out[q + b] = out[p + b];
    next[v] = q + QUOTED_NUMBER;
    p += QUOTED_NUMBER;
  }
  return out;
}

/** The nonportable part: numbers, then one detail object each, in request order. */
function writeTail(
  out: Uint8Array,
  start: number,
  rejected: readonly number[],
  tns: Float64Array,
  verdicts: Int32Array,
  rawQuoted: readonly Uint8Array[],
  detailJson: readonly (Uint8Array | undefined)[],
): void {
  let at = put(out, start, TAIL_OPEN);
  let raw = 0;
  const numberAt = new Int32Array(rejected.length);
  for (let k = 0; k < rejected.length; k++) {
    if (k > 0) out[at++] = COMMA;
    numberAt[k] = at;
    const tn = tns[rejected[k]];
    if (tn < 0) at = put(out, at, rawQuoted[raw++]);
    else {
      writeNumber(out, at, tn);
      at += QUOTED_NUMBER;
    }
  }
  const numbersEnd = at;
  at = put(out, at, DETAILS);
  for (let k = 0; k < rejected.length; k++) {
    if (k > 0) out[at++] = COMMA;
    at = put(out, at, NUMBER_KEY);
    const from = numberAt[k];
    const to = k + 1 < rejected.length ? numberAt[k + 1] - 1 : numbersEnd;
    out.copyWithin(at, from, to);
    at += to - from;
    const code = REASON_BASE - verdicts[rejected[k]];
    at = put(out, at, REASON_MIDDLES[code & 7]);
    at = put(out, at, detailJson[code >>> 3] as Uint8Array);
    out[at++] = CLOSE_BRACE;
  }
  put(out, at, CLOSE);
}

/** Copies `part` into `out` at `at`; returns where the next byte goes. */
function put(out: Uint8Array, at: number, part: Uint8Array): number {
  out.set(part, at);
  return at + part.length;
}

/** The same body as a string (for callers that print it, and for one-number answers). */
export function checkPortabilityBody(snapshot: Snapshot, numbers: readonly string[]): string {
  if (numbers.length === 1) return oneNumberBody(snapshot, numbers[0]);
  return decoder.decode(writePortabilityBody(snapshot, numbers));
}
