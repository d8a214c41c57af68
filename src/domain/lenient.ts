// Lenient reading of phone numbers as people type and paste them. The HTTP API
// is strict on purpose (docs/spec/rules.md §1); the CLI and the web page use these
// functions to turn `(206) 420-5780` into `12064205780` before they send it.
// Pure: no I/O.

/** Formatting people put between digits; anything else (letters, `#`) is refused. */
const FORMATTING = new Set([' ', '\t', '-', '.', '(', ')', '/']);

/**
 * An extension at the end: `x123`, `X 7`, `ext. 12`, `ext 12`, `extn 4`,
 * `extension: 123`, with 1 to 6 digits. What comes before it must still read
 * as a number on its own, so `206-CALL-NOW x12` or a lone `x123` are refused.
 * `#` is not taken as a mark: it is too often a plain typing slip.
 */
const EXTENSION = /\s*(?:extension|extn?\.?|x)\s*:?\s*(\d{1,6})$/i;

/** A number read leniently: the canonical `1NPANXXXXXX` and the extension typed after it, if any. */
export interface LenientNumber {
  number: string;
  extension: string | null;
}

/**
 * Reads what a person typed as a number with, perhaps, an extension.
 *
 * An extension is not a number of its own: a port moves the main number with
 * every extension behind it (they live on the customer's PBX), so the main
 * number is what is checked and the extension is kept for the caller to show
 * ("checked as 12064205780, extension 123"), never silently dropped.
 */
export function readLenient(raw: string): LenientNumber | null {
  const text = raw.trim();
  const number = canonical(text);
  if (number !== null) return { number, extension: null };
  const ext = EXTENSION.exec(text);
  if (ext === null) return null;
  const main = canonical(text.slice(0, ext.index));
  return main === null ? null : { number: main, extension: ext[1] };
}

/**
 * Turns what a person typed into the canonical `1NPANXXXXXX`, or null when it
 * is not 10 digits (or 11 beginning with `1`) once the formatting is removed.
 *
 * Accepted: digits separated by spaces, dashes, dots, slashes and one pair of
 * brackets, with one optional leading `+`, and an optional extension at the
 * end (see readLenient: the main number is returned). Refused (null): letters
 * (vanity numbers like `206-CALL-NOW` are not spelled out), any other
 * character. Whether the digits form a valid North American number (N11,
 * 0/1-leading codes…) is the domain check's job, not this function's.
 */
export function parseLenient(raw: string): string | null {
  return readLenient(raw)?.number ?? null;
}

/** The canonical form of digits and formatting only (trimmed text), else null. */
function canonical(text: string): string | null {
  let digits = '';
  let opened = 0;
  let closed = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c >= '0' && c <= '9') digits += c;
    else if (c === '+') {
      if (i !== 0) return null;
    } else if (c === '(') {
      if (opened > 0) return null;
      opened++;
    } else if (c === ')') {
      if (opened !== 1 || closed > 0) return null;
      closed++;
    } else if (!FORMATTING.has(c)) return null;
  }
  if (opened !== closed) return null;
  if (digits.length === 10) return `1${digits}`;
  if (digits.length === 11 && digits[0] === '1') return digits;
  return null;
}

/** At most this many whitespace-separated tokens make one number: `+1 206 420 5780`. */
const MAX_TOKENS_PER_NUMBER = 4;
/** ...and at most this many more its extension: `ext : 12`. */
const MAX_TOKENS_PER_EXTENSION = 3;

/**
 * Splits a pasted blob into the strings that each stand for one number, in
 * order, as typed (pass each to parseLenient). Newlines, commas, semicolons
 * and tabs always separate. Spaces are ambiguous, since `(206) 420-5780`
 * holds some: within a piece, the longest run of space-separated tokens that
 * parses as one number wins, and a token that starts no number stands alone
 * (so `2064205780 2064205781` is two numbers and `206 420 5780` is one). An
 * extension stays with the number before it (`206 420 5780 ext. 12` is one).
 * Surrounding double quotes (CSV fields) are removed; empty pieces are dropped.
 */
export function splitNumberList(text: string): string[] {
  const out: string[] = [];
  for (const rawPiece of text.split(/[\r\n,;\t]+/)) {
    const piece = unquote(rawPiece.trim());
    if (piece === '') continue;
    if (parseLenient(piece) !== null) {
      out.push(piece);
      continue;
    }
    const tokens = piece.split(/\s+/).filter((t) => t !== '');
    let i = 0;
    while (i < tokens.length) {
      const taken = numberTokens(tokens, i);
      out.push(tokens.slice(i, i + taken).join(' '));
      i += taken;
    }
  }
  return out;
}

/** How many tokens from `start` make one number and its extension; 1 when none does. */
function numberTokens(tokens: readonly string[], start: number): number {
  const joined = (n: number) => tokens.slice(start, start + n).join(' ');
  for (let n = Math.min(MAX_TOKENS_PER_NUMBER, tokens.length - start); n > 0; n--) {
    const read = readLenient(joined(n));
    if (read === null) continue;
    if (read.extension !== null) return n;
    for (let e = Math.min(MAX_TOKENS_PER_EXTENSION, tokens.length - start - n); e > 0; e--) {
      if ((readLenient(joined(n + e))?.extension ?? null) !== null) return n + e;
    }
    return n;
  }
  return 1;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).trim() : s;
}

/**
 * True for a token worth judging when it was found in a file of any kind
 * (CSV, notes, an export): it parses, or it is made only of digits and phone
 * formatting with 7 to 15 digits, i.e. someone meant a phone number there,
 * mistyped or not. Names, headers, short ids and free text are not.
 */
export function looksLikeNumber(token: string): boolean {
  if (parseLenient(token) !== null) return true;
  let digits = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c >= '0' && c <= '9') digits++;
    else if (!(FORMATTING.has(c) || c === '+')) return false;
  }
  return digits >= 7 && digits <= 15;
}

/**
 * The strings to send for a list of inputs: the canonical form of each one
 * that parses, the input itself (trimmed) otherwise, so that it comes back
 * as nonportable `invalid_number` instead of silently vanishing.
 */
export function toRequestNumbers(inputs: readonly string[]): string[] {
  return inputs.map((input) => parseLenient(input) ?? input.trim());
}
