import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTabSeparated, type TabRecord } from '../../src/import/tab-stream.js';

const dir = mkdtempSync(join(tmpdir(), 'portcheck-tab-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(bytes: Buffer, chunkBytes: number) {
  const file = join(dir, `f${chunkBytes}.txt`);
  writeFileSync(file, bytes);
  const records: TabRecord[] = [];
  let error = null;
  for await (const chunk of readTabSeparated(file, { chunkBytes })) {
    records.push(...chunk.records);
    error ??= chunk.error;
  }
  return { records, error };
}

describe('readTabSeparated', () => {
  const text = 'State\tCompany  \r\n\r\nPR\t Compañía Telefónica   \r\n   \nAK\tÆrø\n';
  const bytes = Buffer.from(text, 'latin1');

  it.each([1, 3, 7, 1 << 20])(
    'decodes Latin-1, trims padding, skips blank lines and keeps line numbers, %i bytes at a time',
    async (chunkBytes) => {
      const { records, error } = await readAll(bytes, chunkBytes);
      expect(error).toBeNull();
      expect(records).toEqual([
        { line: 1, cells: ['State', 'Company'] },
        { line: 3, cells: ['PR', 'Compañía Telefónica'] },
        { line: 5, cells: ['AK', 'Ærø'] },
      ]);
    },
  );

  it('reads a last line without a line end', async () => {
    const { records } = await readAll(Buffer.from('a\tb\nc\td', 'latin1'), 2);
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
    ]);
  });
});
