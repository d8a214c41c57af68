import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CsvRecord, type CsvSyntaxError, readCsv } from '../../src/import/csv-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'portcheck-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
async function read(content: string, chunkBytes?: number) {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  const records: CsvRecord[] = [];
  let error: CsvSyntaxError | null = null;
  let bytes = 0;
  for await (const chunk of readCsv(path, { chunkBytes })) {
    records.push(...chunk.records);
    bytes = chunk.bytes;
    error = chunk.error;
  }
  return { records, error, bytes };
}

const TRICKY =
  '\uFEFFa,b,c\r\n' +
  ' plain , "quoted, with comma" ,x\r\n' +
  '\r\n' +
  '   \n' +
  '"multi\nline\r\nvalue","say ""hi""",é—ü\n' +
  ',,\n' +
  '"",  "  padded  "  ,last';

const EXPECTED: CsvRecord[] = [
  { line: 1, cells: ['a', 'b', 'c'] },
  { line: 2, cells: ['plain', 'quoted, with comma', 'x'] },
  { line: 5, cells: ['multi\nline\r\nvalue', 'say "hi"', 'é—ü'] },
  { line: 8, cells: ['', '', ''] },
  { line: 9, cells: ['', 'padded', 'last'] },
];

describe('readCsv', () => {
  it('reads RFC 4180 with BOM, CRLF, blank lines, quotes, multi-line fields and UTF-8', async () => {
    const { records, error, bytes } = await read(TRICKY);
    expect(error).toBeNull();
    expect(records).toEqual(EXPECTED);
    expect(bytes).toBe(Buffer.byteLength(TRICKY));
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    for (let size = 1; size <= 12; size++) {
      expect((await read(TRICKY, size)).records, `chunks of ${size} bytes`).toEqual(EXPECTED);
    }
  });

  it.each([
    [
      'a closing quote followed by text',
      'a,b\n1,2\n"x"y,3\n4,5\n',
      [1, 2],
      3,
      /closing quote must be followed/,
    ],
    ['a quote inside an unquoted field', 'a,b\n1,2\n3,x"y\n', [1, 2], 3, /quote inside an unquoted field/],
    ['a quote never closed', 'a,b\n1,2\n"3,4\n5,6\n', [1, 2], 3, /never closed/],
    ['a bad quote on the second line of a record', 'a,b\n"1\n2"x,3\n', [1], 3, /closing quote/],
  ])('stops at %s, keeping the records before it', async (_, content, before, line, message) => {
    for (const size of [undefined, 3]) {
      const { records, error } = await read(content, size);
      expect(records.map((r) => r.line)).toEqual(before);
      expect(error?.line).toBe(line);
      expect(error?.message).toMatch(message);
    }
  });
});
