// A Snapshot as one byte array and back, so a server can start from a file
// in a fraction of a second instead of re-reading tens of millions of rows.
// Layout: 8-byte magic, u32 header length, a JSON header (strings, scalars
// and where each typed array sits), then every typed array 8-byte aligned.
// Decoding makes views on the bytes: nothing is copied or parsed per number.
import { ExchangeSlots } from './exchange-slots.js';
import { NumberTable } from './number-table.js';
import { Snapshot, type SnapshotStats } from './snapshot.js';

// Bump the digits whenever the layout changes: an older file is then rebuilt, never misread.
const MAGIC = 'PCSNAP04';

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

/** Encodes `snapshot` with `stamp` (an opaque string the reader must match). */
export function encodeSnapshot(snapshot: Snapshot, stamp: string): Uint8Array[] {
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
  const prefix = new Uint8Array(align8(12 + json.length));
  prefix.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(prefix.buffer).setUint32(8, json.length, true);
  prefix.set(json, 12);
  const chunks: Uint8Array[] = [prefix];
  for (const a of Object.values(arrays)) {
    chunks.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const pad = align8(a.byteLength) - a.byteLength;
    if (pad > 0) chunks.push(new Uint8Array(pad));
  }
  return chunks;
}

/** The stamp a file was written with, or null when it is not a snapshot file. */
export function readStamp(bytes: Uint8Array): string | null {
  return readHeader(bytes)?.header.stamp ?? null;
}

function readHeader(bytes: Uint8Array): { header: Header; body: number } | null {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return null;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 12).getUint32(8, true);
  if (12 + length > bytes.length) return null;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  return { header, body: align8(12 + length) };
}

/** Decodes bytes written by encodeSnapshot; throws when they are not one or are cut short. */
export function decodeSnapshot(input: Uint8Array): { snapshot: Snapshot; stamp: string } {
  // Typed-array views need an aligned start: copy only in the rare unaligned case.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const read = readHeader(bytes);
  if (!read) throw new Error('not a portcheck snapshot file');
  const { header, body } = read;
  const view = <K extends ArrayKind>(name: string, kind: K): InstanceType<(typeof CONSTRUCTORS)[K]> => {
    const spec = header.arrays[name];
    if (
      !spec ||
      (spec.kind !== kind && !(name.endsWith('Values') && (spec.kind === 'u16' || spec.kind === 'u32')))
    )
      throw new Error(`snapshot file lacks ${name}`);
    const Ctor = CONSTRUCTORS[spec.kind];
    const start = bytes.byteOffset + body + spec.offset;
    if (body + spec.offset + spec.length * Ctor.BYTES_PER_ELEMENT > bytes.length)
      throw new Error('snapshot file is truncated');
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
