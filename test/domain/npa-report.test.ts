// docs/spec/rules.md §2 against NANPA's real NPA report (03/04/2020): each code the report lists is
// routed the way docs/spec/rules.md says — which is not always what NANPA's own columns would suggest.
//
// Non-geographic (USE = N) codes of the report and what docs/spec/rules.md makes of them:
// - in step 2's lists (invalid_number): the N9X expansion codes (e.g. 699);
// - in step 3's list (special_use): 500 521–529 533 544 566 577 588 600 622 700 710 900;
// - toll-free (step 4): 800 822 833 844 855 866 877 888;
// - in no list, so an ordinary local number (§3): the easily recognisable codes 200 222 233 244
//   255 266 277 288 300 322 333 344 355 366 388 400 422 433 444 455 466 477 488 633 644 655 666
//   677 688 722 733 744 755 766 777 788 922 933 944 955 977 988, the unassigned non-geographic
//   service codes 532 535 538 542 543 545–547 549 550 552–554 556 558 569 578 589, and the future
//   toll-free codes 880–887 889. The codes the report leaves without a USE (N11, N9X, 37X, 96X,
//   456, 555, 950) are checked by their own tables below.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { block, buildSnapshot, carrier, dataset, provider, tollfree } from '../support/dataset.js';
import { NPA_REPORT } from '../support/fixtures.js';
import { judgeOne } from './judge.js';
import { grp, NON_GEOGRAPHIC_NPAS, TOLLFREE_NPAS } from './world.js';

interface NpaRow {
  NPA_ID: string;
  type_of_code: string;
  USE: string;
  IN_SERVICE: string;
  SERVICE?: string;
}

const rows = parse(readFileSync(NPA_REPORT, 'utf8'), {
  from_line: 2,
  columns: true,
  relax_column_count: true,
}) as NpaRow[];
const codes = rows.map((r) => Number(r.NPA_ID));

const N9X = (npa: number) => Math.floor(npa / 10) % 10 === 9;
const N11 = (npa: number) => npa % 100 === 11;

// Every code of the report gets an exchange 234 with an A block, and every toll-free code a
// WORKING number, with coverage everywhere: whatever is not stopped by §2 is portable.
const NXX = 234;
const tnOf = (npa: number) => `${npa}${NXX}5678`;
const full = dataset({
  carriers: [carrier('8824', 'Level3', 'CLEC'), carrier('LGT01', 'Centurylink', 'RESPORG')],
  blocks: codes.map((npa) => block(npa, NXX, 'A', '8824')),
  tollfree: TOLLFREE_NPAS.map((npa) => tollfree(Number(tnOf(npa)), 'LGT01', 'WORKING')),
  coverage: {
    providers: [
      provider('683G', 'Flowroute', ['long-code', 'wireless'], { latas: '*' }),
      provider('FWR01', 'Flowroute', ['tollfree']),
    ],
  },
});
const fullSnap = buildSnapshot(full);
const noBlocksSnap = buildSnapshot({ ...full, blocks: [] });
const LOCAL = grp('8824', 'Level3', 'long-code', 674);
const TOLLFREE = grp('LGT01', 'Centurylink', 'tollfree', null);

const select = (pred: (r: NpaRow, npa: number) => boolean) =>
  rows.filter((r) => pred(r, Number(r.NPA_ID))).map((r) => Number(r.NPA_ID));

describe('the NPA report', () => {
  it('is read whole, ragged rows included', () => {
    expect(rows).toHaveLength(800);
    expect(codes[0]).toBe(200);
    expect(codes.at(-1)).toBe(999);
    expect(new Set(codes).size).toBe(800);
    expect(codes.every((c) => c >= 200 && c <= 999)).toBe(true);
  });

  const inServiceGeographic = select((r) => r.USE === 'G' && r.IN_SERVICE === 'Y');
  it('has in-service geographic codes', () => expect(inServiceGeographic.length).toBeGreaterThan(300));
  it.each(inServiceGeographic)('in-service geographic NPA %i passes §2 and is judged by §3', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(LOCAL);
    expect(judgeOne(noBlocksSnap, tnOf(npa)).outcome).toBe('unassigned');
  });

  const n9x = select((_r, npa) => N9X(npa));
  it('lists every N9X code', () => expect(n9x).toHaveLength(80));
  it.each(n9x)('N9X expansion code %i: invalid_number', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toBe('invalid_number');
  });

  const n11 = select((_r, npa) => N11(npa));
  it('lists every N11 code', () => expect(n11).toEqual([211, 311, 411, 511, 611, 711, 811, 911]));
  it.each(n11)('N11 code %i: invalid_number', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toBe('invalid_number');
  });

  // 37X and 96X are reserved by the INC, but docs/spec/rules.md lists them nowhere: to §2 they are
  // ordinary geographic-shaped codes, so §3 decides (unassigned until someone holds a block).
  const reserved = select((_r, npa) => Math.floor(npa / 10) === 37 || Math.floor(npa / 10) === 96);
  it('lists every 37X and 96X code', () => expect(reserved).toHaveLength(20));
  it.each(reserved)('reserved code %i: no block gives unassigned, a block makes it local', (npa) => {
    expect(judgeOne(noBlocksSnap, tnOf(npa)).outcome).toBe('unassigned');
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(LOCAL);
  });

  const tollfreeCodes = select((_r, npa) => TOLLFREE_NPAS.includes(npa));
  it('lists every toll-free code of rules.md', () => expect(tollfreeCodes).toEqual(TOLLFREE_NPAS));
  it.each(tollfreeCodes)('toll-free code %i: §4, never a block', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(TOLLFREE);
    expect(judgeOne(buildSnapshot({ ...full, tollfree: [] }), tnOf(npa)).outcome).toBe('unassigned');
  });

  // The report calls 880–889 "Toll-Free" too, but docs/spec/rules.md's list stops at the eight codes
  // above: the others are ordinary local codes to §2.
  const otherTollfreeService = select((r, npa) => r.SERVICE === 'Toll-Free' && !TOLLFREE_NPAS.includes(npa));
  it('has toll-free service codes outside rules.md list', () => expect(otherTollfreeService.length).toBe(9));
  it.each(otherTollfreeService)('future toll-free code %i: §3 like any local code', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(LOCAL);
  });

  const nonGeographic = select((_r, npa) => NON_GEOGRAPHIC_NPAS.includes(npa));
  it('lists every non-geographic service code of rules.md', () =>
    expect(nonGeographic).toEqual(NON_GEOGRAPHIC_NPAS));
  it.each(nonGeographic)('non-geographic service code %i: special_use', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toBe('special_use');
  });

  // USE = N codes in no list of docs/spec/rules.md (listed in the comment at the top).
  const unlisted = select(
    (r, npa) =>
      r.USE === 'N' &&
      !N9X(npa) &&
      !N11(npa) &&
      !TOLLFREE_NPAS.includes(npa) &&
      !NON_GEOGRAPHIC_NPAS.includes(npa),
  );
  it('has non-geographic codes in no list of rules.md', () => expect(unlisted).toHaveLength(69));
  it.each(unlisted)('non-geographic code %i in no list: §3 like any local code', (npa) => {
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(LOCAL);
    expect(judgeOne(noBlocksSnap, tnOf(npa)).outcome).toBe('unassigned');
  });

  // 555 (directory assistance) and 950 (carrier access) are special as exchanges, not as NPAs.
  it.each([555, 950, 958, 959, 976].filter((c) => codes.includes(c)))(
    'special-use exchange %i used as an NPA: §3 like any local code',
    (npa) => {
      expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(LOCAL);
    },
  );

  // Every code of the report, whatever its row says, lands in exactly one of the rules above.
  it.each(codes)('code %i is routed as rules.md says', (npa) => {
    const expected =
      N9X(npa) || N11(npa)
        ? 'invalid_number'
        : NON_GEOGRAPHIC_NPAS.includes(npa)
          ? 'special_use'
          : TOLLFREE_NPAS.includes(npa)
            ? TOLLFREE
            : LOCAL;
    expect(judgeOne(fullSnap, tnOf(npa)).outcome).toEqual(expected);
  });
});
