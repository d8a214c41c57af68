// The v2 path's answer (api.md "The v2 path") written once as UTF-8 bytes,
// from the same pass 1 and the same group headers and details as the beta
// writer (response-parts.ts). Numbers are echoed as sent, so their sizes vary:
// one pass measures every list, then each number is written once into
// `portable` (and `hypernetwork_enabled`) or `nonportable`, and copied from
// there into its group's list or its detail object. Byte for byte the same as
// JSON.stringify({ data: checkPortabilityV2(snapshot, numbers) }).
import { parseCanonical } from './canonical.js';
import {
  groupStarts,
  groupsByFirstAppearance,
  hypernetworkGroups,
  judgeNumber,
  judgeNumbers,
  type Verdicts,
} from './check.js';
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
import { DUPLICATE, isRejected } from './verdict.js';

const OPEN = bytes('{"data":{"portable":[');
const NONPORTABLE = bytes('],"nonportable":[');
const HYPERNETWORK = bytes('],"hypernetwork_enabled":[');
const GROUPS = bytes('],"groups":[');
const DETAILS = bytes('],"details":[');
const CLOSE = bytes(']}}');

/**
 * The body for a one-number request, as text: the same as the general
 * writer's bytes, without pass 1's arrays (see the beta writer's).
 */
function oneNumberBody(snapshot: Snapshot, raw: string): string {
  const tn = parseCanonical(raw);
  if (tn < 0) {
    const quoted = JSON.stringify(raw);
    return rejectedBody(quoted, REASON_TEXTS[INVALID], details.invalid(raw));
  }
  // A canonicalisable string is `+`, then digits: nothing to escape.
  const quoted = `"${raw}"`;
  const outcome = judgeNumber(snapshot, tn);
  if (outcome.reason !== null) {
    return rejectedBody(quoted, REASON_TEXTS[REASONS.indexOf(outcome.reason)], outcome.detail);
  }
  const heads = headsOf(snapshot);
  const { underlying, gaining, type, lata } = outcome;
  const enabled = snapshot.providerHypernetwork[gaining] === 1 ? quoted : '';
  return `{"data":{"portable":[${quoted}],"nonportable":[],"hypernetwork_enabled":[${enabled}],"groups":[${currentText(snapshot, heads, underlying)}${gainingText(snapshot, heads, gaining, type)}${lataText(lata)},"numbers":[${quoted}]}],"details":[]}}`;
}

function rejectedBody(quoted: string, middle: string, detail: string): string {
  return `{"data":{"portable":[],"nonportable":[${quoted}],"hypernetwork_enabled":[],"groups":[],"details":[{"number":${quoted}${middle}${JSON.stringify(detail)}}]}}`;
}

/** What the measuring pass learns: every list's size in bytes, and what the nonportable part lists. */
interface Survey extends Rejected {
  /** The escaped raw strings of §1 failures, in request order. */
  rawQuoted: string[];
  portableCount: number;
  /** Bytes of each list's content, commas included. */
  portableSize: number;
  nonportableSize: number;
  hypernetworkSize: number;
  detailsSize: number;
  /** Bytes of each group's list, by group index. */
  listSizes: Int32Array;
}

/** `{"data":{…}}` of the v2 path for `numbers`, as UTF-8 bytes, exactly as the API answers it. */
export function writePortabilityBodyV2(snapshot: Snapshot, numbers: readonly string[]): Uint8Array {
  if (numbers.length === 1) return encoder.encode(oneNumberBody(snapshot, numbers[0]));
  const verdicts = judgeNumbers(snapshot, numbers);
  const { groupParts, groupSizes } = verdicts;
  const hypernetwork = hypernetworkGroups(snapshot, groupParts, groupSizes.length);
  const survey = surveyVerdicts(numbers, verdicts, hypernetwork);
  const heads = headsOf(snapshot);
  const portableAt = OPEN.length;
  const nonportableAt = portableAt + survey.portableSize + NONPORTABLE.length;
  const hypernetworkAt = nonportableAt + survey.nonportableSize + HYPERNETWORK.length;
  const groupsAt = hypernetworkAt + survey.hypernetworkSize + GROUPS.length;
  const groupsEnd = groupsAt + groupsSize(snapshot, heads, groupParts, survey.listSizes);
  const out = new Uint8Array(groupsEnd + DETAILS.length + survey.detailsSize + CLOSE.length);
  out.set(OPEN, 0);
  out.set(NONPORTABLE, nonportableAt - NONPORTABLE.length);
  out.set(HYPERNETWORK, hypernetworkAt - HYPERNETWORK.length);
  out.set(GROUPS, groupsAt - GROUPS.length);
  // Where each group's list starts (by group index), filled in with the headers.
  const listAt = new Int32Array(groupSizes.length);
  const byRank = groupsByFirstAppearance(verdicts.verdicts, groupSizes.length);
  writeGroupHeads(out, groupsAt, snapshot, heads, groupParts, survey.listSizes, byRank, listAt);
  const starts = groupStarts(groupSizes);
  const portableNumberAt = new Int32Array(survey.portableCount + 1);
  const members = writePortable(
    out,
    portableAt,
    hypernetworkAt,
    numbers,
    verdicts,
    hypernetwork,
    starts,
    portableNumberAt,
  );
  writeGroupLists(out, groupSizes, listAt, members, portableNumberAt);
  const rejectedNumberAt = new Int32Array(survey.rejected.length + 1);
  writeNonportable(out, nonportableAt, numbers, verdicts.tns, survey, rejectedNumberAt);
  writeDetails(out, groupsEnd, DETAILS, CLOSE, verdicts.verdicts, survey, rejectedNumberAt);
  return out;
}

// Each loop below is a small function of its own: V8 optimises each once and
// keeps it, where one long function with several loops is entered through
// on-stack replacement and de-optimised again on every call.

/** Sizes of every list; each number is counted with a comma after it, and the last comma taken off. */
function surveyVerdicts(numbers: readonly string[], verdicts: Verdicts, hypernetwork: Uint8Array): Survey {
  const { tns } = verdicts;
  const positions = verdicts.verdicts;
  const survey: Survey = {
    rejected: [],
    rawQuoted: [],
    detailJson: new Array(verdicts.detailList.length),
    detailSize: new Int32Array(verdicts.detailList.length),
    portableCount: 0,
    portableSize: 0,
    nonportableSize: 0,
    hypernetworkSize: 0,
    detailsSize: 0,
    listSizes: new Int32Array(verdicts.groupSizes.length),
  };
  for (let i = 0; i < positions.length; i++) {
    const v = positions[i];
    if (v === DUPLICATE) continue;
    if (!isRejected(v)) {
      // A canonicalisable string is ASCII with nothing to escape: its length plus the quotes.
      const size = numbers[i].length + 3;
      survey.portableCount++;
      survey.portableSize += size;
      survey.listSizes[v] += size;
      if (hypernetwork[v] === 1) survey.hypernetworkSize += size;
      continue;
    }
    let numberSize = numbers[i].length + 2;
    if (tns[i] < 0) {
      const quoted = JSON.stringify(numbers[i]);
      survey.rawQuoted.push(quoted);
      numberSize = utf8Length(quoted);
    }
    survey.nonportableSize += numberSize + 1;
    survey.detailsSize += numberSize + detailObjectSize(verdicts, survey, v) + 1;
    survey.rejected.push(i);
  }
  survey.portableSize = withoutLastComma(survey.portableSize);
  survey.nonportableSize = withoutLastComma(survey.nonportableSize);
  survey.hypernetworkSize = withoutLastComma(survey.hypernetworkSize);
  survey.detailsSize = withoutLastComma(survey.detailsSize);
  // Every group has a member.
  for (let g = 0; g < survey.listSizes.length; g++) survey.listSizes[g]--;
  return survey;
}

const withoutLastComma = (size: number) => (size === 0 ? 0 : size - 1);

/** `"raw"` at `at`, for a string of ASCII that needs no escaping; returns where the next byte goes. */
function putQuotedAscii(out: Uint8Array, at: number, raw: string): number {
  out[at] = QUOTE;
  const n = raw.length;
  for (let k = 0; k < n; k++) out[at + 1 + k] = raw.charCodeAt(k);
  out[at + 1 + n] = QUOTE;
  return at + n + 2;
}

/**
 * The portable list in request order, and the hypernetwork list beside it.
 * Notes where each portable number starts in `numberAt` (and, last, one past
 * the list as if a comma followed it); returns every group's members (places
 * in the portable list) group after group, as the beta writer does.
 */
function writePortable(
  out: Uint8Array,
  start: number,
  hypernetworkStart: number,
  numbers: readonly string[],
  { verdicts }: Verdicts,
  hypernetwork: Uint8Array,
  starts: Int32Array,
  numberAt: Int32Array,
): Int32Array {
  const fill = starts.slice();
  const members = new Int32Array(starts[starts.length - 1]);
  let at = start;
  let h = hypernetworkStart;
  let k = 0;
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i];
    if (v < 0) continue;
    if (k > 0) out[at++] = COMMA;
    numberAt[k] = at;
    at = putQuotedAscii(out, at, numbers[i]);
    if (hypernetwork[v] === 1) {
      if (h > hypernetworkStart) out[h++] = COMMA;
      h = putQuotedAscii(out, h, numbers[i]);
    }
    members[fill[v]++] = k++;
  }
  numberAt[k] = at + 1;
  return members;
}

/** Each group's list, copied from the portable list (members in request order, group by group). */
function writeGroupLists(
  out: Uint8Array,
  groupSizes: Int32Array,
  listAt: Int32Array,
  members: Int32Array,
  numberAt: Int32Array,
): void {
  let m = 0;
  for (let g = 0; g < groupSizes.length; g++) {
    let q = listAt[g];
    for (let j = 0; j < groupSizes[g]; j++) {
      if (j > 0) out[q++] = COMMA;
      const k = members[m++];
      const to = numberAt[k + 1] - 1;
      for (let b = numberAt[k]; b < to; b++) out[q++] = out[b];
    }
  }
}

/** The nonportable list, noting where each number starts (and, last, one past the list) in `numberAt`. */
function writeNonportable(
  out: Uint8Array,
  start: number,
  numbers: readonly string[],
  tns: Float64Array,
  { rejected, rawQuoted }: Survey,
  numberAt: Int32Array,
): void {
  let at = start;
  let raw = 0;
  for (let k = 0; k < rejected.length; k++) {
    if (k > 0) out[at++] = COMMA;
    numberAt[k] = at;
    const i = rejected[k];
    at = tns[i] < 0 ? putText(out, at, rawQuoted[raw++]) : putQuotedAscii(out, at, numbers[i]);
  }
  numberAt[rejected.length] = at + 1;
}

/** The same body as a string. */
export function checkPortabilityBodyV2(snapshot: Snapshot, numbers: readonly string[]): string {
  if (numbers.length === 1) return oneNumberBody(snapshot, numbers[0]);
  return decoder.decode(writePortabilityBodyV2(snapshot, numbers));
}
