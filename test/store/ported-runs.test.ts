import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type PortedRecord, SV_TYPES } from '../../src/domain/types.js';
import { PortedRuns } from '../../src/store/ported-runs.js';
import { ImportNeedsStaging } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'portcheck-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;

/** Adds `records` to runs of `runRows` rows read back `readRows` at a time, and merges them. */
function sortThrough(records: PortedRecord[], runRows: number, readRows?: number) {
  const runs = new PortedRuns(join(dir, `runs-${files++}.tmp`), { runRows, readRows });
  const out: PortedRecord[] = [];
  let filesDuring: string[] = [];
  try {
    for (const r of records) runs.add(r);
    filesDuring = readdirSync(dir);
    runs.merge((tn, spid, svType, lrn, altSpid) =>
      out.push({ tn, spid, svType: SV_TYPES[svType], lrn, altSpid }),
    );
  } finally {
    runs.close();
  }
  return { out, filesDuring };
}

/** The expected order: ascending numbers, equal numbers in the order added. */
const stableSort = (records: PortedRecord[]) =>
  records
    .map((r, i) => [r, i] as const)
    .sort(([a, i], [b, j]) => a.tn - b.tn || i - j)
    .map(([r]) => r);

const record = fc.record({
  tn: fc.oneof(
    fc.integer({ min: 2_000_000_000, max: 2_000_000_040 }),
    fc.integer({ min: 0, max: 9_999_999_999 }),
  ),
  spid: fc.constantFrom('683G', '0078', 'ABCDEFGH', 'SPA'),
  svType: fc.constantFrom(...SV_TYPES),
  lrn: fc.oneof(fc.constant(null), fc.constantFrom('0000000000', '0123456789', '9999999999', '2065550000')),
  altSpid: fc.oneof(fc.constant(null), fc.constantFrom('683G', 'ALT1')),
});

describe('PortedRuns (the direct import path sorting its rows)', () => {
  it('gives back every row, numbers ascending and repeats from two runs in the order added, whatever the run and read sizes', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        (records, runRows, readRows) => {
          const repeatInARun = records.some((r, i) =>
            records.some(
              (o, j) => j < i && o.tn === r.tn && Math.floor(j / runRows) === Math.floor(i / runRows),
            ),
          );
          if (repeatInARun) {
            expect(() => sortThrough(records, runRows, readRows)).toThrow(ImportNeedsStaging);
          } else {
            expect(sortThrough(records, runRows, readRows).out).toEqual(stableSort(records));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps its temporary file unlinked, and writes none for a single run', () => {
    const records = Array.from({ length: 50 }, (_, i) => ({
      tn: 2_065_550_000 + ((i * 37) % 50),
      spid: 'SPA',
      svType: 'voip' as const,
      lrn: null,
      altSpid: null,
    }));
    expect(sortThrough(records, 8).filesDuring).toEqual([]);
    expect(sortThrough(records, 64).filesDuring).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
  });
});
