import { createReadStream } from 'node:fs';

/** One line of a tab-separated file: `line` is 1-based; cells are trimmed of their space padding. */
export interface TabRecord {
  line: number;
  cells: string[];
}

export interface TabChunk {
  records: TabRecord[];
  /** Bytes of the file read so far. */
  bytes: number;
  /** Set on the last chunk when a line is too long to be a record (a binary or wrongly chosen file). */
  error: { line: number; message: string } | null;
}

const MAX_LINE_CHARS = 1 << 20;
const DEFAULT_CHUNK_BYTES = 1 << 20;

/**
 * Streams a tab-separated Latin-1 file (NANPA's reports) a chunk at a time.
 * Latin-1 is one byte per character, so each buffer decodes on its own and no
 * character is ever split between chunks. Blank lines are skipped; LF or CRLF
 * line ends; there is no quoting in these files.
 */
export async function* readTabSeparated(
  file: string,
  options: { chunkBytes?: number } = {},
): AsyncGenerator<TabChunk> {
  const input = createReadStream(file, { highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES });
  let carry = '';
  let line = 1;
  let bytes = 0;
  const split = (text: string): TabRecord[] => {
    const records: TabRecord[] = [];
    for (const raw of text.split('\n')) {
      const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (content.trim() !== '') {
        const cells = content.split('\t');
        for (let i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
        records.push({ line, cells });
      }
      line++;
    }
    return records;
  };
  try {
    for await (const buffer of input as AsyncIterable<Buffer>) {
      bytes += buffer.length;
      const text = carry + buffer.toString('latin1');
      const end = text.lastIndexOf('\n');
      carry = end < 0 ? text : text.slice(end + 1);
      if (carry.length > MAX_LINE_CHARS) {
        yield {
          records: [],
          bytes,
          error: {
            line,
            message: `a line longer than ${MAX_LINE_CHARS} characters: not a tab-separated report`,
          },
        };
        return;
      }
      if (end >= 0) yield { records: split(text.slice(0, end)), bytes, error: null };
    }
    if (carry !== '') yield { records: split(carry), bytes, error: null };
  } finally {
    input.destroy();
  }
}
