// A Snapshot as one byte array and back, so a server can start from a file
// in a fraction of a second instead of re-reading tens of millions of rows.
// Layout (the framing): 8-byte magic, u32 header length, u32 checksum, u64
// total length, a JSON header (strings, scalars and where each typed array
// sits), then every typed array 8-byte aligned. The checksum covers every
// byte of the file but its own four, and is verified before anything else is
// read: a damaged file would otherwise answer wrongly, or not as JSON, without
// a word. Decoding then makes views on the bytes: nothing is copied per number.
import { ExchangeSlots } from './exchange-slots.js';
import { NumberTable } from './number-table.js';
import { Snapshot, type SnapshotStats } from './snapshot.js';

// Bump the digits whenever the layout changes: an older file is then rebuilt, never misread.
const MAGIC = 'PCSNAP05';
/** Every version's magic starts so: a file with other digits was written by another version. */
const MAGIC_FAMILY = 'PCSNAP';
/** magic (8), header length (u32), checksum (u32), total length (u64). */
const PREFIX = 24;
const CHECKSUM_AT = 12;

/**
 * A running checksum over successive pieces, `running` starting at 0: zlib's
 * `crc32` has this shape. The caller supplies it (the domain does no I/O).
 */
export type Checksum = (data: Uint8Array, running: number) => number;

/** Why bytes are not a snapshot this version can trust; `reason` is short and fit for a log line. */
export class SnapshotRejected extends Error {
  constructor(readonly reason: string) {
    super(`snapshot file rejected: ${reason}`);
    this.name = 'SnapshotRejected';
  }
}

type ArrayKind = 'i32' | 'u32' | 'u16' | 'i16' | 'u8';
type AnyArray = Int32Array | Uint32Array | Uint16Array | Int16Array | Uint8Array;

interface Header {
  /** The caller's stamp (data version etc.), checked before trusting the file. */
  stamp: string;
  ids: readonly string[];
  names: readonly string[];
  placeState: readonly string[];
  placeRateCenter: readonly string[];
  providerNames: readonly string[];
  tollfreeGaining: number;
  stats: SnapshotStats;
  arrays: Record<string, { kind: ArrayKind; offset: number; length: number }>;
}

const CONSTRUCTORS = {
  i32: Int32Array,
  u32: Uint32Array,
  u16: Uint16Array,
  i16: Int16Array,
  u8: Uint8Array,
} as const;

function kindOf(a: AnyArray): ArrayKind {
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Int16Array) return 'i16';
  return 'u8';
}

function arraysOf(s: Snapshot): Record<string, AnyArray> {
  const ported = s.ported.parts();
  const tollfree = s.tollfree.parts();
  return {
    underlying: s.underlying,
    blockNpaBase: s.blockSlots.npaBase,
    exchangeBlock: s.exchangeBlock,
    thousandsBlocks: s.thousandsBlocks,
    blockRecords: s.blockRecords,
    blockPlace: s.blockPlace,
    providerIndex: s.providerIndex,
    providerHypernetwork: s.providerHypernetwork,
    portedNpaBase: ported.npaBase,
    portedOffsets: ported.offsets,
    portedLines: ported.lines,
    portedValues: ported.values,
    tollfreeNpaBase: tollfree.npaBase,
    tollfreeOffsets: tollfree.offsets,
    tollfreeLines: tollfree.lines,
    tollfreeValues: tollfree.values,
  };
}

const align8 = (n: number) => (n + 7) & ~7;

/**
 * Encodes `snapshot` with `stamp` (an opaque string the reader must match) as
 * pieces to write in order; the checksum is computed over them here, once.
 */
export function encodeSnapshot(snapshot: Snapshot, stamp: string, checksum: Checksum): Uint8Array[] {
  const arrays = arraysOf(snapshot);
  const layout: Header['arrays'] = {};
  let offset = 0;
  for (const [name, a] of Object.entries(arrays)) {
    layout[name] = { kind: kindOf(a), offset, length: a.length };
    offset = align8(offset + a.byteLength);
  }
  const header: Header = {
    stamp,
    ids: snapshot.ids,
    names: snapshot.names,
    placeState: snapshot.placeState,
    placeRateCenter: snapshot.placeRateCenter,
    providerNames: snapshot.providerNames,
    tollfreeGaining: snapshot.tollfreeGaining,
    stats: snapshot.stats,
    arrays: layout,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(align8(PREFIX + json.length));
  prefix.set(new TextEncoder().encode(MAGIC), 0);
  const fields = new DataView(prefix.buffer);
  fields.setUint32(8, json.length, true);
  fields.setBigUint64(16, BigInt(prefix.length + offset), true);
  prefix.set(json, PREFIX);
  const chunks: Uint8Array[] = [prefix];
  for (const a of Object.values(arrays)) {
    chunks.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const pad = align8(a.byteLength) - a.byteLength;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  let sum = checksum(prefix.subarray(CHECKSUM_AT + 4), checksum(prefix.subarray(0, CHECKSUM_AT), 0));
  // Empty arrays are skipped: zlib's crc32 restarts from 0 on an empty buffer with no memory behind it.
  for (let i = 1; i < chunks.length; i++) if (chunks[i].length > 0) sum = checksum(chunks[i], sum);
  fields.setUint32(CHECKSUM_AT, sum >>> 0, true);
  return chunks;
}

/**
 * The stamp a file was written with, or null when it is not a snapshot file
 * of this version. Reads the header only, unverified: for tools and tests.
 */
export function readStamp(bytes: Uint8Array): string | null {
  try {
    return readHeader(bytes).header.stamp;
  } catch {
    return null;
  }
}

/** Checks magic and length only (no checksum): throws SnapshotRejected. */
function checkFraming(bytes: Uint8Array): DataView {
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) {
    if (bytes.length < 8 && MAGIC.startsWith(magic))
      throw new SnapshotRejected(`truncated at ${bytes.length} bytes`);
    if (magic.startsWith(MAGIC_FAMILY))
      throw new SnapshotRejected(`written by another version of portcheck (${magic})`);
    throw new SnapshotRejected('not a portcheck snapshot file');
  }
  if (bytes.length < PREFIX) throw new SnapshotRejected(`truncated at ${bytes.length} bytes`);
  const fields = new DataView(bytes.buffer, bytes.byteOffset, PREFIX);
  const total = fields.getBigUint64(16, true);
  if (BigInt(bytes.length) < total)
    throw new SnapshotRejected(`truncated: ${bytes.length} of ${total} bytes`);
  if (BigInt(bytes.length) > total)
    throw new SnapshotRejected(`size mismatch: ${bytes.length} bytes, ${total} written`);
  return fields;
}

/** The JSON header and where the arrays start; throws SnapshotRejected. */
function readHeader(bytes: Uint8Array): { header: Header; body: number } {
  const fields = checkFraming(bytes);
  const length = fields.getUint32(8, true);
  if (PREFIX + length > bytes.length) throw new SnapshotRejected('header unreadable');
  try {
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + length))) as Header;
    return { header, body: align8(PREFIX + length) };
  } catch {
    throw new SnapshotRejected('header unreadable');
  }
}

/** Throws SnapshotRejected unless the framing holds and the checksum matches every byte. */
function verify(bytes: Uint8Array, checksum: Checksum): void {
  const fields = checkFraming(bytes);
  const sum = checksum(bytes.subarray(CHECKSUM_AT + 4), checksum(bytes.subarray(0, CHECKSUM_AT), 0));
  if (sum >>> 0 !== fields.getUint32(CHECKSUM_AT, true)) throw new SnapshotRejected('checksum mismatch');
}

/**
 * Decodes bytes written by encodeSnapshot, after verifying every one of them
 * with `checksum` (the function they were encoded with); throws
 * SnapshotRejected when they are not such bytes, cut short, longer, or damaged.
 */
export function decodeSnapshot(input: Uint8Array, checksum: Checksum): { snapshot: Snapshot; stamp: string } {
  verify(input, checksum);
  // Typed-array views need an aligned start: copy only in the rare unaligned case.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const { header, body } = readHeader(bytes);
  const view = <K extends ArrayKind>(name: string, kind: K): InstanceType<(typeof CONSTRUCTORS)[K]> => {
    const spec = header.arrays[name];
    if (
      !spec ||
      (spec.kind !== kind && !(name.endsWith('Values') && (spec.kind === 'u16' || spec.kind === 'u32')))
    )
      throw new SnapshotRejected(`header unreadable: no ${name}`);
    const Ctor = CONSTRUCTORS[spec.kind];
    const start = bytes.byteOffset + body + spec.offset;
    if (body + spec.offset + spec.length * Ctor.BYTES_PER_ELEMENT > bytes.length)
      throw new SnapshotRejected(`header unreadable: ${name} out of bounds`);
    return new Ctor(bytes.buffer as ArrayBuffer, start, spec.length) as InstanceType<
      (typeof CONSTRUCTORS)[K]
    >;
  };
  const values = (name: string) => view(name, 'u32') as unknown as Uint16Array | Uint32Array;
  const snapshot = new Snapshot({
    ids: header.ids,
    names: header.names,
    underlying: view('underlying', 'i32'),
    blockSlots: new ExchangeSlots(view('blockNpaBase', 'i32')),
    exchangeBlock: view('exchangeBlock', 'i32'),
    thousandsBlocks: view('thousandsBlocks', 'i32'),
    blockRecords: view('blockRecords', 'i32'),
    blockPlace: view('blockPlace', 'i32'),
    placeState: header.placeState,
    placeRateCenter: header.placeRateCenter,
    ported: NumberTable.fromParts({
      npaBase: view('portedNpaBase', 'i32'),
      offsets: view('portedOffsets', 'u32'),
      lines: view('portedLines', 'u16'),
      values: values('portedValues'),
    }),
    tollfree: NumberTable.fromParts({
      npaBase: view('tollfreeNpaBase', 'i32'),
      offsets: view('tollfreeOffsets', 'u32'),
      lines: view('tollfreeLines', 'u16'),
      values: values('tollfreeValues'),
    }),
    providerIndex: view('providerIndex', 'i32'),
    providerNames: header.providerNames,
    providerHypernetwork: view('providerHypernetwork', 'u8'),
    tollfreeGaining: header.tollfreeGaining,
    stats: header.stats,
  });
  return { snapshot, stamp: header.stamp };
}
