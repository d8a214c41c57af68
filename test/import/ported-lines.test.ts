import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ported } from '../../src/import/ported.js';

const COLUMNS = ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid', 'action'];

/** What the general path makes of a line: ported.parse() on its trimmed cells, and the problems it reports. */
function general(header: string[], line: string, replace: boolean) {
  const cells = line.split(',').map((c) => c.trim());
  const index = new Map(header.map((name, i) => [name, i]));
  const problems: string[] = [];
  if (cells.length !== header.length) return { row: null, problems: ['width'] };
  const row = ported.parse(
    (column) => {
      const i = index.get(column);
      return i === undefined ? '' : (cells[i] ?? '');
    },
    { line: 7, replace, report: (column, message) => problems.push(`${column}: ${message}`) },
  );
  return { row, problems };
}

function fast(header: string[], line: string) {
  const known = new Map<string, number>();
  header.forEach((name, i) => {
    if (COLUMNS.includes(name)) known.set(name, i);
  });
  const parse = ported.lineParser!(known, header.length);
  // Some bytes before and after, as in a real buffer.
  const buffer = Buffer.from(`xx\n${line}\nyy`, 'utf8');
  return parse(buffer, 3, buffer.length - 3, 7);
}

/** Mostly values the fast path takes, sometimes ones it must leave to the general path. */
const value = (good: string[], other: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...good), weight: 4 },
    { arbitrary: fc.constantFrom(...other), weight: 1 },
  );
const FIELDS: Record<string, fc.Arbitrary<string>> = {
  tn: value(
    ['2064205780', '0000000000'],
    ['12064205780', ' 2064205780', '206420578', '20642057801', '20642O5780', ''],
  ),
  spid: value(
    ['683G', '0078', 'ABC', 'ABCDEFGH'],
    ['683g', 'AB', 'ABCDEFGHI', ' 683G', '68-3', '', 'É12', '[AB'],
  ),
  sv_type: value(
    ['wireless', 'wireline', 'prepaid_wireless', 'class2_voip'],
    ['Wireless', 'voip ', 'wifi', ''],
  ),
  lrn: value(['', '2065550000', '0123456789'], ['206555000', ' 2065550000', '206555000x', '206555000/']),
  alt_spid: value(['', '683G'], ['683g', 'A', ' 0078']),
  action: value(['', 'upsert'], ['UPSERT', 'delete', 'x', ' upsert']),
  notes: value(['', 'anything', ' padded ', 'é—ü'], ['']),
};

describe('the ported fast path (lineParser)', () => {
  it('returns the row ported.parse() returns, or null; never a row the general path refuses', () => {
    const others = ['lrn', 'alt_spid', 'action', 'notes'];
    const lines = fc
      .tuple(fc.shuffledSubarray(others), fc.boolean(), fc.integer({ min: -1, max: 1 }))
      .chain(([extra, replace, widthChange]) => {
        const header = ['tn', 'spid', 'sv_type', ...extra];
        return fc.record({
          header: fc.shuffledSubarray(header, { minLength: header.length }),
          cells: fc.record(Object.fromEntries(header.map((c) => [c, FIELDS[c]]))),
          replace: fc.constant(replace),
          widthChange: fc.constant(widthChange),
        });
      });
    let taken = 0;
    fc.assert(
      fc.property(lines, ({ header, cells, replace, widthChange }) => {
        const fields = header.map((c) => cells[c]);
        if (widthChange < 0) fields.pop();
        if (widthChange > 0) fields.push('extra');
        const line = fields.join(',');
        const got = fast(header, line);
        if (got === null) return;
        taken++;
        const expected = general(header, line, replace);
        expect(expected.problems, line).toEqual([]);
        expect(got, line).toEqual(expected.row);
      }),
      { numRuns: 5000 },
    );
    expect(taken).toBeGreaterThan(500);
  });

  it('takes the common forms itself', () => {
    const header = ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid'];
    for (const line of [
      '8163050093,5867,wireless,8167315214,',
      '8163054414,0078,wireless,,2592',
      '8163053056,ABCDEFGH,class2_voip,,',
    ]) {
      expect(fast(header, line), line).toEqual(general(header, line, false).row);
    }
    const withAction = ['action', 'tn', 'spid', 'sv_type'];
    expect(fast(withAction, 'upsert,2064205780,683G,voip')).toEqual(
      general(withAction, 'upsert,2064205780,683G,voip', false).row,
    );
    expect(fast(withAction, ',2064205780,683G,voip')).not.toBeNull();
  });
});
