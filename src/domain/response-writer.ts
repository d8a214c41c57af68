// The Check Portability response body written once, as UTF-8 bytes, straight
// from pass 1's verdicts: no result object per group or per nonportable
// number, no string per portable number. Every canonical number is `1` and
// ten digits, so the portable list and each group's list have sizes known in
// advance: each number's digits are written once into the portable list and
// copied into its group's list. Group headers and details are the shared parts
// of response-parts.ts. Byte for byte the same as
// JSON.stringify({ data: checkPortability(snapshot, numbers) }).
import { canonicalString, parseCanonical } from './canonical.js';
import { groupStarts, groupsByFirstAppearance, judgeNumber, judgeNumbers, type Verdicts } from './check.js';
import { details } from './details.js';
import {
  bytes,
  COMMA,
  currentText,
  decoder,
  detailObjectSize,
  encoder,
  gainingText,
  groupsSize,
  headsOf,
  INVALID,
  lataText,
  put,
  putText,
  QUOTE,
  REASON_TEXTS,
  type Rejected,
  utf8Length,
  writeDetails,
  writeGroupHeads,
} from './response-parts.js';
import type { Snapshot } from './snapshot.js';
import { REASONS } from './types.js';
import { isRejected } from './verdict.js';

const ZERO = 0x30;
/** `"1NPANXXXXXX"` */
const QUOTED_NUMBER = 13;

const OPEN = bytes('{"data":{"portable":{"numbers":[');
const GROUPS = bytes('],"groups":[');
const NONPORTABLE = '"nonportable":{"numbers":[';
const DETAILS_TEXT = '],"details":[';
const CLOSE_TEXT = ']}}}';
const TAIL_OPEN = bytes(`]},${NONPORTABLE}`);
const DETAILS = bytes(DETAILS_TEXT);
const CLOSE = bytes(CLOSE_TEXT);

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
  return `{"data":{"portable":{"numbers":["${number}"],"groups":[${currentText(snapshot, heads, underlying)}${gainingText(snapshot, heads, gaining, type)}${lataText(lata)},"numbers":["${number}"]}]},${EMPTY_NONPORTABLE}`;
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
interface Survey extends Rejected {
  /** The escaped raw strings of docs/spec/rules.md §1 failures, in request order. */
  rawQuoted: string[];
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
  const { groupParts, groupSizes } = verdicts;
  const listSizes = groupSizes.map(listBytes);
  const portableAt = OPEN.length;
  const groupsAt = portableAt + listBytes(portableCount) + GROUPS.length;
  const out = new Uint8Array(groupsAt + groupsSize(snapshot, heads, groupParts, listSizes) + survey.tailSize);
  out.set(OPEN, 0);
  out.set(GROUPS, groupsAt - GROUPS.length);
  // Where each group's list starts (by group index), filled in with the headers.
  const listAt = new Int32Array(groupSizes.length);
  const byRank = groupsByFirstAppearance(verdicts.verdicts, groupSizes.length);
  const tailAt = writeGroupHeads(out, groupsAt, snapshot, heads, groupParts, listSizes, byRank, listAt);
  const numberAt = new Int32Array(survey.rejected.length + 1);
  const detailsAt = writeRejectedNumbers(out, tailAt, verdicts.tns, survey, numberAt);
  writeDetails(out, detailsAt, DETAILS, CLOSE, verdicts.verdicts, survey, numberAt);
  const members = writePortableNumbers(out, portableAt, verdicts, starts);
  writeGroupLists(out, portableAt, verdicts.groupSizes, listAt, members);
  return out;
}

// Each loop below is a small function of its own: V8 optimises each once and
// keeps it, where one long function with several loops is entered through
// on-stack replacement and de-optimised again on every call.

const listBytes = (count: number) => (count === 0 ? 0 : count * (QUOTED_NUMBER + 1) - 1);

function surveyVerdicts(numbers: readonly string[], verdicts: Verdicts): Survey {
  const { tns } = verdicts;
  const positions = verdicts.verdicts;
  const survey: Survey = {
    rejected: [],
    rawQuoted: [],
    detailJson: new Array(verdicts.detailList.length),
    detailSize: new Int32Array(verdicts.detailList.length),
    tailSize: TAIL_OPEN.length + DETAILS.length + CLOSE.length,
  };
  for (let i = 0; i < positions.length; i++) {
    const v = positions[i];
    if (isRejected(v)) {
      let numberSize = QUOTED_NUMBER;
      if (tns[i] < 0) {
        const quoted = JSON.stringify(numbers[i]);
        survey.rawQuoted.push(quoted);
        numberSize = utf8Length(quoted);
      }
      const separators = survey.rejected.length === 0 ? 0 : 2;
      survey.tailSize += separators + 2 * numberSize + detailObjectSize(verdicts, survey, v);
      survey.rejected.push(i);
    }
  }
  return survey;
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

/** The same body as a string (for callers that print it, and for one-number answers). */
export function checkPortabilityBody(snapshot: Snapshot, numbers: readonly string[]): string {
  if (numbers.length === 1) return oneNumberBody(snapshot, numbers[0]);
  return decoder.decode(writePortabilityBody(snapshot, numbers));
}
