// docs/spec/rules.md §1, read straight from char codes: no slicing, no regular
// expressions, no allocation for the common case.

const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const ONE = 49;

/**
 * The ten-digit number (NPA NXX XXXX) as an integer, or -1 when `raw` cannot
 * be canonicalised: one optional leading `+`, then ten ASCII digits or eleven
 * beginning with `1`.
 */
export function parseCanonical(raw: string): number {
  let start = raw.charCodeAt(0) === PLUS ? 1 : 0;
  const digits = raw.length - start;
  if (digits === 11) {
    if (raw.charCodeAt(start) !== ONE) return -1;
    start++;
  } else if (digits !== 10) {
    return -1;
  }
  let value = 0;
  for (let i = start; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < ZERO || c > NINE) return -1;
    value = value * 10 + (c - ZERO);
  }
  return value;
}

/** The canonical string `1NPANXXXXXX`, reusing `raw` when it already is one. */
export function canonicalString(raw: string, tn: number): string {
  if (raw.length === 11 && raw.charCodeAt(0) === ONE) return raw;
  return `1${formatTen(tn)}`;
}

/** Ten digits with leading zeros kept (NPAs below 100 are invalid but still echoed). */
export function formatTen(tn: number): string {
  const s = String(tn);
  return s.length === 10 ? s : s.padStart(10, '0');
}
