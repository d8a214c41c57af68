import { createReadStream } from 'node:fs';
import { type CsvError, type Info, parse } from 'csv-parse';

/** One CSV record: `line` is the file line it starts on (1-based). */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** Bytes of the file parsed so far, for progress. */
  bytes: number;
}

/** The file is not valid CSV from `line` on; nothing after it can be trusted. */
export interface CsvSyntaxError {
  line: number;
  syntaxError: string;
}

/** Longest record accepted: an unclosed quote must not swallow a whole large file into memory. */
const MAX_RECORD_CHARS = 1 << 20;

const FRIENDLY: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote must be followed by a comma or the end of the line',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'a closing quote must be followed by a comma or the end of the line',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field (quote the whole field and double inner quotes)',
  CSV_MAX_RECORD_SIZE: `a record longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`,
};

/**
 * Streams an RFC 4180 file record by record, never holding the file in
 * memory. Empty lines are skipped; cells are trimmed; records keep whatever
 * length they have (the caller reports a wrong column count with its line).
 * A syntax error ends the stream with one CsvSyntaxError: the parser cannot
 * resynchronise reliably after a broken quote.
 */
export async function* readCsv(file: string): AsyncGenerator<CsvRecord | CsvSyntaxError> {
  const input = createReadStream(file);
  const parser = parse({
    bom: true,
    info: true,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Errors arrive as 'skip' events instead of destroying the stream, so the
    // records parsed before the error are still delivered in order.
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const failed: { error: CsvError | null; line: number } = { error: null, line: 0 };
  parser.on('skip', (error: CsvError) => {
    if (failed.error) return;
    failed.error = error;
    failed.line = Number(error.lines);
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let endLine = 0;
  let emptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      // A record starts after the previous one and any empty lines skipped since.
      const line = endLine + 1 + (info.empty_lines - emptyLines);
      if (failed.error && line > failed.line) break;
      endLine = info.lines;
      emptyLines = info.empty_lines;
      yield { line, cells: record, bytes: info.bytes };
    }
    // Checked again here: the error may come from the last chunk.
    const error = failed.error;
    if (error) {
      const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? endLine + 1 : failed.line;
      yield { line, syntaxError: FRIENDLY[error.code] ?? error.message };
    }
  } finally {
    input.destroy();
    parser.destroy();
  }
}
