import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** One CSV record: `line` is the file line it starts on (1-based); cells are trimmed. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The file is not valid CSV at `line`; nothing after it can be trusted. */
export interface CsvSyntaxError {
  line: number;
  message: string;
}

/** What one read of the file yielded. */
export interface CsvChunk {
  records: CsvRecord[];
  /** Bytes of the file read so far (progress is per chunk, not per record). */
  bytes: number;
  /** Set on the last chunk when the file stops being valid CSV. */
  error: CsvSyntaxError | null;
}

/** Longest record accepted: an unclosed quote must not swallow a whole large file into memory. */
export const MAX_RECORD_CHARS = 1 << 20;
const DEFAULT_CHUNK_BYTES = 1 << 20;

const QUOTE = 34;
const COMMA = 44;
const NEWLINE = 10;
const RETURN = 13;
const SPACE = 32;
const TAB = 9;

const ERRORS = {
  afterQuote: 'a closing quote must be followed by a comma or the end of the line',
  quoteInside: 'a quote inside an unquoted field (quote the whole field and double inner quotes)',
  notClosed: 'a quoted field is never closed',
  tooLong: `a record longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`,
};

/**
 * Streams an RFC 4180 file (UTF-8, optional BOM, LF or CRLF line ends) a
 * chunk at a time, never holding the file in memory. Empty and blank lines
 * are skipped; cells are trimmed, inside quotes too (docs/spec/data-formats.md: values
 * are trimmed); records keep whatever length they have, so the caller can
 * report a wrong column count with its line. Lines without a quote take a
 * fast path (split on commas), which is most of any real feed; a quoted
 * record may span lines. The first syntax error ends the stream: after a
 * broken quote nothing can be resynchronised reliably.
 *
 * Hand-written rather than csv-parse: csv-parse's per-record line info
 * (`info`/`on_record`) made it four times slower, and line numbers are
 * required in every error.
 */
export async function* readCsv(
  file: string,
  options: {
    chunkBytes?: number;
    /** Byte offset of a record start to begin at (a BOM is only looked for at 0). */
    start?: number;
    /** The file line of `start`. */
    line?: number;
  } = {},
): AsyncGenerator<CsvChunk> {
  const start = options.start ?? 0;
  const input = createReadStream(file, { start, highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  const parser = new CsvParser(options.line ?? 1, start === 0);
  let bytes = start;
  try {
    for await (const buffer of input as AsyncIterable<Buffer>) {
      bytes += buffer.length;
      const chunk = parser.push(decoder.write(buffer), false, bytes);
      yield chunk;
      if (chunk.error) return;
    }
    yield parser.push(decoder.end(), true, bytes);
  } finally {
    input.destroy();
  }
}

/** The state carried between chunks: the unfinished tail and the line it starts on. */
class CsvParser {
  private carry = '';

  constructor(
    private line: number,
    /** True until the first text: a BOM there is dropped. */
    private first: boolean,
  ) {}

  push(text: string, final: boolean, bytes: number): CsvChunk {
    let data = this.carry + text;
    if (this.first && data.length > 0) {
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
      this.first = false;
    }
    const records: CsvRecord[] = [];
    let pos = 0;
    // Next quote at or after pos (-1: none left); recomputed only once passed,
    // so a chunk without quotes is scanned once.
    let quote = data.indexOf('"');
    let error: CsvSyntaxError | null = null;

    while (pos < data.length) {
      let newline = data.indexOf('\n', pos);
      if (newline < 0 && !final) break;
      if (newline < 0) newline = data.length;
      if (quote !== -1 && quote < pos) quote = data.indexOf('"', pos);

      if (quote === -1 || quote > newline) {
        const end = newline > pos && data.charCodeAt(newline - 1) === RETURN ? newline - 1 : newline;
        const text = data.slice(pos, end);
        if (text.trim() !== '') {
          const cells = text.split(',');
          for (let i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
          records.push({ line: this.line, cells });
        }
        this.line++;
        pos = newline + 1;
        continue;
      }

      const result = this.quotedRecord(data, pos, final);
      if (result === null) break;
      if ('message' in result) {
        error = result;
        break;
      }
      records.push({ line: this.line, cells: result.cells });
      this.line += result.lines;
      pos = result.next;
    }

    this.carry = error ? '' : data.slice(pos);
    if (!error && this.carry.length > MAX_RECORD_CHARS) error = { line: this.line, message: ERRORS.tooLong };
    return { records, bytes, error };
  }

  /**
   * Parses one record holding a quote, from `start` (a record start). Returns
   * the cells, the lines it spans and where the next record starts; a syntax
   * error; or null when the chunk ends inside it.
   */
  private quotedRecord(
    data: string,
    start: number,
    final: boolean,
  ): { cells: string[]; lines: number; next: number } | CsvSyntaxError | null {
    const cells: string[] = [];
    let lines = 0;
    let i = start;
    for (;;) {
      while (i < data.length && isBlank(data.charCodeAt(i))) i++;
      let value: string;
      if (data.charCodeAt(i) === QUOTE) {
        value = '';
        i++;
        for (;;) {
          const close = data.indexOf('"', i);
          if (close < 0) return final ? { line: this.line, message: ERRORS.notClosed } : null;
          const piece = data.slice(i, close);
          lines += countNewlines(piece);
          value += piece;
          if (close + 1 >= data.length && !final) return null;
          if (data.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        while (i < data.length && isBlank(data.charCodeAt(i))) i++;
        if (i >= data.length && !final) return null;
        const c = data.charCodeAt(i);
        if (i < data.length && c !== COMMA && c !== NEWLINE && c !== RETURN) {
          return { line: this.line + lines, message: ERRORS.afterQuote };
        }
      } else {
        let end = i;
        while (end < data.length) {
          const c = data.charCodeAt(end);
          if (c === COMMA || c === NEWLINE) break;
          if (c === QUOTE) return { line: this.line + lines, message: ERRORS.quoteInside };
          end++;
        }
        if (end >= data.length && !final) return null;
        value = data.slice(i, end);
        i = end;
      }
      cells.push(value.trim());

      const c = data.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // End of the record: CRLF, LF or the end of the file.
      if (c === RETURN) {
        if (i + 1 >= data.length && !final) return null;
        i++;
      }
      if (data.charCodeAt(i) === NEWLINE) i++;
      return { cells, lines: lines + 1, next: i };
    }
  }
}

const isBlank = (c: number) => c === SPACE || c === TAB;

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
