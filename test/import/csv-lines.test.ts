import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvLines } from '../../src/import/csv-lines.js';
import { type CsvRecord, type CsvSyntaxError, readCsv } from '../../src/import/csv-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'portcheck-csv-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(content: string | Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** What readCsvLines yields, turned into records as the importer's general path does. */
async function viaLines(path: string, chunkBytes?: number) {
  const records: CsvRecord[] = [];
  let error: CsvSyntaxError | null = null;
  let bytes = 0;
  let rawLines = 0;
  for await (const chunk of readCsvLines(path, { chunkBytes })) {
    bytes = chunk.bytes;
    if ('records' in chunk) {
      records.push(...chunk.records);
      error = chunk.error;
      continue;
    }
    for (let i = 0; i < chunk.count; i++) {
      rawLines++;
      const text = chunk.buffer.toString('utf8', chunk.starts[i], chunk.ends[i]);
      if (text.trim() === '') continue;
      records.push({ line: chunk.firstLine + i, cells: text.split(',').map((c) => c.trim()) });
    }
  }
  return { records, error, bytes, rawLines };
}

async function viaReadCsv(path: string, chunkBytes?: number) {
  const records: CsvRecord[] = [];
  let error: CsvSyntaxError | null = null;
  let bytes = 0;
  for await (const chunk of readCsv(path, { chunkBytes })) {
    records.push(...chunk.records);
    error = chunk.error;
    bytes = chunk.bytes;
  }
  return { records, error, bytes };
}

const CASES: [string, string | Buffer][] = [
  ['plain LF', 'a,b\n1,2\n3,4\n'],
  ['CRLF, no final line end', 'a,b\r\n1,2\r\n3,4'],
  ['a final lone CR', 'a,b\n1,2\r'],
  ['BOM, blank and padded lines', '\uFEFFa,b\n\n  \n 1 , 2 \n\t\n3,4\n'],
  ['UTF-8 and a CR inside a line', 'a,b\né—ü,x\ry\n'],
  ['a quote half-way', 'a,b\n1,2\n3,"x\ny"\n5,6\n7,8\n'],
  ['a quote on the first line after a BOM', '\uFEFF"a",b\n1,2\n'],
  [
    'the readCsv tricky file',
    '\uFEFFa,b,c\r\n plain , "quoted, with comma" ,x\r\n\r\n   \n"multi\nline\r\nvalue","say ""hi""",é—ü\n,,\n"",  "  padded  "  ,last',
  ],
  ['a bad quote', 'a,b\n1,2\n3,x"y\n4,5\n'],
  ['one byte', 'a'],
  ['two bytes with a line end', 'a\n'],
  ['an empty file', ''],
  ['only a BOM', '\uFEFF'],
  ['invalid UTF-8', Buffer.from([0x61, 0x2c, 0xff, 0x0a, 0xc3, 0x2c, 0x62, 0x0a])],
];

describe('readCsvLines', () => {
  it.each(CASES)('gives what readCsv gives: %s', async (_, content) => {
    const path = write(content);
    for (const size of [undefined, 1, 2, 3, 5, 8]) {
      const expected = await viaReadCsv(path);
      const got = await viaLines(path, size);
      expect({ records: got.records, error: got.error }, `chunks of ${size ?? 'default'} bytes`).toEqual({
        records: expected.records,
        error: expected.error,
      });
      if (expected.error === null && expected.records.length > 0) {
        expect(got.bytes).toBe(Buffer.byteLength(content));
      }
    }
  });

  it('hands lines without quotes over as bytes, and the rest from the first quote to readCsv', async () => {
    const path = write('a,b\n1,2\n3,4\n"5",6\n7,8\n');
    const chunks: string[] = [];
    for await (const chunk of readCsvLines(path)) chunks.push('records' in chunk ? 'records' : 'lines');
    expect(chunks[0]).toBe('lines');
    expect(chunks.slice(1)).toEqual(chunks.slice(1).map(() => 'records'));
    expect((await viaLines(path)).rawLines).toBe(3);
  });

  it('hands a line too long to be a record over to readCsv', async () => {
    const long = 'x'.repeat(3 << 20);
    const path = write(`a,b\n1,2\n${long},3\n4,5\n`);
    const expected = await viaReadCsv(path);
    const got = await viaLines(path);
    expect(got.error).toEqual(expected.error);
    expect(got.records.map((r) => r.line)).toEqual(expected.records.map((r) => r.line));
    expect(got.rawLines).toBe(2);
  });
});
