// docs/spec/rules.md, row by row. Each table names the section it comes from; a row is one case.
import { describe, expect, it } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import type { CoverageProvider, PortabilityResult, TollfreeStatus } from '../../src/domain/types.js';
import {
  block,
  buildSnapshot,
  carrier,
  type Dataset,
  dataset,
  provider,
  seedDataset,
  seedRequest,
  seedResponseData,
  tollfree,
} from '../support/dataset.js';
import { exactPart, groupKey, judgeOne, type Outcome } from './judge.js';
import {
  type GroupKey,
  grp,
  N11_CODES,
  NON_GEOGRAPHIC_NPAS,
  SPECIAL_USE_NXXS,
  TOLLFREE_NPAS,
  world,
} from './world.js';

const worldSnap = buildSnapshot(world);
const LEVEL3_674 = grp('8824', 'Level3', 'long-code', 674);
const TMOB_WIRELESS_674 = grp('TMOB', 'T-Mobile', 'wireless', 674);
const CENTURYLINK_TF = grp('LGT01', 'Centurylink', 'tollfree', null);

function expectJudged(snap: ReturnType<typeof buildSnapshot>, raw: string, shown: string, outcome: Outcome) {
  const got = judgeOne(snap, raw);
  expect(got.shown).toBe(shown);
  expect(got.outcome).toEqual(outcome);
}

describe('§1 canonical form', () => {
  it.each<[string, string, string, Outcome]>([
    ['eleven digits beginning with 1 are kept', '12064205780', '12064205780', LEVEL3_674],
    ['ten digits get a 1 in front', '2064205780', '12064205780', LEVEL3_674],
    ['one leading + is removed (11 digits)', '+12064205780', '12064205780', LEVEL3_674],
    ['one leading + is removed (10 digits)', '+2064205780', '12064205780', LEVEL3_674],
    ['two leading + are not removed', '++12064205780', '++12064205780', 'invalid_number'],
    ['two leading + before ten digits', '++2064205780', '++2064205780', 'invalid_number'],
    ['eleven digits not beginning with 1', '22064205780', '22064205780', 'invalid_number'],
    ['eleven digits beginning with 0', '02064205780', '02064205780', 'invalid_number'],
    ['twelve digits', '112064205780', '112064205780', 'invalid_number'],
    ['+ and twelve digits', '+112064205780', '+112064205780', 'invalid_number'],
    ['nine digits', '206420578', '206420578', 'invalid_number'],
    ['+ and nine digits', '+206420578', '+206420578', 'invalid_number'],
    ['empty string', '', '', 'invalid_number'],
    ['a lone +', '+', '+', 'invalid_number'],
    ['spaces', '206 420 5780', '206 420 5780', 'invalid_number'],
    ['+1 and spaces', '+1 206 420 5780', '+1 206 420 5780', 'invalid_number'],
    ['dashes', '206-420-5780', '206-420-5780', 'invalid_number'],
    ['dots', '206.420.5780', '206.420.5780', 'invalid_number'],
    ['brackets', '(206)4205780', '(206)4205780', 'invalid_number'],
    ['leading space', ' 12064205780', ' 12064205780', 'invalid_number'],
    ['trailing space', '12064205780 ', '12064205780 ', 'invalid_number'],
    ['trailing newline', '12064205780\n', '12064205780\n', 'invalid_number'],
    ['a tab inside', '1206\t4205780', '1206\t4205780', 'invalid_number'],
    ['+ not leading', '1+2064205780', '1+2064205780', 'invalid_number'],
    ['+ trailing', '2064205780+', '2064205780+', 'invalid_number'],
    ['space after +', '+ 12064205780', '+ 12064205780', 'invalid_number'],
    ['a letter', '1206420578O', '1206420578O', 'invalid_number'],
    ['vanity letters', '1800FLOWERS', '1800FLOWERS', 'invalid_number'],
    ['Arabic-Indic digits', '١٢٠٦٤٢٠٥٧٨٠', '١٢٠٦٤٢٠٥٧٨٠', 'invalid_number'],
    ['Eastern Arabic-Indic digits', '۲۰۶۴۲۰۵۷۸۰', '۲۰۶۴۲۰۵۷۸۰', 'invalid_number'],
    ['full-width digits', '１２０６４２０５７８０', '１２０６４２０５７８０', 'invalid_number'],
    ['one full-width digit among ASCII', '120642057８0', '120642057８0', 'invalid_number'],
    ['Devanagari digits', '२०६४२०५७८०', '२०६४२०५७८०', 'invalid_number'],
    ['a zero-width space', '\u200b12064205780', '\u200b12064205780', 'invalid_number'],
    ['full-width plus', '＋12064205780', '＋12064205780', 'invalid_number'],
    ['a number with exponent', '2.06420578e9', '2.06420578e9', 'invalid_number'],
    ['a minus sign', '-2064205780', '-2064205780', 'invalid_number'],
  ])('%s: %j', (_name, raw, shown, outcome) => {
    expectJudged(worldSnap, raw, shown, outcome);
  });

  it('shows numbers that fail a later step in canonical form, not as posted', () => {
    // Only §1 failures are echoed as posted; a canonicalisable number is shown canonically.
    expectJudged(worldSnap, '+2114205780', '12114205780', 'invalid_number');
    expectJudged(worldSnap, '5552348976', '15552348976', 'unassigned');
    expectJudged(worldSnap, '+5002345678', '15002345678', 'special_use');
  });
});

describe('§1 duplicates', () => {
  it.each<[string, string[], PortabilityResult]>([
    [
      'ten digits and +1 eleven digits are one number',
      ['2064205780', '+12064205780'],
      portableOnly([['12064205780']], LEVEL3_674),
    ],
    [
      'every spelling of one number, reported once',
      ['12064205780', '2064205780', '+2064205780', '+12064205780'],
      portableOnly([['12064205780']], LEVEL3_674),
    ],
    ['an invalid raw string repeated', ['abc', 'abc'], nonportableOnly([['abc', 'invalid_number']])],
    ['the empty string repeated', ['', ''], nonportableOnly([['', 'invalid_number']])],
    [
      'different invalid raw strings are different numbers',
      ['206-420-5780', '206 420 5780', '206-420-5780'],
      nonportableOnly([
        ['206-420-5780', 'invalid_number'],
        ['206 420 5780', 'invalid_number'],
      ]),
    ],
    [
      'a step-2 invalid number in two spellings, once, canonical',
      ['2114205780', '+12114205780', '12114205780'],
      nonportableOnly([['12114205780', 'invalid_number']]),
    ],
    [
      'ten digits beginning with 1 and the same eleven digits are one number',
      ['1234567890', '11234567890', '+1234567890'],
      nonportableOnly([['11234567890', 'invalid_number']]),
    ],
    [
      'a duplicate keeps its first position among nonportable numbers',
      ['15552340001', 'x', '2114205780', '+15552340001', 'x', '12114205780'],
      nonportableOnly([
        ['15552340001', 'unassigned'],
        ['x', 'invalid_number'],
        ['12114205780', 'invalid_number'],
      ]),
    ],
  ])('%s', (_name, request, expected) => {
    expect(exactPart(checkPortability(worldSnap, request))).toEqual(exactPart(expected));
  });

  it('a duplicate keeps its first position among portable numbers and groups', () => {
    const r = checkPortability(worldSnap, ['2064305780', '2064205780', '+12064305780', '12064205781']);
    expect(r.portable.numbers).toEqual(['12064305780', '12064205780', '12064205781']);
    expect(r.portable.groups.map((g) => g.numbers)).toEqual([
      ['12064305780'],
      ['12064205780', '12064205781'],
    ]);
    expect(r.nonportable.numbers).toEqual([]);
  });
});

function portableOnly(groupNumbers: string[][], ...keys: GroupKey[]): PortabilityResult {
  return {
    portable: {
      numbers: groupNumbers.flat(),
      groups: keys.map((k, i) => ({ ...k, numbers: groupNumbers[i] })),
    },
    nonportable: { numbers: [], details: [] },
  };
}

function nonportableOnly(rows: [string, PortabilityResult['nonportable']['details'][number]['reason']][]) {
  return {
    portable: { numbers: [], groups: [] },
    nonportable: {
      numbers: rows.map(([n]) => n),
      details: rows.map(([number, reason]) => ({ number, reason, detail: '' })),
    },
  };
}

/**
 * §2 steps 2–4. Every exchange tested here has an A block (and every toll-free number a
 * WORKING record), so that a number which passed these steps would be portable: the tables
 * prove that the structural step decides first.
 */
describe('§2 the structural checks, in order', () => {
  const tns: string[] = [];
  const row = (tn: string, outcome: Outcome): [string, Outcome] => {
    tns.push(tn);
    return [tn, outcome];
  };
  const local = LEVEL3_674;
  const invalid: [string, Outcome][] = [
    row('0204205780', 'invalid_number'),
    row('1204205780', 'invalid_number'),
    row('2060205780', 'invalid_number'),
    row('2061205780', 'invalid_number'),
    row('0000000000', 'invalid_number'),
    row('1111111111', 'invalid_number'),
    // NPA and NXX both fine but the line would not matter: still a TN.
    ...[2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) =>
      [0, 5, 9].map((last) => row(`${n}9${last}4205780`, 'invalid_number' as Outcome)),
    ),
    ...N11_CODES.map((c) => row(`${c}4205780`, 'invalid_number' as Outcome)),
    ...N11_CODES.map((c) => row(`206${c}5780`, 'invalid_number' as Outcome)),
  ];
  const special: [string, Outcome][] = [
    ...NON_GEOGRAPHIC_NPAS.map((npa) => row(`${npa}4205780`, 'special_use' as Outcome)),
    ...SPECIAL_USE_NXXS.map((nxx) => row(`206${nxx}5780`, 'special_use' as Outcome)),
    ...SPECIAL_USE_NXXS.map((nxx) => row(`509${nxx}0001`, 'special_use' as Outcome)),
    // a special-use exchange in a non-geographic NPA: special_use either way
    row('5005551234', 'special_use'),
    row('9009761234', 'special_use'),
  ];
  const precedence: [string, Outcome][] = [
    // step 2 before step 3
    row('9115551234', 'invalid_number'),
    row('9110001234', 'invalid_number'),
    row('2905551234', 'invalid_number'),
    row('9000111234', 'invalid_number'),
    row('5002114205', 'invalid_number'),
    row('4569111234', 'invalid_number'),
    row('7101234567', 'invalid_number'),
    // step 2 before step 4: a toll-free NPA with a 0/1-leading or N11 NXX
    row('8001114205', 'invalid_number'),
    row('8000114205', 'invalid_number'),
    row('8449114205', 'invalid_number'),
    row('8882114205', 'invalid_number'),
  ];
  const tollfreeRows: [string, Outcome][] = [
    // step 4: every toll-free NPA, including with the special-use exchanges
    ...TOLLFREE_NPAS.flatMap((npa) =>
      [234, ...SPECIAL_USE_NXXS].map((nxx) => row(`${npa}${nxx}1234`, CENTURYLINK_TF as Outcome)),
    ),
  ];
  const geographic: [string, Outcome][] = [
    // step 5: none of the lists applies
    row('2062904205', local),
    row('2062004205', local),
    row('2069994205', local),
    row('5552345678', local),
    row('9502345678', local),
    row('9762345678', local),
    row('8802345678', local),
    row('8892345678', local),
    row('8212345678', local),
    row('3702345678', local),
    row('9602345678', local),
    row('2064565780', local),
    row('2068005780', local),
    row('2065005780', local),
    row('2069005780', local),
    row('2065545780', local),
    row('2065565780', local),
    row('2069575780', local),
    row('2069775780', local),
  ];

  const d: Dataset = dataset({
    carriers: [carrier('8824', 'Level3', 'CLEC'), carrier('LGT01', 'Centurylink', 'RESPORG')],
    // (no block for 0/1-leading codes: no import could hold one)
    blocks: [...new Set(tns.map((tn) => tn.slice(0, 6)))]
      .filter((ex) => !'01'.includes(ex[0]) && !'01'.includes(ex[3]))
      .map((ex) => block(Number(ex.slice(0, 3)), Number(ex.slice(3)), 'A', '8824')),
    tollfree: tns
      .filter((tn) => TOLLFREE_NPAS.includes(Number(tn.slice(0, 3))))
      .map((tn) => tollfree(Number(tn), 'LGT01', 'WORKING')),
    coverage: world.coverage,
  });
  const snap = buildSnapshot(d);

  it.each(invalid)('step 2 invalid_number: %s', (tn, outcome) => expectJudged(snap, tn, `1${tn}`, outcome));
  it.each(special)('step 3 special_use: %s', (tn, outcome) => expectJudged(snap, tn, `1${tn}`, outcome));
  it.each(precedence)('precedence: %s', (tn, outcome) => expectJudged(snap, tn, `1${tn}`, outcome));
  it.each(tollfreeRows)('step 4 toll-free: %s', (tn, outcome) => expectJudged(snap, tn, `1${tn}`, outcome));
  it.each(geographic)('step 5 local: %s', (tn, outcome) => expectJudged(snap, tn, `1${tn}`, outcome));

  it.each(TOLLFREE_NPAS)('step 4: toll-free NPA %i never looks at blocks (no record: unassigned)', (npa) => {
    const withBlock = buildSnapshot(dataset({ ...d, tollfree: [] }));
    expectJudged(withBlock, `${npa}2341234`, `1${npa}2341234`, 'unassigned');
  });
});

describe('§3 local numbers', () => {
  it.each<[string, string, Outcome]>([
    // step 1: block
    ['the exchange record A', '2064205780', LEVEL3_674],
    ['a thousands-block takes precedence over A', '2064215000', grp('TMOB', 'T-Mobile', 'wireless', 676)],
    ['thousands-block, last number', '2064215999', grp('TMOB', 'T-Mobile', 'wireless', 676)],
    ['other thousands fall back to A', '2064214999', LEVEL3_674],
    ['other thousands fall back to A (6)', '2064216000', LEVEL3_674],
    ['only a thousands-block exists: inside it', '2064223000', LEVEL3_674],
    ['only a thousands-block exists: outside it', '2064224000', 'unassigned'],
    ['no block at all', '2069874205', 'unassigned'],
    ['no block at all (seed example)', '5552348976', 'unassigned'],
    ['a ported number without a block is unassigned', '2064229999', 'unassigned'],
    // step 2: LNP capability, of the block that was found
    ['A not portable', '2064230000', 'not_lnp_capable'],
    ['A not portable, ported number', '2064230001', 'not_lnp_capable'],
    ['A not portable, portable thousands-block', '2064237123', LEVEL3_674],
    ['A portable, thousands-block not portable', '2064242000', 'not_lnp_capable'],
    ['A portable, another thousands', '2064243000', LEVEL3_674],
    // steps 3–4: current provider and number type, ported
    ['ported wireless', '2064200001', TMOB_WIRELESS_674],
    ['ported vowifi', '2064200002', TMOB_WIRELESS_674],
    ['ported prepaid_wireless', '2064200003', TMOB_WIRELESS_674],
    ['ported wireline to a wireless carrier', '2064200004', grp('TMOB', 'T-Mobile', 'long-code', 674)],
    ['ported voip', '2064200005', grp('TMOB', 'T-Mobile', 'long-code', 674)],
    ['ported class2_voip', '2064200006', grp('TMOB', 'T-Mobile', 'long-code', 674)],
    ['ported wireline out of a WIRELESS holder block', '2064300001', LEVEL3_674],
    ['ported wireline out of a PMC block', '2064250001', LEVEL3_674],
    ['a neighbour of a ported number is not ported', '2064200011', LEVEL3_674],
    // step 4: number type, not ported
    ['coc_type PMC', '2064255780', grp('8824', 'Level3', 'wireless', 674)],
    ['coc_type RCC', '2064265780', grp('8824', 'Level3', 'wireless', 674)],
    ['coc_type VOI', '2064275780', LEVEL3_674],
    ['holder WIRELESS', '2064305780', TMOB_WIRELESS_674],
    ['holder PCS', '2064315780', grp('PCS1', 'Sprint PCS', 'wireless', 674)],
    ['holder W RESELLER on a CLEC: wireless', '2064325780', grp('8824', 'Level3', 'wireless', 674)],
    ['holder P RESELLER', '2064335780', TMOB_WIRELESS_674],
    ['holder L RESELLER', '2064345780', LEVEL3_674],
    ['holder not in the carriers dataset', '2064355780', grp('NOPE', 'NOPE', 'long-code', 674)],
    [
      'holder CLEC on a wireless underlying: long-code',
      '2064365780',
      grp('TMOB', 'T-Mobile', 'long-code', 674),
    ],
    ['holder without a category', '2064395780', grp('NOCAT', 'No category', 'long-code', 674)],
    ['holder ILEC', '2064405780', grp('ILEC1', 'Old Telco', 'long-code', 674)],
    ['thousands-block holder CLEC in a WIRELESS A exchange', '2064434000', LEVEL3_674],
    ['A holder WIRELESS outside that thousands-block', '2064431000', TMOB_WIRELESS_674],
    ['thousands-block holder WIRELESS in a CLEC exchange', '2064446000', TMOB_WIRELESS_674],
    ['thousands-block coc_type PMC in an EOC exchange', '2064448000', grp('8824', 'Level3', 'wireless', 674)],
    ['the EOC exchange outside those thousands-blocks', '2064447000', LEVEL3_674],
    // step 5: underlying carrier
    ['reseller to underlying', '2064345781', LEVEL3_674],
    ['two hops', '2064375780', LEVEL3_674],
    ['ported to a reseller of a reseller', '2064200007', LEVEL3_674],
    ['underlying id not in the dataset stops there', '2064385780', grp('GHST', 'GHST', 'long-code', 674)],
    ['ported to a reseller whose underlying is unknown', '2064200010', grp('GHST', 'GHST', 'long-code', 674)],
    ['ported to a spid not in the dataset', '2064200009', grp('NOPE2', 'NOPE2', 'long-code', 674)],
    // steps 6–7: coverage of the world (PEER on LATA 832/AK, Flowroute '*' but not 834)
    [
      'long-code in LATA 832, AK: the peer first',
      '9074205780',
      grp('8824', 'Level3', 'long-code', 832, 'PEER'),
    ],
    [
      'wireless in LATA 832: the peer does not take wireless',
      '9074215780',
      grp('TMOB', 'T-Mobile', 'wireless', 832),
    ],
    ['ported wireless in 832', '9074200001', grp('TMOB', 'T-Mobile', 'wireless', 832)],
    ['LATA 834 is excluded and the peer is 832 only', '9075005780', 'no_coverage'],
    ['held by the gaining provider', '2064415780', 'on_network'],
    ['held by a reseller of the gaining provider', '2064425780', 'on_network'],
    ['ported to the gaining provider', '2064200008', 'on_network'],
    ['ported away from the gaining provider', '2064410001', LEVEL3_674],
    // a ported number keeps its block's LATA
    ['ported in LATA 676', '5094200001', grp('TMOB', 'T-Mobile', 'long-code', 676)],
    ['NXX with middle digit 9', '2062905780', LEVEL3_674],
  ])('%s: %s', (_name, tn, outcome) => {
    expectJudged(worldSnap, tn, `1${tn}`, outcome);
  });
});

describe('§3 step 6 coverage selection', () => {
  // A long-code number in LATA 674, WA, rate centre "Seattle", and a wireless one next to it.
  const blocks = [
    block(206, 420, 'A', '8824', { rateCenter: 'Seattle' }),
    block(206, 425, 'A', '8824', { rateCenter: 'Seattle', cocType: 'PMC' }),
  ];
  const LONG = '2064205780';
  const WIRELESS = '2064255780';
  const p = (id: string, types: CoverageProvider['numberTypes'], f: Partial<CoverageProvider> = {}) =>
    provider(id, `Name of ${id}`, types, { latas: '*', ...f });
  const lc: CoverageProvider['numberTypes'] = ['long-code'];
  const both: CoverageProvider['numberTypes'] = ['long-code', 'wireless'];

  it.each<[string, string, CoverageProvider[], string | null]>([
    ['first in file order', LONG, [p('AAA', lc), p('BBB', lc)], 'AAA'],
    ['first in file order, reversed', LONG, [p('BBB', lc), p('AAA', lc)], 'BBB'],
    ['number_types without the type', LONG, [p('AAA', ['wireless']), p('BBB', lc)], 'BBB'],
    ['wireless needs wireless', WIRELESS, [p('AAA', lc), p('BBB', ['wireless'])], 'BBB'],
    ['wireless with no wireless provider', WIRELESS, [p('AAA', lc)], null],
    ['tollfree providers do not take local numbers', LONG, [p('TF', ['tollfree'])], null],
    ['no providers at all', LONG, [], null],
    ['latas list without the LATA', LONG, [p('AAA', lc, { latas: [832] }), p('BBB', both)], 'BBB'],
    ['latas list with the LATA', LONG, [p('AAA', lc, { latas: [832, 674] }), p('BBB', both)], 'AAA'],
    ['latas "*"', WIRELESS, [p('AAA', both, { latas: '*' })], 'AAA'],
    ['exclude_latas with the LATA', LONG, [p('AAA', lc, { excludeLatas: [674] }), p('BBB', lc)], 'BBB'],
    [
      'exclude_latas without the LATA',
      LONG,
      [p('AAA', lc, { excludeLatas: [832, 834] }), p('BBB', lc)],
      'AAA',
    ],
    ['listed and excluded', LONG, [p('AAA', lc, { latas: [674], excludeLatas: [674] })], null],
    ['states without the state', LONG, [p('AAA', lc, { states: ['OR', 'AK'] }), p('BBB', lc)], 'BBB'],
    ['states with the state', LONG, [p('AAA', lc, { states: ['OR', 'WA'] }), p('BBB', lc)], 'AAA'],
    ['rate_centers without it', LONG, [p('AAA', lc, { rateCenters: ['WA:TACOMA'] }), p('BBB', lc)], 'BBB'],
    ['rate_centers upper case', LONG, [p('AAA', lc, { rateCenters: ['WA:SEATTLE'] })], 'AAA'],
    ['rate_centers lower case', LONG, [p('AAA', lc, { rateCenters: ['wa:seattle'] })], 'AAA'],
    ['rate_centers mixed case', LONG, [p('AAA', lc, { rateCenters: ['Wa:sEaTtLe'] })], 'AAA'],
    ['rate_centers of another state', LONG, [p('AAA', lc, { rateCenters: ['OR:SEATTLE'] })], null],
    [
      'rate_centers among others',
      WIRELESS,
      [p('AAA', both, { rateCenters: ['WA:TACOMA', 'WA:SEATTLE'] })],
      'AAA',
    ],
    [
      'every filter must hold (rate centre fails)',
      LONG,
      [p('AAA', lc, { latas: [674], states: ['WA'], rateCenters: ['WA:TACOMA'] }), p('BBB', lc)],
      'BBB',
    ],
    [
      'every filter holds',
      LONG,
      [p('AAA', lc, { latas: [674], excludeLatas: [832], states: ['WA'], rateCenters: ['wa:SEATTLE'] })],
      'AAA',
    ],
    ['the first match is on network: no fall-through', LONG, [p('8824', lc), p('BBB', lc)], 'on_network'],
  ])('%s', (_name, tn, providers, gaining) => {
    const snap = buildSnapshot(
      dataset({ carriers: [carrier('8824', 'Level3', 'CLEC')], blocks, coverage: { providers } }),
    );
    const got = judgeOne(snap, tn);
    if (gaining === null) expect(got.outcome).toBe('no_coverage');
    else if (gaining === 'on_network') expect(got.outcome).toBe('on_network');
    else {
      const type = tn === WIRELESS ? 'wireless' : 'long-code';
      expect(got.outcome).toEqual(grp('8824', 'Level3', type, 674, gaining, `Name of ${gaining}`));
    }
  });

  it.each<[string, Partial<CoverageProvider>]>([
    ['an empty latas list', { latas: [] }],
    ['an empty states list', { states: [] }],
    ['an empty rate_centers list', { rateCenters: [] }],
  ])('%s matches nothing (the filter is given and does not contain the block)', (_name, f) => {
    const snap = buildSnapshot(
      dataset({
        carriers: [carrier('8824', 'Level3', 'CLEC')],
        blocks,
        coverage: { providers: [p('AAA', lc, f)] },
      }),
    );
    expect(judgeOne(snap, LONG).outcome).toBe('no_coverage');
  });

  it('an empty exclude_latas list excludes nothing', () => {
    const snap = buildSnapshot(
      dataset({ blocks, coverage: { providers: [p('AAA', lc, { excludeLatas: [] })] } }),
    );
    expect(judgeOne(snap, LONG).outcome).toEqual(grp('8824', '8824', 'long-code', 674, 'AAA', 'Name of AAA'));
  });
});

describe('§4 toll-free numbers', () => {
  it.each<[string, string, Outcome]>([
    ['WORKING', '8444205780', CENTURYLINK_TF],
    ['ASSIGNED', '8004205781', CENTURYLINK_TF],
    ['RESERVED', '8004205782', CENTURYLINK_TF],
    ['SPARE', '8004205783', 'unassigned'],
    ['DISCONNECT', '8004205784', 'not_in_service'],
    ['TRANSITIONAL', '8004205785', 'not_in_service'],
    ['UNAVAILABLE', '8004205786', 'not_in_service'],
    ['SUSPENDED', '8004205787', 'not_in_service'],
    ['no record (a block exists for 800-420, ignored)', '8004205788', 'unassigned'],
    ['RespOrg reseller to its underlying', '8004205789', CENTURYLINK_TF],
    ['RespOrg is the gaining provider', '8004205790', 'on_network'],
    ['RespOrg resells the gaining provider', '8004205791', 'on_network'],
    ['RespOrg underlying not in the dataset', '8004205792', grp('GONE1', 'GONE1', 'tollfree', null)],
    ['RespOrg not in the dataset', '8004205793', grp('UNKN9', 'UNKN9', 'tollfree', null)],
    ...TOLLFREE_NPAS.map((npa): [string, string, Outcome] => [`NPA ${npa}`, `${npa}4201234`, CENTURYLINK_TF]),
  ])('%s: %s', (_name, tn, outcome) => {
    expectJudged(worldSnap, tn, `1${tn}`, outcome);
  });

  const tf = (id: string, f: Partial<CoverageProvider> = {}) =>
    provider(id, `Name of ${id}`, ['tollfree'], f);
  it.each<[string, CoverageProvider[], string | null]>([
    [
      'the first toll-free provider, LATA, state and rate-centre filters ignored',
      [
        provider('683G', 'Flowroute', ['long-code', 'wireless'], { latas: '*' }),
        tf('TF1', { latas: [832], excludeLatas: [674], states: ['AK'], rateCenters: ['AK:JUNEAU'] }),
        tf('TF2'),
      ],
      'TF1',
    ],
    ['file order', [tf('TF2'), tf('TF1')], 'TF2'],
    [
      'a provider of several types',
      [provider('BOTH', 'Name of BOTH', ['long-code', 'tollfree'], { latas: [832] })],
      'BOTH',
    ],
    [
      'no toll-free provider',
      [provider('683G', 'Flowroute', ['long-code', 'wireless'], { latas: '*' })],
      null,
    ],
    ['no provider', [], null],
  ])('gaining provider: %s', (_name, providers, gaining) => {
    const snap = buildSnapshot(dataset({ ...world, coverage: { providers } }));
    const got = judgeOne(snap, '8444205780');
    if (gaining === null) expect(got.outcome).toBe('no_coverage');
    else
      expect(got.outcome).toEqual(
        grp('LGT01', 'Centurylink', 'tollfree', null, gaining, `Name of ${gaining}`),
      );
  });

  it.each<[TollfreeStatus, Outcome]>([
    ['SPARE', 'unassigned'],
    ['RESERVED', CENTURYLINK_TF],
    ['ASSIGNED', CENTURYLINK_TF],
    ['WORKING', CENTURYLINK_TF],
    ['DISCONNECT', 'not_in_service'],
    ['TRANSITIONAL', 'not_in_service'],
    ['UNAVAILABLE', 'not_in_service'],
    ['SUSPENDED', 'not_in_service'],
  ])('status %s decides before coverage: %j', (status, outcome) => {
    const snap = buildSnapshot(
      dataset({
        carriers: world.carriers,
        tollfree: [tollfree(8664205780, 'LGT01', status)],
        coverage: world.coverage,
      }),
    );
    expectJudged(snap, '18664205780', '18664205780', outcome);
  });
});

describe('§3 step 8, §4 step 5 grouping', () => {
  it.each<[string, string[], [GroupKey, string[]][]]>([
    [
      'resellers of the same underlying carrier share a group',
      ['2064345780', '2064205780', '2064375780', '2064200007'],
      [[LEVEL3_674, ['12064345780', '12064205780', '12064375780', '12064200007']]],
    ],
    [
      'the same carrier in two LATAs: two groups',
      ['2064205780', '5094205780', '2064205781'],
      [
        [LEVEL3_674, ['12064205780', '12064205781']],
        [grp('8824', 'Level3', 'long-code', 676), ['15094205780']],
      ],
    ],
    [
      'long-code and wireless of one carrier: two groups',
      ['2064255780', '2064205780', '2064265780'],
      [
        [grp('8824', 'Level3', 'wireless', 674), ['12064255780', '12064265780']],
        [LEVEL3_674, ['12064205780']],
      ],
    ],
    [
      'different gaining providers and LATAs: separate groups',
      ['9074205780', '9074215780', '2064305780'],
      [
        [grp('8824', 'Level3', 'long-code', 832, 'PEER'), ['19074205780']],
        [grp('TMOB', 'T-Mobile', 'wireless', 832), ['19074215780']],
        [TMOB_WIRELESS_674, ['12064305780']],
      ],
    ],
    [
      'a ported number keeps its block LATA (676), not the other numbers of its carrier',
      ['2064200004', '5094200001', '5094200002'],
      [
        [grp('TMOB', 'T-Mobile', 'long-code', 674), ['12064200004']],
        [grp('TMOB', 'T-Mobile', 'long-code', 676), ['15094200001']],
        [grp('8824', 'Level3', 'long-code', 676), ['15094200002']],
      ],
    ],
    [
      'groups by first appearance, numbers in request order',
      ['2064205780', '2064305780', '2064205781', '8444205780', '2064305781', '8004205781', '2064345780'],
      [
        [LEVEL3_674, ['12064205780', '12064205781', '12064345780']],
        [TMOB_WIRELESS_674, ['12064305780', '12064305781']],
        [CENTURYLINK_TF, ['18444205780', '18004205781']],
      ],
    ],
  ])('%s', (_name, request, groups) => {
    const r = checkPortability(worldSnap, request);
    expect(r.nonportable.numbers).toEqual([]);
    expect(r.portable.numbers).toEqual(request.map((n) => `1${n}`));
    expect(exactPart(r)).toEqual(
      exactPart({
        portable: { numbers: r.portable.numbers, groups: groups.map(([k, numbers]) => ({ ...k, numbers })) },
        nonportable: { numbers: [], details: [] },
      }),
    );
  });

  it('the same carrier, type and LATA with two gaining providers: two groups', () => {
    const snap = buildSnapshot(
      dataset({
        carriers: [carrier('8824', 'Level3', 'CLEC')],
        blocks: [block(206, 420, 'A', '8824'), block(253, 420, 'A', '8824', { rateCenter: 'TACOMA' })],
        coverage: {
          providers: [
            provider('RCP', 'Tacoma peer', ['long-code'], { latas: [674], rateCenters: ['WA:Tacoma'] }),
            provider('683G', 'Flowroute', ['long-code'], { latas: '*' }),
          ],
        },
      }),
    );
    const r = checkPortability(snap, ['2064205780', '2534205780', '2064205781']);
    expect(r.portable.numbers).toEqual(['12064205780', '12534205780', '12064205781']);
    expect(exactPart(r)).toEqual(
      exactPart({
        ...portableOnly(
          [['12064205780', '12064205781'], ['12534205780']],
          LEVEL3_674,
          grp('8824', 'Level3', 'long-code', 674, 'RCP', 'Tacoma peer'),
        ),
        portable: {
          numbers: r.portable.numbers,
          groups: [
            { ...LEVEL3_674, numbers: ['12064205780', '12064205781'] },
            { ...grp('8824', 'Level3', 'long-code', 674, 'RCP', 'Tacoma peer'), numbers: ['12534205780'] },
          ],
        },
      }),
    );
  });

  it('local and toll-free numbers of one carrier and one gaining provider never share a group', () => {
    const snap = buildSnapshot(
      dataset({
        carriers: [carrier('8824', 'Level3', 'CLEC')],
        blocks: [block(206, 420, 'A', '8824')],
        tollfree: [tollfree(8444205780, '8824', 'WORKING')],
        coverage: {
          providers: [provider('ALL', 'All', ['long-code', 'wireless', 'tollfree'], { latas: '*' })],
        },
      }),
    );
    const r = checkPortability(snap, ['2064205780', '8444205780']);
    expect(exactPart(r)).toEqual(
      exactPart(
        portableOnly(
          [['12064205780'], ['18444205780']],
          grp('8824', 'Level3', 'long-code', 674, 'ALL', 'All'),
          grp('8824', 'Level3', 'tollfree', null, 'ALL', 'All'),
        ),
      ),
    );
  });
});

describe('§6 order of the output', () => {
  const request = [
    '2064205780',
    'bad',
    '+12064300000',
    '18444205780',
    '12064345780',
    '15552348976',
    '2064205780',
    '5094205780',
    '+18004205784',
    '12064305781',
    '2114205780',
    'bad',
    '5002345678',
    '2064415780',
    '9075005780',
    '2064230000',
  ];
  const expected: PortabilityResult = {
    portable: {
      numbers: ['12064205780', '12064300000', '18444205780', '12064345780', '15094205780', '12064305781'],
      groups: [
        { ...LEVEL3_674, numbers: ['12064205780', '12064345780'] },
        { ...TMOB_WIRELESS_674, numbers: ['12064300000', '12064305781'] },
        { ...CENTURYLINK_TF, numbers: ['18444205780'] },
        { ...grp('8824', 'Level3', 'long-code', 676), numbers: ['15094205780'] },
      ],
    },
    nonportable: {
      numbers: [
        'bad',
        '15552348976',
        '18004205784',
        '12114205780',
        '15002345678',
        '12064415780',
        '19075005780',
        '12064230000',
      ],
      details: [
        { number: 'bad', reason: 'invalid_number', detail: '' },
        { number: '15552348976', reason: 'unassigned', detail: '' },
        { number: '18004205784', reason: 'not_in_service', detail: '' },
        { number: '12114205780', reason: 'invalid_number', detail: '' },
        { number: '15002345678', reason: 'special_use', detail: '' },
        { number: '12064415780', reason: 'on_network', detail: '' },
        { number: '19075005780', reason: 'no_coverage', detail: '' },
        { number: '12064230000', reason: 'not_lnp_capable', detail: '' },
      ],
    },
  };

  it('a mixed request: every list in request order, groups by first appearance', () => {
    expect(exactPart(checkPortability(worldSnap, request))).toEqual(exactPart(expected));
  });

  it('every detail is a non-empty sentence, aligned with nonportable.numbers', () => {
    const r = checkPortability(worldSnap, request);
    expect(r.nonportable.details.map((d) => d.number)).toEqual(r.nonportable.numbers);
    for (const d of r.nonportable.details) {
      expect(typeof d.detail).toBe('string');
      expect(d.detail.trim().length).toBeGreaterThan(0);
    }
  });

  it('empty lists are present, never omitted', () => {
    const none = checkPortability(worldSnap, []);
    expect(none).toEqual({
      portable: { numbers: [], groups: [] },
      nonportable: { numbers: [], details: [] },
    });
    const onlyBad = checkPortability(worldSnap, ['x']);
    expect(onlyBad.portable).toEqual({ numbers: [], groups: [] });
  });

  it('is deterministic: the same inputs give the same bytes', () => {
    const first = JSON.stringify(checkPortability(worldSnap, request));
    expect(JSON.stringify(checkPortability(worldSnap, request))).toBe(first);
    expect(JSON.stringify(checkPortability(buildSnapshot(world), request))).toBe(first);
    // The sink accepts records in any order: the data, not the feed order, decides.
    const reversed: Dataset = {
      carriers: [...world.carriers].reverse(),
      blocks: [...world.blocks].reverse(),
      ported: [...world.ported].reverse(),
      tollfree: [...world.tollfree].reverse(),
      coverage: world.coverage,
    };
    expect(JSON.stringify(checkPortability(buildSnapshot(reversed), request))).toBe(first);
  });

  it('does not change with other numbers in the request', () => {
    const alone = request.map((n) => JSON.stringify(exactPart(checkPortability(worldSnap, [n]))));
    const together = checkPortability(worldSnap, request);
    const reasons = new Map(together.nonportable.details.map((d) => [d.number, d.reason]));
    for (const [i, n] of request.entries()) {
      const single = JSON.parse(alone[i]) as PortabilityResult;
      const shown = single.portable.numbers[0] ?? single.nonportable.numbers[0];
      if (single.nonportable.numbers.length === 1) {
        expect(reasons.get(shown), n).toBe(single.nonportable.details[0].reason);
      } else {
        const g = together.portable.groups.find((x) => x.numbers.includes(shown));
        expect(g && groupKey(g), n).toEqual(groupKey(single.portable.groups[0]));
      }
    }
  });
});

describe('the seed example', () => {
  it('gives response.json (detail text aside)', () => {
    const r = checkPortability(buildSnapshot(seedDataset()), seedRequest());
    expect(exactPart(r)).toEqual(exactPart(seedResponseData()));
  });
});
