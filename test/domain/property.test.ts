// The core against the plain reference of docs/spec/rules.md (reference.ts), on random small datasets
// and random requests: every field the spec makes exact must agree (detail text aside). The
// response writers (beta and v2 shapes) must give exactly JSON.stringify of the core's result
// on the same cases, and that body must validate against the schema /openapi.json publishes.
import { crc32 } from 'node:zlib';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPortability, checkPortabilityV2 } from '../../src/domain/check.js';
import { checkPortabilityBody, writePortabilityBody } from '../../src/domain/response-writer.js';
import { checkPortabilityBodyV2, writePortabilityBodyV2 } from '../../src/domain/response-writer-v2.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/domain/snapshot-codec.js';
import {
  type BlockRecord,
  CARRIER_CATEGORIES,
  type CarrierRecord,
  type CoverageProvider,
  NUMBER_TYPES,
  type PortedRecord,
  SV_TYPES,
  TOLLFREE_STATUSES,
  type TollfreeRecord,
} from '../../src/domain/types.js';
import {
  PortabilityResponseSchema,
  PortabilityResponseV2Schema,
} from '../../src/http/schemas/portability.js';
import { buildSnapshot, type Dataset } from '../support/dataset.js';
import { exactPart, exactPartV2 } from './judge.js';
import { referenceCheck, referenceCheckV2 } from './reference.js';

// Small pools, so that random picks collide: shared exchanges, resellers, duplicates.
const CARRIER_IDS = ['8824', '683G', 'TMOB', 'RSL1', 'RSL2', 'PEER', 'LGT01', 'FWR01', 'AAA', 'BBB'];
const MISSING_IDS = ['GHST', 'NOPE'];
// Few block holders, so that one carrier often holds blocks in several LATAs.
const BLOCK_HOLDERS = ['8824', '8824', 'TMOB', 'RSL1', 'RSL2', 'AAA', '683G', 'NOPE'];
const BLOCK_NPAS = [206, 509, 907, 555, 880, 800];
const BLOCK_NXXS = [420, 421, 290, 555];
const BLOCK_IDS = [-1, -1, 0, 2, 5];
const LATAS = [674, 676, 832, 834];
const STATES = ['WA', 'AK', 'OR'];
const RATE_CENTERS = ['SEATTLE', 'Seattle', 'TACOMA', 'juneau'];
const COVERAGE_RATE_CENTERS = ['WA:SEATTLE', 'wa:seattle', 'WA:Tacoma', 'AK:JUNEAU', 'OR:SEATTLE'];
const LINE_THOUSANDS = [0, 2, 5, 7];
const LINE_REST = [0, 1, 2];
const TOLLFREE_NPAS = [800, 844, 888, 822];
const REQUEST_NPAS = [
  '206',
  '509',
  '907',
  '555',
  '880',
  '800',
  '844',
  '888',
  '822',
  '500',
  '911',
  '290',
  '120',
  '020',
];
const REQUEST_NXXS = ['420', '421', '290', '555', '911', '123', '976', '023'];
const BAD_STRINGS = [
  '',
  '+',
  'abc',
  '++12064205780',
  '206 420 5780',
  '１２０６４２０５７８０',
  '22064205780',
  '206420578',
  // JSON escaping in the written body: quotes, backslashes, control characters, non-ASCII.
  '"2064205780"',
  '206\\420\u00015780',
  'Québec ☎ 206',
  '\ud83d\ude00\ud800',
];

const lineIn = (x: number) => fc.constantFrom(...LINE_REST).map((r) => x * 1000 + r);
const line = fc
  .tuple(fc.constantFrom(...LINE_THOUSANDS), fc.constantFrom(...LINE_REST))
  .map(([x, r]) => x * 1000 + r);

const carriers: fc.Arbitrary<CarrierRecord[]> = fc
  .tuple(
    fc.shuffledSubarray(CARRIER_IDS),
    fc.array(
      fc.record({
        name: fc.constantFrom('Level3', 'Flowroute', 'T-Mobile', 'Reseller', 'Peer', 'Bell "Québec" \\ ☎'),
        // every category can appear, the wireless ones (and none) more often
        category: fc.constantFrom(
          null,
          'CLEC',
          'WIRELESS',
          'PCS',
          'W RESELLER',
          'P RESELLER',
          ...CARRIER_CATEGORIES,
        ),
        up: fc.nat(30),
      }),
      { minLength: CARRIER_IDS.length, maxLength: CARRIER_IDS.length },
    ),
  )
  .map(([ids, params]) =>
    // Each carrier's underlying is nobody, an id missing from the dataset, or an EARLIER
    // carrier: chains of any length, never a cycle (cycles are refused at import).
    ids.map((id, i): CarrierRecord => {
      const { name, category, up } = params[i];
      const choice = up % (1 + MISSING_IDS.length + i);
      const underlyingId =
        choice === 0
          ? null
          : choice <= MISSING_IDS.length
            ? MISSING_IDS[choice - 1]
            : ids[choice - 1 - MISSING_IDS.length];
      return { id, name, category, underlyingId };
    }),
  );

const blocks: fc.Arbitrary<BlockRecord[]> = fc.uniqueArray(
  fc.record({
    npa: fc.constantFrom(...BLOCK_NPAS),
    nxx: fc.constantFrom(...BLOCK_NXXS),
    blockId: fc.constantFrom(...BLOCK_IDS),
    lata: fc.constantFrom(...LATAS),
    ocn: fc.constantFrom(...BLOCK_HOLDERS),
    rateCenter: fc.constantFrom(...RATE_CENTERS),
    state: fc.constantFrom(...STATES),
    cocType: fc.constantFrom('EOC', 'EOC', 'PMC', 'RCC', 'VOI'),
    portable: fc.constantFrom(true, true, true, false),
  }),
  { selector: (b) => `${b.npa}-${b.nxx}-${b.blockId}`, maxLength: 16 },
);

/** Ported numbers, mostly inside the dataset's own blocks (a ported number without a block is
 * unassigned, which the rest must show too). */
function portedFor(bs: BlockRecord[]): fc.Arbitrary<PortedRecord[]> {
  const localNpas = BLOCK_NPAS.filter((n) => !TOLLFREE_NPAS.includes(n));
  const anywhere: fc.Arbitrary<[number, number, number]> = fc.tuple(
    fc.constantFrom(...localNpas),
    fc.constantFrom(...BLOCK_NXXS),
    line,
  );
  const inBlocks = bs
    .filter((b) => !TOLLFREE_NPAS.includes(b.npa))
    .map(
      (b): fc.Arbitrary<[number, number, number]> =>
        fc.tuple(fc.constant(b.npa), fc.constant(b.nxx), b.blockId < 0 ? line : lineIn(b.blockId)),
    );
  const where =
    inBlocks.length === 0
      ? anywhere
      : fc.oneof({ arbitrary: anywhere, weight: 1 }, { arbitrary: fc.oneof(...inBlocks), weight: 4 });
  return fc.uniqueArray(
    fc
      .record({
        where,
        spid: fc.constantFrom(...CARRIER_IDS, ...MISSING_IDS),
        svType: fc.constantFrom(...SV_TYPES),
      })
      .map(
        ({ where: [npa, nxx, l], spid, svType }): PortedRecord => ({
          tn: npa * 10_000_000 + nxx * 10_000 + l,
          spid,
          svType,
          lrn: null,
          altSpid: null,
        }),
      ),
    { selector: (p) => p.tn, maxLength: 12 },
  );
}

const tollfree: fc.Arbitrary<TollfreeRecord[]> = fc.uniqueArray(
  fc
    .record({
      npa: fc.constantFrom(...TOLLFREE_NPAS),
      nxx: fc.constantFrom(420, 555),
      line,
      resporgId: fc.constantFrom(...CARRIER_IDS, 'ROGUE'),
      status: fc.constantFrom(...TOLLFREE_STATUSES),
    })
    .map(
      ({ npa, nxx, line, resporgId, status }): TollfreeRecord => ({
        number: npa * 10_000_000 + nxx * 10_000 + line,
        resporgId,
        status,
      }),
    ),
  { selector: (t) => t.number, maxLength: 10 },
);

const nonEmpty = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
// A filter is absent twice as often as it is given: most providers should match something.
const maybe = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: a, weight: 1 });

const coverageProvider: fc.Arbitrary<CoverageProvider> = fc
  .record({
    id: fc.constantFrom(...CARRIER_IDS, 'XTRA'),
    name: fc.constantFrom('Flowroute', 'Peer', 'Other', 'Tél\u0007 "Ω"'),
    numberTypes: nonEmpty(NUMBER_TYPES),
    latas: fc.oneof(fc.constant('*' as const), fc.constant('*' as const), nonEmpty(LATAS)),
    excludeLatas: maybe(nonEmpty(LATAS)),
    states: maybe(nonEmpty(STATES)),
    rateCenters: maybe(nonEmpty(COVERAGE_RATE_CENTERS)),
    hypernetwork: fc.boolean(),
  })
  .map((p) => {
    // Optional keys are absent, not undefined, as a parsed coverage file has them.
    const out: CoverageProvider = { id: p.id, name: p.name, numberTypes: p.numberTypes };
    const local = p.numberTypes.some((t) => t !== 'tollfree');
    if (local || p.id === 'XTRA') out.latas = p.latas;
    if (p.excludeLatas) out.excludeLatas = p.excludeLatas;
    if (p.states) out.states = p.states;
    if (p.rateCenters) out.rateCenters = p.rateCenters;
    if (p.hypernetwork) out.hypernetwork = true;
    return out;
  });

const coverage = fc.uniqueArray(coverageProvider, { selector: (p) => p.id, maxLength: 4 });

const datasetArb: fc.Arbitrary<Dataset> = blocks.chain((bs) =>
  fc
    .record({ carriers, ported: portedFor(bs), tollfree, providers: coverage })
    .map(({ providers, ...rest }) => ({ ...rest, blocks: bs, coverage: { providers } })),
);

const pad4 = (l: number) => String(l).padStart(4, '0');
const prefix = fc.constantFrom('', '1', '+1', '+');
const anyTn = fc
  .tuple(fc.constantFrom(...REQUEST_NPAS), fc.constantFrom(...REQUEST_NXXS), line)
  .map(([npa, nxx, l]) => `${npa}${nxx}${pad4(l)}`);

/** Numbers that mostly hit the dataset's own exchanges, ported and toll-free numbers, spelled
 * in every accepted way, with bad strings and (from the small pools) duplicates. */
function requestFor(d: Dataset, minLength = 0, maxLength = 30): fc.Arbitrary<string[]> {
  const known: string[] = [...d.ported.map((p) => String(p.tn)), ...d.tollfree.map((t) => String(t.number))];
  const exchanges = d.blocks.map((b) => `${b.npa}${b.nxx}`);
  const choices: fc.WeightedArbitrary<string>[] = [
    { arbitrary: anyTn, weight: 2 },
    { arbitrary: fc.constantFrom(...BAD_STRINGS), weight: 1 },
  ];
  if (known.length > 0) choices.push({ arbitrary: fc.constantFrom(...known), weight: 3 });
  if (exchanges.length > 0) {
    choices.push({
      arbitrary: fc.tuple(fc.constantFrom(...exchanges), line).map(([ex, l]) => `${ex}${pad4(l)}`),
      weight: 4,
    });
  }
  const spelledNumber = fc
    .tuple(fc.oneof(...choices), prefix)
    .map(([n, p]) => (BAD_STRINGS.includes(n) ? n : `${p}${n}`));
  return fc.array(spelledNumber, { minLength, maxLength });
}

/**
 * A validator of a published 200 schema that also refuses keys the schema does
 * not name (the published one allows extensions): the written body must be
 * exactly the schema's shape, the schema's owner being the domain's type.
 */
function exactly(schema: object): (body: unknown) => boolean {
  const strict = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strict);
    if (node === null || typeof node !== 'object') return node;
    const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, strict(v)]));
    if ('properties' in out) out.additionalProperties = false;
    return out;
  };
  const validate = new Ajv({ allErrors: true }).compile(strict(JSON.parse(JSON.stringify(schema))) as object);
  return (body) => {
    if (!validate(body)) expect(validate.errors).toEqual([]);
    return true;
  };
}
const betaShape = exactly(PortabilityResponseSchema);
const v2Shape = exactly(PortabilityResponseV2Schema);

const caseArb = datasetArb.chain((d) => fc.tuple(fc.constant(d), requestFor(d), fc.integer()));

/** The same records in another order: the data, not the feed order, decides. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('checkPortability agrees with the plain reference of rules.md', () => {
  it('on random datasets and requests', () => {
    fc.assert(
      fc.property(caseArb, ([d, numbers, feedSeed]) => {
        const fed: Dataset = {
          carriers: shuffled(d.carriers, feedSeed),
          blocks: shuffled(d.blocks, feedSeed + 1),
          ported: shuffled(d.ported, feedSeed + 2),
          tollfree: shuffled(d.tollfree, feedSeed + 3),
          coverage: d.coverage,
        };
        const snapshot = buildSnapshot(fed);
        const got = checkPortability(snapshot, numbers);
        expect(exactPart(got)).toEqual(exactPart(referenceCheck(d, numbers)));
        const body = checkPortabilityBody(snapshot, numbers);
        expect(body).toBe(JSON.stringify({ data: got }));
        betaShape(JSON.parse(body));
        for (const detail of got.nonportable.details) expect(detail.detail.length).toBeGreaterThan(0);
        // One-number requests take their own path in the writer: each number alone, as text and as bytes.
        for (const number of numbers) {
          const alone = JSON.stringify({ data: checkPortability(snapshot, [number]) });
          expect(checkPortabilityBody(snapshot, [number])).toBe(alone);
          expect(Buffer.from(writePortabilityBody(snapshot, [number])).toString('utf8')).toBe(alone);
          betaShape(JSON.parse(alone));
        }
      }),
      { numRuns: 200, seed: 20_260_401 },
    );
  });

  it('in the v2 shape: numbers as sent, hypernetwork_enabled, and the written body', () => {
    fc.assert(
      fc.property(caseArb, ([d, numbers]) => {
        const snapshot = buildSnapshot(d);
        const got = checkPortabilityV2(snapshot, numbers);
        expect(exactPartV2(got)).toEqual(exactPartV2(referenceCheckV2(d, numbers)));
        const body = checkPortabilityBodyV2(snapshot, numbers);
        expect(body).toBe(JSON.stringify({ data: got }));
        v2Shape(JSON.parse(body));
        // The same judgement as the beta shape: the same details, sentence for sentence.
        expect(got.details.map((x) => x.detail)).toEqual(
          checkPortability(snapshot, numbers).nonportable.details.map((x) => x.detail),
        );
        for (const number of numbers) {
          const alone = JSON.stringify({ data: checkPortabilityV2(snapshot, [number]) });
          expect(checkPortabilityBodyV2(snapshot, [number])).toBe(alone);
          expect(Buffer.from(writePortabilityBodyV2(snapshot, [number])).toString('utf8')).toBe(alone);
          v2Shape(JSON.parse(alone));
        }
      }),
      { numRuns: 200, seed: 20_260_401 },
    );
  });

  it('on requests long enough for the radix-sorted path, through an encoded snapshot', () => {
    const large = datasetArb.chain((d) => fc.tuple(fc.constant(d), requestFor(d, 2048, 2600)));
    fc.assert(
      fc.property(large, ([d, numbers]) => {
        const chunks = encodeSnapshot(buildSnapshot(d), 'property', crc32);
        const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          bytes.set(c, at);
          at += c.length;
        }
        const { snapshot } = decodeSnapshot(bytes, crc32);
        const got = checkPortability(snapshot, numbers);
        expect(exactPart(got)).toEqual(exactPart(referenceCheck(d, numbers)));
        expect(checkPortabilityBody(snapshot, numbers)).toBe(JSON.stringify({ data: got }));
        const v2 = checkPortabilityV2(snapshot, numbers);
        expect(exactPartV2(v2)).toEqual(exactPartV2(referenceCheckV2(d, numbers)));
        expect(checkPortabilityBodyV2(snapshot, numbers)).toBe(JSON.stringify({ data: v2 }));
      }),
      { numRuns: 15, seed: 20_261_127 },
    );
  });

  it('the generators reach every reason and every number type', () => {
    // Guards the property above against generators that drifted into testing nothing.
    const reasons = new Set<string>();
    const types = new Set<string>();
    // v2: requests whose portable numbers are all, some, and none hypernetwork-enabled.
    const hypernetwork = new Set<string>();
    fc.assert(
      fc.property(caseArb, ([d, numbers]) => {
        const r = referenceCheck(d, numbers);
        for (const x of r.nonportable.details) reasons.add(x.reason);
        for (const g of r.portable.groups) types.add(g.number_type_associated);
        const v2 = referenceCheckV2(d, numbers);
        const enabled = v2.hypernetwork_enabled.length;
        if (v2.portable.length > 0) {
          hypernetwork.add(enabled === 0 ? 'none' : enabled === v2.portable.length ? 'all' : 'some');
        }
      }),
      { numRuns: 200, seed: 20_260_401 },
    );
    expect([...hypernetwork].sort()).toEqual(['all', 'none', 'some']);
    expect([...reasons].sort()).toEqual([
      'invalid_number',
      'no_coverage',
      'not_in_service',
      'not_lnp_capable',
      'on_network',
      'special_use',
      'unassigned',
    ]);
    expect([...types].sort()).toEqual(['long-code', 'tollfree', 'wireless']);
  });
});
