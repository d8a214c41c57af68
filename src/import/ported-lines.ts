// The ported dataset's fast path (CsvDataset.lineParser): a line in the form
// nearly every row of an NPAC extract has is read straight from its bytes,
// with no string per line or cell and carrier ids interned by their bytes.
// It accepts only what ported.parse() takes unchanged (10-digit numbers,
// upper-case carrier ids, sv_type as spelled in SV_TYPES, action empty or
// `upsert`, no padding) and builds the same row; any other line returns null
// and goes through ported.parse(), which words its problems.
import { SV_TYPES, type SvType } from '../domain/types.js';
import type { StagedRow } from '../store/store.js';
import type { LineParser } from './csv-dataset.js';

const Role = { Ignored: 0, Tn: 1, Spid: 2, SvType: 3, Lrn: 4, AltSpid: 5, Action: 6 } as const;
const ROLES: Record<string, number> = {
  tn: Role.Tn,
  spid: Role.Spid,
  sv_type: Role.SvType,
  lrn: Role.Lrn,
  alt_spid: Role.AltSpid,
  action: Role.Action,
};

const COMMA = 44;
const SV_TYPE_BYTES = SV_TYPES.map((t) => Buffer.from(t, 'latin1'));
const UPSERT = Buffer.from('upsert', 'latin1');
/** Distinct carrier ids remembered by their bytes; past this, ids are made afresh (a file of junk ids). */
const MAX_INTERNED = 1 << 16;

export function portedLineParser(header: ReadonlyMap<string, number>, width: number): LineParser {
  const roles = new Uint8Array(width);
  for (const [name, index] of header) roles[index] = ROLES[name] ?? Role.Ignored;
  // Carrier ids by their bytes packed 6 bits a character (digit 1-10, letter 11-36): at
  // most 48 bits, exact in a double, and no two ids share a key.
  const ids = new Map<number, string>();
  const carrierId = (b: Buffer, from: number, to: number): string | null => {
    const n = to - from;
    if (n < 3 || n > 8) return null;
    let key = 0;
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c >= 48 && c <= 57) key = key * 64 + (c - 47);
      else if (c >= 65 && c <= 90) key = key * 64 + (c - 54);
      else return null;
    }
    let id = ids.get(key);
    if (id === undefined) {
      id = b.toString('latin1', from, to);
      if (ids.size < MAX_INTERNED) ids.set(key, id);
    }
    return id;
  };

  return (b, start, end, line) => {
    let tn = -1;
    let spid: string | null = null;
    let svType: SvType | null = null;
    let lrn: string | null = null;
    let altSpid: string | null = null;
    let field = 0;
    let from = start;
    for (;;) {
      let to = from;
      while (to < end && b[to] !== COMMA) to++;
      if (field === width) return null; // more fields than the header
      switch (roles[field]) {
        case Role.Tn:
          tn = tenDigits(b, from, to);
          if (tn < 0) return null;
          break;
        case Role.Spid:
          spid = carrierId(b, from, to);
          if (spid === null) return null;
          break;
        case Role.SvType:
          svType = svTypeOf(b, from, to);
          if (svType === null) return null;
          break;
        case Role.Lrn:
          if (to > from) {
            if (tenDigits(b, from, to) < 0) return null;
            lrn = String.fromCharCode(
              b[from],
              b[from + 1],
              b[from + 2],
              b[from + 3],
              b[from + 4],
              b[from + 5],
              b[from + 6],
              b[from + 7],
              b[from + 8],
              b[from + 9],
            );
          }
          break;
        case Role.AltSpid:
          if (to > from) {
            altSpid = carrierId(b, from, to);
            if (altSpid === null) return null;
          }
          break;
        case Role.Action:
          if (to > from && !same(b, from, to, UPSERT)) return null;
          break;
      }
      field++;
      if (to >= end) break;
      from = to + 1;
    }
    if (field !== width || tn < 0 || spid === null || svType === null) return null;
    const row: StagedRow = {
      dataset: 'ported',
      line,
      action: 'upsert',
      record: { tn, spid, svType, lrn, altSpid },
    };
    return row;
  };
}

/** The value of exactly 10 ASCII digits, or -1. */
function tenDigits(b: Buffer, from: number, to: number): number {
  if (to - from !== 10) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function svTypeOf(b: Buffer, from: number, to: number): SvType | null {
  for (let t = 0; t < SV_TYPE_BYTES.length; t++) if (same(b, from, to, SV_TYPE_BYTES[t])) return SV_TYPES[t];
  return null;
}

function same(b: Buffer, from: number, to: number, word: Buffer): boolean {
  if (to - from !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[from + i] !== word[i]) return false;
  return true;
}
