// The Check Portability response body written once, as UTF-8 bytes, straight
// from pass 1's verdicts: no result object per group or per nonportable
// number, no string per portable number. Every canonical number is `1` and
// ten digits, so the portable list and each group's list have sizes known in
// advance: each number's digits are written once into the portable list and
// copied into its group's list. Group headers are encoded once per carrier and per gaining
// provider and kept with the snapshot. Byte for byte the same as
// JSON.stringify({ data: checkPortability(snapshot, numbers) }).
import { canonicalString, parseCanonical } from './canonical.js';
import {
  groupStarts,
  groupsByFirstAppearance,
  judgeNumber,
  judgeNumbers,
  NO_LATA,
  TYPE_NAMES,
  type Verdicts,
} from './check.js';
import { details } from './details.js';
import type { Snapshot } from './snapshot.js';
import { REASONS } from './types.js';
import { isRejected, verdictDetail, verdictReason } from './verdict.js';

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
const lataPart = (lata: number) => lataParts[lata] ?? makeLataPart(lata);
function makeLataPart(lata: number): Uint8Array {
  const part = bytes(`${lata === NO_LATA ? 'null' : lata},"numbers":[`);
  lataParts[lata] = part;
  return part;
}
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

// Keys in the order of groupFields (check.ts); the property test holds them to
// JSON.stringify's output. Each part is read from its cache first, and made
// by a separate function, so that no closure (nor a context for one) is
// allocated per call: these run once per group, and once per one-number answer.
function currentText(snapshot: Snapshot, heads: Heads, underlying: number): string {
  return heads.currentText[underlying] ?? makeCurrentText(snapshot, heads, underlying);
}

function makeCurrentText(snapshot: Snapshot, heads: Heads, underlying: number): string {
  const name = JSON.stringify(snapshot.names[underlying]);
  const id = JSON.stringify(snapshot.ids[underlying]);
  const text = `{"current_service_provider_name":${name},"current_service_provider_id":${id},"gaining_service_provider_name":`;
  heads.currentText[underlying] = text;
  return text;
}

function gainingText(snapshot: Snapshot, heads: Heads, gaining: number, type: number): string {
  return (
    heads.gainingText[gaining * TYPE_NAMES.length + type] ?? makeGainingText(snapshot, heads, gaining, type)
  );
}

function makeGainingText(snapshot: Snapshot, heads: Heads, gaining: number, type: number): string {
  const name = JSON.stringify(snapshot.providerNames[gaining]);
  const id = JSON.stringify(snapshot.ids[snapshot.providerIndex[gaining]]);
  const text = `${name},"gaining_service_provider_id":${id},"number_type_associated":"${TYPE_NAMES[type]}","lata":`;
  heads.gainingText[gaining * TYPE_NAMES.length + type] = text;
  return text;
}

function currentHead(snapshot: Snapshot, heads: Heads, underlying: number): Uint8Array {
  return heads.current[underlying] ?? makeCurrentHead(snapshot, heads, underlying);
}

function makeCurrentHead(snapshot: Snapshot, heads: Heads, underlying: number): Uint8Array {
  const head = bytes(currentText(snapshot, heads, underlying));
  heads.current[underlying] = head;
  return head;
}

function gainingHead(snapshot: Snapshot, heads: Heads, gaining: number, type: number): Uint8Array {
  return heads.gaining[gaining * TYPE_NAMES.length + type] ?? makeGainingHead(snapshot, heads, gaining, type);
}

function makeGainingHead(snapshot: Snapshot, heads: Heads, gaining: number, type: number): Uint8Array {
  const head = bytes(gainingText(snapshot, heads, gaining, type));
  heads.gaining[gaining * TYPE_NAMES.length + type] = head;
  return head;
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

/**
 * Writes `"1NPANXXXXXX"` at `at` from the ten-digit integer, its digits cut
 * from two int32 halves (NPA NX, and the rest).
 */
function writeNumber(out: Uint8Array, at: number, tn: number): void {
  let high = (tn / 100_000) | 0;
  let low = (tn - high * 100_000) | 0;
  out[at] = QUOTE;
  out[at + 1] = ZERO + 1;
  for (let k = at + 11; k > at + 6; k--) {
    const q = (low / 10) | 0;
    out[k] = ZERO + low - q * 10;
    low = q;
  }
  for (let k = at + 6; k > at + 1; k--) {
    const q = (high / 10) | 0;
    out[k] = ZERO + high - q * 10;
    high = q;
  }
  out[at + 12] = QUOTE;
}

/** What a pass over the verdicts learns of the nonportable part: what it lists, and its size. */
interface Survey {
  /** Positions of the nonportable numbers, in request order. */
  rejected: number[];
  /** The escaped raw strings of §1 failures, in request order. */
  rawQuoted: string[];
  /** Each distinct detail sentence, escaped (JSON), by detail index, and its size in UTF-8. */
  detailJson: (string | undefined)[];
  detailSize: Int32Array;
  tailSize: number;
}

/** `{"data":{…}}` for `numbers`, as UTF-8 bytes, exactly as the API answers it. */
export function writePortabilityBody(snapshot: Snapshot, numbers: readonly string[]): Uint8Array {
  if (numbers.length === 1) return encoder.encode(oneNumberBody(snapshot, numbers[0]));
  const verdicts = judgeNumbers(snapshot, numbers);
  const survey = surveyVerdicts(numbers, verdicts);
  const starts = groupStarts(verdicts.groupSizes);
  const portableCount = starts[verdicts.groupSizes.length];
  const heads = headsOf(snapshot);
  const portableAt = OPEN.length;
  const groupsAt = portableAt + listBytes(portableCount) + GROUPS.length;
  const out = new Uint8Array(groupsAt + groupsSize(snapshot, heads, verdicts) + survey.tailSize);
  out.set(OPEN, 0);
  out.set(GROUPS, groupsAt - GROUPS.length);
  // Where each group's list starts (by group index), filled in with the headers.
  const listAt = new Int32Array(verdicts.groupSizes.length);
  const byRank = groupsByFirstAppearance(verdicts.verdicts, verdicts.groupSizes.length);
  const tailAt = writeGroupHeads(out, groupsAt, snapshot, heads, verdicts, byRank, listAt);
  const numberAt = new Int32Array(survey.rejected.length + 1);
  const detailsAt = writeRejectedNumbers(out, tailAt, verdicts.tns, survey, numberAt);
  writeDetails(out, detailsAt, verdicts.verdicts, survey, numberAt);
  const members = writePortableNumbers(out, portableAt, verdicts, starts);
  writeGroupLists(out, portableAt, verdicts.groupSizes, listAt, members);
  return out;
}

// Each loop below is a small function of its own: V8 optimises each once and
// keeps it, where one long function with several loops is entered through
// on-stack replacement and de-optimised again on every call.

const listBytes = (count: number) => (count === 0 ? 0 : count * (QUOTED_NUMBER + 1) - 1);

function surveyVerdicts(numbers: readonly string[], { tns, verdicts, detailList }: Verdicts): Survey {
  const rejected: number[] = [];
  const rawQuoted: string[] = [];
  // Escaped once per distinct sentence and measured, not encoded: each is
  // encoded straight into the body where it first appears, then copied.
  const detailJson: (string | undefined)[] = new Array(detailList.length);
  const detailSize = new Int32Array(detailList.length);
  let tailSize = TAIL_OPEN.length + DETAILS.length + CLOSE.length;
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i];
    if (isRejected(v)) {
      let numberSize = QUOTED_NUMBER;
      if (tns[i] < 0) {
        const quoted = JSON.stringify(numbers[i]);
        rawQuoted.push(quoted);
        numberSize = utf8Length(quoted);
      }
      const d = verdictDetail(v);
      if (detailJson[d] === undefined) {
        const json = JSON.stringify(detailList[d]);
        detailJson[d] = json;
        detailSize[d] = utf8Length(json);
      }
      const separators = rejected.length === 0 ? 0 : 2;
      tailSize += separators + 2 * numberSize + NUMBER_KEY.length + REASON_MIDDLES[verdictReason(v)].length;
      tailSize += detailSize[d] + 1;
      rejected.push(i);
    }
  }
  return { rejected, rawQuoted, detailJson, detailSize, tailSize };
}

/** Bytes of the groups: each header and list, commas between. */
function groupsSize(snapshot: Snapshot, heads: Heads, { groupParts, groupSizes }: Verdicts): number {
  let size = 0;
  for (let g = 0; g < groupSizes.length; g++) {
    size +=
      (g === 0 ? 0 : 1) +
      currentHead(snapshot, heads, groupParts[g * 4]).length +
      gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]).length +
      lataPart(groupParts[g * 4 + 3]).length +
      listBytes(groupSizes[g]) +
      GROUP_END.length;
  }
  return size;
}

/** Group headers in rank order, each list's room left empty; returns where the groups end. */
function writeGroupHeads(
  out: Uint8Array,
  start: number,
  snapshot: Snapshot,
  heads: Heads,
  { groupParts, groupSizes }: Verdicts,
  byRank: Int32Array,
  listAt: Int32Array,
): number {
  let at = start;
  for (let r = 0; r < byRank.length; r++) {
    const g = byRank[r];
    if (r > 0) out[at++] = COMMA;
    at = put(out, at, currentHead(snapshot, heads, groupParts[g * 4]));
    at = put(out, at, gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]));
    at = put(out, at, lataPart(groupParts[g * 4 + 3]));
    listAt[g] = at;
    at += listBytes(groupSizes[g]);
    out[at++] = CLOSE_BRACKET;
    out[at++] = CLOSE_BRACE;
  }
  return at;
}

/**
 * `]},"nonportable":{"numbers":[…]`, noting where each number starts (and,
 * last, where the list ends) in `numberAt`; returns where the details go.
 */
function writeRejectedNumbers(
  out: Uint8Array,
  start: number,
  tns: Float64Array,
  { rejected, rawQuoted }: Survey,
  numberAt: Int32Array,
): number {
  let at = put(out, start, TAIL_OPEN);
  let raw = 0;
  for (let k = 0; k < rejected.length; k++) {
    if (k > 0) out[at++] = COMMA;
    numberAt[k] = at;
    const tn = tns[rejected[k]];
    if (tn < 0) at = putText(out, at, rawQuoted[raw++]);
    else {
      writeNumber(out, at, tn);
      at += QUOTED_NUMBER;
    }
  }
  numberAt[rejected.length] = at + 1; // as if a comma followed the last
  return at;
}

/** `],"details":[…]}}}`, each object's number copied from the list just written. */
function writeDetails(
  out: Uint8Array,
  start: number,
  verdicts: Int32Array,
  { rejected, detailJson, detailSize }: Survey,
  numberAt: Int32Array,
): void {
  let at = put(out, start, DETAILS);
  // Where each distinct sentence was first written, to copy it from there.
  const writtenAt = new Int32Array(detailJson.length).fill(-1);
  for (let k = 0; k < rejected.length; k++) {
    if (k > 0) out[at++] = COMMA;
    at = put(out, at, NUMBER_KEY);
    const from = numberAt[k];
    const to = numberAt[k + 1] - 1;
    out.copyWithin(at, from, to);
    at += to - from;
    const v = verdicts[rejected[k]];
    at = put(out, at, REASON_MIDDLES[verdictReason(v)]);
    const d = verdictDetail(v);
    if (writtenAt[d] < 0) {
      writtenAt[d] = at;
      at = putText(out, at, detailJson[d] as string);
    } else {
      out.copyWithin(at, writtenAt[d], writtenAt[d] + detailSize[d]);
      at += detailSize[d];
    }
    out[at++] = CLOSE_BRACE;
  }
  put(out, at, CLOSE);
}

/**
 * The portable list, in request order. Returns every group's members (their
 * places in that list) side by side, group after group, so that each group's
 * list is then written in one sequential run, not one number at a time into
 * places scattered over the whole body.
 */
function writePortableNumbers(
  out: Uint8Array,
  start: number,
  { tns, verdicts }: Verdicts,
  starts: Int32Array,
): Int32Array {
  const fill = starts.slice();
  const members = new Int32Array(starts[starts.length - 1]);
  let k = 0;
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i];
    if (v < 0) continue;
    const p = start + k * (QUOTED_NUMBER + 1);
    if (k > 0) out[p - 1] = COMMA;
    writeNumber(out, p, tns[i]);
    members[fill[v]++] = k++;
  }
  return members;
}

/** Each group's list, copied from the portable list (members in request order, group by group). */
function writeGroupLists(
  out: Uint8Array,
  portableAt: number,
  groupSizes: Int32Array,
  listAt: Int32Array,
  members: Int32Array,
): void {
  let m = 0;
  for (let g = 0; g < groupSizes.length; g++) {
    let q = listAt[g];
    for (let j = 0; j < groupSizes[g]; j++) {
      if (j > 0) out[q++] = COMMA;
      const from = portableAt + members[m++] * (QUOTED_NUMBER + 1);
      for (let b = 0; b < QUOTED_NUMBER; b++) out[q + b] = out[from + b];
      q += QUOTED_NUMBER;
    }
  }
}

/** Encodes `text` into `out` at `at` (the room was measured by utf8Length); returns where the next byte goes. */
function putText(out: Uint8Array, at: number, text: string): number {
  return at + encoder.encodeInto(text, out.subarray(at)).written;
}

/** Bytes of `text` in UTF-8 (JSON.stringify's output: no lone surrogates). */
function utf8Length(text: string): number {
  let size = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) size += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      size += 2; // a pair: two UTF-16 units, four bytes
      i++;
    } else size += 2;
  }
  return size;
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
