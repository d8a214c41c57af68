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
