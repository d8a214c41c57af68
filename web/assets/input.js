// Turning what was pasted into the list to send, by the same lenient rules as
// the CLI (src/domain/lenient.ts, served as /assets/lenient.js).
import { readLenient, splitNumberList } from './lenient.js';

/**
 * @param {string} text
 * @returns {{
 *   entries: {input: string, number: string | null}[],
 *   numbers: string[],
 *   unreadable: string[],
 *   extensions: {input: string, number: string, extension: string}[],
 *   duplicates: number,
 * }}
 *   `entries` in the order typed, each number once (canonical form, or the raw
 *   text when unreadable); `numbers` the canonical ones to send; `extensions`
 *   every entry typed with an extension, repeated numbers included, since the
 *   main number is what gets checked and ported.
 */
export function readInput(text) {
  const entries = [];
  const numbers = [];
  const unreadable = [];
  const extensions = [];
  const seen = new Set();
  let duplicates = 0;
  for (const input of splitNumberList(text)) {
    const read = readLenient(input);
    const number = read?.number ?? null;
    if (read?.extension) extensions.push({ input, number, extension: read.extension });
    // Unreadable entries are keyed apart from numbers so that text never collides with a canonical form.
    const key = number ?? `?${input}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    entries.push({ input, number });
    if (number) numbers.push(number);
    else unreadable.push(input);
  }
  return { entries, numbers, unreadable, extensions, duplicates };
}
