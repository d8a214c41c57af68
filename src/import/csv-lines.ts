import { createReadStream } from 'node:fs';
import { type CsvChunk, MAX_RECORD_CHARS, readCsv } from './csv-stream.js';

/**
 * Consecutive lines of the file, none holding a quote, as byte ranges of one
 * buffer: a dataset's fast path reads its fields from the bytes, without a
 * string per line or cell. Valid only until the next chunk is pulled.
 */
export interface CsvLines {
  buffer: Buffer;
  /** Line i (0 <= i < count) is buffer[starts[i], ends[i]), without its line end. */
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** The file line of line 0; the others follow on (blank lines included). */
  firstLine: number;
  /** Bytes of the file read so far. */
  bytes: number;
}

const DEFAULT_CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;

/**
 * Streams a CSV file as readCsv does, but hands over runs of quote-free lines
 * as bytes (CsvLines): most of any real feed, and splitting them needs no
 * decoding. From the first line holding a quote (a record may then span
 * lines), or a line too long to be a record, the rest of the file comes from
 * readCsv as CsvChunks. A line of CsvLines, decoded as UTF-8 and split on
 * commas, is what readCsv would have made of it: its line end and, at the
 * start of the file, a BOM are left out; blank lines are included.
 */
export async function* readCsvLines(
  file: string,
  options: { chunkBytes?: number } = {},
): AsyncGenerator<CsvLines | CsvChunk> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const input = createReadStream(file, { highWaterMark: chunkBytes });
  const lines = new LineSplitter();
  let carry: Buffer | null = null;
  let bytes = 0;
  let bomChecked = false;
  /** File offset where readCsv takes over, or -1. */
  let handOver = -1;
  try {
    for await (const piece of input as AsyncIterable<Buffer>) {
      bytes += piece.length;
      const data: Buffer = carry ? Buffer.concat([carry, piece]) : piece;
      carry = null;
      let pos = 0;
      if (!bomChecked) {
        if (data.length < 3) {
          carry = data;
          continue;
        }
        bomChecked = true;
        if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) pos = 3;
      }
      const quote = data.indexOf(QUOTE, pos);
      const rest = lines.split(data, pos, quote < 0 ? data.length : quote);
      if (lines.count > 0) yield lines.chunk(data, bytes);
      if (quote >= 0 || data.length - rest > MAX_RECORD_CHARS) {
        handOver = bytes - (data.length - rest);
        break;
      }
      carry = rest < data.length ? data.subarray(rest) : null;
    }
    if (handOver < 0) {
      // What is left is the last line, without a line end (or a whole file of under 3 bytes).
      if (carry && carry.length > 0) {
        const rest = lines.split(carry, 0, carry.length);
        if (rest < carry.length) lines.add(rest, carry.length - (carry[carry.length - 1] === RETURN ? 1 : 0));
        yield lines.chunk(carry, bytes);
      }
      return;
    }
  } finally {
    input.destroy();
  }
  yield* readCsv(file, { chunkBytes, start: handOver, line: lines.nextLine });
}

/** Finds the lines of a buffer; keeps the file line count across buffers. */
class LineSplitter {
  starts: Int32Array = new Int32Array(4096);
  ends: Int32Array = new Int32Array(4096);
  count = 0;
  /** The file line of the next line found. */
  nextLine = 1;
  private firstLine = 1;

  /** Collects the lines ending (with a newline) in data[from, to); returns where the next one starts. */
  split(data: Buffer, from: number, to: number): number {
    this.count = 0;
    this.firstLine = this.nextLine;
    let start = from;
    for (let i = from; i < to; i++) {
      if (data[i] !== NEWLINE) continue;
      this.add(start, i > start && data[i - 1] === RETURN ? i - 1 : i);
      start = i + 1;
    }
    return start;
  }

  add(start: number, end: number): void {
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
    this.nextLine++;
  }

  chunk(buffer: Buffer, bytes: number): CsvLines {
    const { starts, ends, count, firstLine } = this;
    return { buffer, starts, ends, count, firstLine, bytes };
  }
}

function grow(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}
