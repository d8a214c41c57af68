import { describe, expect, it } from 'vitest';
import { jsonOfBytes } from '../../bench/lib/servers-info.js';
import { median, ratio } from '../../bench/lib/stats.js';
import { judge, renderMarkdown } from '../../bench/lib/table.js';
import { sqliteTableFor } from '../../bench/rows/6-import.js';

describe('bench helpers', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('gives no ratio for a missing or zero baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });

  it('judges each kind of target', () => {
    const base = { what: 'x', unit: 'ms', baselineUnit: 'ms', notes: [] };
    const ceiling = { kind: 'ratio-max', value: 1.5 } as const;
    expect(judge({ ...base, row: 1, figure: 3, baseline: 2, ratio: 1.5, target: ceiling }).pass).toBe(true);
    expect(judge({ ...base, row: 1, figure: 4, baseline: 2, ratio: 2, target: ceiling }).pass).toBe(false);
    const floor = { kind: 'ratio-min', value: 0.8 } as const;
    expect(judge({ ...base, row: 3, figure: 7, baseline: 10, ratio: 0.7, target: floor }).pass).toBe(false);
    const absolute = { kind: 'figure-max', value: 6, unit: 'B' } as const;
    expect(judge({ ...base, row: 4, figure: 5.9, baseline: 33, ratio: 0.2, target: absolute }).pass).toBe(
      true,
    );
    expect(
      judge({ ...base, row: 5, figure: null, baseline: null, ratio: null, target: absolute }).pass,
    ).toBeNull();
    const least = { kind: 'figure-min', value: 1000, unit: 'deliveries/s' } as const;
    expect(judge({ ...base, row: 7, figure: 1200, baseline: null, ratio: null, target: least }).pass).toBe(
      true,
    );
    expect(judge({ ...base, row: 7, figure: 900, baseline: null, ratio: null, target: least }).pass).toBe(
      false,
    );
  });

  it('renders one table line per row and the notes below', () => {
    const row = judge({
      row: 2,
      what: 'a | b',
      figure: 1234.5,
      unit: 'ms',
      baseline: 1000,
      baselineUnit: 'ms bare',
      ratio: 1.2345,
      target: { kind: 'ratio-max', value: 1.5 },
      notes: ['measured twice'],
    });
    const lines = renderMarkdown([row]).split('\n');
    expect(lines[2]).toBe('| 2 | a \\| b | 1,235 ms | 1,000 ms bare | 1.23× | ≤ 1.5× | pass |');
    expect(lines).toContain('- row 2: measured twice');
  });

  it('builds a JSON body of an exact byte length', () => {
    for (const n of [10, 11, 367, 6_300_000]) {
      const body = jsonOfBytes(n);
      expect(Buffer.byteLength(body)).toBe(n);
      expect(() => JSON.parse(body)).not.toThrow();
    }
  });

  it('creates the sqlite3 table with the file’s columns and the tn key', () => {
    expect(sqliteTableFor('tn,spid,sv_type,lrn,alt_spid\n')).toBe(
      'CREATE TABLE ported (tn INTEGER PRIMARY KEY, spid TEXT NOT NULL, sv_type TEXT NOT NULL, lrn TEXT, alt_spid TEXT)',
    );
  });
});
