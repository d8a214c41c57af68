// The parts both layouts of the answer write the same way: group headers
// (encoded once per carrier and per gaining provider, kept with the snapshot),
// the details list, and the byte helpers. response-writer.ts lays them out in
// the beta shape, response-writer-v2.ts in the v2 shape; each is held by the
// property tests to JSON.stringify of the core's result objects.
import { NO_LATA, TYPE_NAMES, type Verdicts } from './check.js';
import type { Snapshot } from './snapshot.js';
import { REASONS } from './types.js';
import { verdictDetail, verdictReason } from './verdict.js';

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();
export const bytes = (s: string) => encoder.encode(s);

export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const CLOSE_BRACKET = 0x5d;
export const CLOSE_BRACE = 0x7d;

/** `,"reason":"…","detail":` per reason code: the constant middle of a detail object. */
export const REASON_TEXTS = REASONS.map((r) => `,"reason":"${r}","detail":`);
export const REASON_MIDDLES = REASON_TEXTS.map(bytes);
export const NUMBER_KEY = bytes('{"number":');
export const INVALID = REASONS.indexOf('invalid_number');

/** `LATA,"numbers":[` (or `null,…` for toll-free groups) by LATA, made when first needed. */
const lataParts: (Uint8Array | undefined)[] = [];
export const lataPart = (lata: number) => lataParts[lata] ?? makeLataPart(lata);
function makeLataPart(lata: number): Uint8Array {
  const part = bytes(`${lataText(lata)},"numbers":[`);
  lataParts[lata] = part;
  return part;
}
export const lataText = (lata: number) => (lata === NO_LATA ? 'null' : String(lata));

/** Group header parts, per snapshot: a carrier's part and a gaining provider's part per number type. */
export interface Heads {
  current: (Uint8Array | undefined)[];
  gaining: (Uint8Array | undefined)[];
  /** The same parts as text, for the one-number body. */
  currentText: (string | undefined)[];
  gainingText: (string | undefined)[];
}
const headsBySnapshot = new WeakMap<Snapshot, Heads>();

export function headsOf(snapshot: Snapshot): Heads {
  let heads = headsBySnapshot.get(snapshot);
  if (heads === undefined) {
    heads = { current: [], gaining: [], currentText: [], gainingText: [] };
    headsBySnapshot.set(snapshot, heads);
  }
  return heads;
}

// Keys in the order of groupFields (check.ts); the property tests hold them to
// JSON.stringify's output. Each part is read from its cache first, and made
// by a separate function, so that no closure (nor a context for one) is
// allocated per call: these run once per group, and once per one-number answer.
export function currentText(snapshot: Snapshot, heads: Heads, underlying: number): string {
  return heads.currentText[underlying] ?? makeCurrentText(snapshot, heads, underlying);
}

function makeCurrentText(snapshot: Snapshot, heads: Heads, underlying: number): string {
  const name = JSON.stringify(snapshot.names[underlying]);
  const id = JSON.stringify(snapshot.ids[underlying]);
  const text = `{"current_service_provider_name":${name},"current_service_provider_id":${id},"gaining_service_provider_name":`;
  heads.currentText[underlying] = text;
  return text;
}

export function gainingText(snapshot: Snapshot, heads: Heads, gaining: number, type: number): string {
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

/** Bytes of the groups: each header, its list (`listSizes`, by group index) and `]}`, commas between. */
export function groupsSize(
  snapshot: Snapshot,
  heads: Heads,
  groupParts: Int32Array,
  listSizes: Int32Array,
): number {
  let size = 0;
  for (let g = 0; g < listSizes.length; g++) {
    size +=
      (g === 0 ? 0 : 1) +
      currentHead(snapshot, heads, groupParts[g * 4]).length +
      gainingHead(snapshot, heads, groupParts[g * 4 + 1], groupParts[g * 4 + 2]).length +
      lataPart(groupParts[g * 4 + 3]).length +
      listSizes[g] +
      2;
  }
  return size;
}

/**
 * Group headers in rank order, each list's room (`listSizes`, by group index)
 * left empty and its start noted in `listAt`; returns where the groups end.
 */
export function writeGroupHeads(
  out: Uint8Array,
  start: number,
  snapshot: Snapshot,
  heads: Heads,
  groupParts: Int32Array,
  listSizes: Int32Array,
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
    at += listSizes[g];
    out[at++] = CLOSE_BRACKET;
    out[at++] = CLOSE_BRACE;
  }
  return at;
}

/** What a pass over the verdicts learns of the nonportable numbers, for their list and details. */
export interface Rejected {
  /** Positions of the nonportable numbers, in request order. */
  rejected: number[];
  /** Each distinct detail sentence, escaped (JSON), by detail index, and its size in UTF-8. */
  detailJson: (string | undefined)[];
  detailSize: Int32Array;
}

/**
 * Bytes of one detail object without its number, escaping and measuring its
 * sentence the first time it is met (each is encoded straight into the body
 * where it first appears, then copied).
 */
export function detailObjectSize(
  { detailList }: Verdicts,
  { detailJson, detailSize }: Rejected,
  v: number,
): number {
  const d = verdictDetail(v);
  if (detailJson[d] === undefined) {
    const json = JSON.stringify(detailList[d]);
    detailJson[d] = json;
    detailSize[d] = utf8Length(json);
  }
  return NUMBER_KEY.length + REASON_MIDDLES[verdictReason(v)].length + detailSize[d] + 1;
}

/**
 * `open`, the detail objects, then `close`; each object's number copied from
 * the nonportable list already written (number k at numberAt[k], up to
 * numberAt[k + 1] - 1).
 */
export function writeDetails(
  out: Uint8Array,
  start: number,
  open: Uint8Array,
  close: Uint8Array,
  verdicts: Int32Array,
  { rejected, detailJson, detailSize }: Rejected,
  numberAt: Int32Array,
): void {
  let at = put(out, start, open);
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
  put(out, at, close);
}

/** Encodes `text` into `out` at `at` (the room was measured by utf8Length); returns where the next byte goes. */
export function putText(out: Uint8Array, at: number, text: string): number {
  return at + encoder.encodeInto(text, out.subarray(at)).written;
}

/** Bytes of `text` in UTF-8 (JSON.stringify's output: no lone surrogates). */
export function utf8Length(text: string): number {
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
export function put(out: Uint8Array, at: number, part: Uint8Array): number {
  out.set(part, at);
  return at + part.length;
}
