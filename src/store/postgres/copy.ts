import type pg from 'pg';
import copyStreams from 'pg-copy-streams';

/**
 * COPY's text format both ways: one line per row, fields separated by tabs,
 * `\N` for null, and backslash escapes for a backslash, tab, newline or
 * carriage return inside a value.
 */

/** One field for COPY … FROM STDIN. */
export function copyField(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escapeChar) : value;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeChar = (c: string) => ESCAPES[c];

/** Undoes COPY's escapes in a field read back (only called when the field holds a backslash). */
export function uncopyField(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
}

/** Sends `data` (whole lines; a string or chunks of bytes) through `COPY <target> FROM STDIN` on `client`. */
export async function copyIn(
  client: pg.PoolClient,
  target: string,
  data: string | readonly Buffer[],
): Promise<void> {
  const stream = client.query(copyStreams.from(`COPY ${target} FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.once('finish', resolve);
    if (typeof data === 'string') {
      stream.end(data);
    } else {
      for (const chunk of data) stream.write(chunk);
      stream.end();
    }
  });
}

/**
 * Runs `COPY (<select>) TO STDOUT` and calls `row` for every line with the
 * first field as an integer (digits only) and the rest of the line as text
 * (`a\tb`), parsed from the bytes as they arrive: no object per row.
 */
export async function copyOut(
  client: pg.PoolClient,
  select: string,
  row: (key: number, rest: string) => void,
): Promise<void> {
  const stream = client.query(copyStreams.to(`COPY (${select}) TO STDOUT`));
  let carry: Buffer | null = null;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const end = buf.indexOf(10, at);
      if (end < 0) break;
      let key = 0;
      let i = at;
      for (let c = buf[i]; c >= 48 && c <= 57; c = buf[++i]) key = key * 10 + (c - 48);
      if (buf[i] !== 9) throw new Error('a row read back with COPY has an unexpected form');
      row(key, buf.toString('utf8', i + 1, end));
      at = end + 1;
    }
    carry = at < buf.length ? buf.subarray(at) : null;
  }
  if (carry) throw new Error('a row read back with COPY was cut short');
}

/** COPY's binary format: an 11-byte signature, 32-bit flags and the length of a header extension. */
const BINARY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The fields of the one row `select` gives, as bytes (null for a NULL), through
 * `COPY (<select>) TO STDOUT (FORMAT binary)`; null when it gives no row. For a value of tens of
 * megabytes: node-pg assembles a query's answer of that size about three times slower than COPY
 * streams it, and a bytea in a query's text answer doubles in size as hex.
 */
export async function copyOutOneRow(
  client: pg.PoolClient,
  select: string,
): Promise<(Buffer | null)[] | null> {
  const stream = client.query(copyStreams.to(`COPY (${select}) TO STDOUT (FORMAT binary)`));
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  const data = Buffer.concat(chunks);
  if (!data.subarray(0, BINARY_SIGNATURE.length).equals(BINARY_SIGNATURE)) {
    throw new Error('COPY … (FORMAT binary) answered without its signature');
  }
  let at = BINARY_SIGNATURE.length + 4;
  at += 4 + data.readUInt32BE(at);
  const count = data.readInt16BE(at);
  at += 2;
  if (count === -1) return null; // the trailer: no row
  const fields: (Buffer | null)[] = [];
  for (let i = 0; i < count; i++) {
    const length = data.readInt32BE(at);
    at += 4;
    // Each field in a buffer of its own at offset 0: readers take aligned typed-array views of it.
    fields.push(length < 0 ? null : Buffer.from(data.subarray(at, at + length)));
    if (length > 0) at += length;
  }
  if (data.readInt16BE(at) !== -1) throw new Error(`${select} gave more than one row`);
  return fields;
}
