// The written response body: the exact bytes JSON.stringify gives for the core's result,
// including the strings that need escaping (raw invalid inputs, carrier and provider names).
import { describe, expect, it } from 'vitest';
import { checkPortability, checkPortabilityV2 } from '../../src/domain/check.js';
import { checkPortabilityBody } from '../../src/domain/response-writer.js';
import { checkPortabilityBodyV2, writePortabilityBodyV2 } from '../../src/domain/response-writer-v2.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import type { PortabilityResult, PortabilityResultV2 } from '../../src/domain/types.js';
import {
  block,
  buildSnapshot,
  carrier,
  dataset,
  ported,
  provider,
  seedDataset,
  seedRequest,
  seedResponseData,
  tollfree,
} from '../support/dataset.js';

function bodyOf(snapshot: Snapshot, numbers: string[]): { data: PortabilityResult } {
  const body = checkPortabilityBody(snapshot, numbers);
  expect(body).toBe(JSON.stringify({ data: checkPortability(snapshot, numbers) }));
  return JSON.parse(body) as { data: PortabilityResult };
}

const NASTY_NAME = 'Bell "Québec" \\ Téléphone ☎ \u0007 \ud83d\ude00';
const NASTY_PROVIDER = 'Flow"route\\\n Ω';

const world = buildSnapshot(
  dataset({
    carriers: [carrier('8824', NASTY_NAME), carrier('683G', 'Flow"route'), carrier('TF"1', 'Tollfree "Co"')],
    blocks: [block(206, 420, 'A', '8824', { lata: 674 })],
    ported: [ported(2064205000, 'TF"1', 'wireless')],
    tollfree: [tollfree(8444205780, 'TF"1')],
    coverage: {
      providers: [provider('683G', NASTY_PROVIDER, ['long-code', 'wireless', 'tollfree'], { latas: '*' })],
    },
  }),
);

describe('checkPortabilityBody', () => {
  it('escapes raw invalid inputs: quotes, backslashes, control characters, non-ASCII, lone surrogates', () => {
    const raws = [
      '"2064205780"',
      'C:\\206\\420',
      'tab\there\u0000\u001f',
      'Montréal ☎ 206',
      '\ud800x',
      '',
      '📞 206 😀',
    ];
    const { data } = bodyOf(world, raws);
    expect(data.nonportable.numbers).toEqual(raws);
    expect(data.nonportable.details.map((d) => d.reason)).toEqual(raws.map(() => 'invalid_number'));
    expect(data.nonportable.details[0].detail).toContain(raws[0]);
    const body = checkPortabilityBody(world, raws);
    expect(body).toContain('"numbers":["\\"2064205780\\"","C:\\\\206\\\\420","tab\\there\\u0000\\u001f"');
    expect(body).toContain('"Montréal ☎ 206","\\ud800x","","📞 206 😀"]');
  });

  it('escapes carrier and provider names with quotes and unicode in group headers', () => {
    const { data } = bodyOf(world, ['12064205780', '2064205000', '+18444205780', '2064205781']);
    expect(data.portable.groups.map((g) => g.current_service_provider_name)).toEqual([
      NASTY_NAME,
      'Tollfree "Co"',
      'Tollfree "Co"',
    ]);
    expect(data.portable.groups[0]).toEqual({
      current_service_provider_name: NASTY_NAME,
      current_service_provider_id: '8824',
      gaining_service_provider_name: NASTY_PROVIDER,
      gaining_service_provider_id: '683G',
      number_type_associated: 'long-code',
      lata: 674,
      numbers: ['12064205780', '12064205781'],
    });
    expect(data.portable.groups[2].lata).toBeNull();
  });

  it('writes empty lists as [] and repeats each number once', () => {
    expect(checkPortabilityBody(world, ['abc', 'abc'])).toBe(
      JSON.stringify({ data: checkPortability(world, ['abc', 'abc']) }),
    );
    const { data } = bodyOf(world, ['2064205780', '12064205780', '+12064205780']);
    expect(data.portable.numbers).toEqual(['12064205780']);
    expect(data.nonportable).toEqual({ numbers: [], details: [] });
  });

  it('gives the seed example its expected response, detail text aside', () => {
    const { data } = bodyOf(buildSnapshot(seedDataset()), seedRequest());
    const expected = seedResponseData();
    expect(data.portable).toEqual(expected.portable);
    expect(data.nonportable.numbers).toEqual(expected.nonportable.numbers);
  });
});

/** The v2 body, held to JSON.stringify of the core's v2 result, as text and as bytes. */
function bodyOfV2(snapshot: Snapshot, numbers: string[]): { data: PortabilityResultV2 } {
  const body = checkPortabilityBodyV2(snapshot, numbers);
  expect(body).toBe(JSON.stringify({ data: checkPortabilityV2(snapshot, numbers) }));
  expect(Buffer.from(writePortabilityBodyV2(snapshot, numbers)).toString('utf8')).toBe(body);
  return JSON.parse(body) as { data: PortabilityResultV2 };
}

// Flowroute 683G gains local numbers and is on the hypernetwork; FWR01 gains toll-free ones and is not.
const v2World = buildSnapshot(
  dataset({
    carriers: [carrier('8824', 'Level3'), carrier('LGT01', 'Centurylink')],
    blocks: [block(206, 420, 'A', '8824', { lata: 674 })],
    tollfree: [tollfree(8444205780, 'LGT01')],
    coverage: {
      providers: [
        provider('683G', 'Flowroute', ['long-code', 'wireless'], { latas: '*', hypernetwork: true }),
        provider('FWR01', 'Flowroute', ['tollfree']),
      ],
    },
  }),
);

describe('the v2 shape', () => {
  it('echoes every number as sent, in every list, and lists the hypernetwork ones in request order', () => {
    const numbers = [
      '+18444205780',
      '+12064205780',
      '2064205781',
      '+15552348976',
      '12064205782',
      'abc',
      '"206" 420',
      '18444205780',
    ];
    const { data } = bodyOfV2(v2World, numbers);
    expect(Object.keys(data)).toEqual([
      'portable',
      'nonportable',
      'hypernetwork_enabled',
      'groups',
      'details',
    ]);
    expect(data.portable).toEqual(['+18444205780', '+12064205780', '2064205781', '12064205782']);
    expect(data.nonportable).toEqual(['+15552348976', 'abc', '"206" 420']);
    expect(data.hypernetwork_enabled).toEqual(['+12064205780', '2064205781', '12064205782']);
    expect(data.groups.map((g) => [g.gaining_service_provider_id, g.numbers])).toEqual([
      ['FWR01', ['+18444205780']],
      ['683G', ['+12064205780', '2064205781', '12064205782']],
    ]);
    expect(data.details.map(({ number, reason }) => [number, reason])).toEqual([
      ['+15552348976', 'unassigned'],
      ['abc', 'invalid_number'],
      ['"206" 420', 'invalid_number'],
    ]);
  });

  it('reports a number sent in several forms once, as its first occurrence was spelt', () => {
    for (const forms of [
      ['+12064205780', '2064205780', '12064205780'],
      ['2064205780', '12064205780', '+12064205780', '+2064205780'],
      ['12064205780', '+12064205780'],
    ]) {
      const { data } = bodyOfV2(v2World, forms);
      expect(data.portable).toEqual([forms[0]]);
      expect(data.hypernetwork_enabled).toEqual([forms[0]]);
      expect(data.groups[0].numbers).toEqual([forms[0]]);
    }
    const { data } = bodyOfV2(v2World, ['5552348976', '+15552348976', 'x', 'x']);
    expect(data.nonportable).toEqual(['5552348976', 'x']);
    expect(data.details.map((d) => d.number)).toEqual(['5552348976', 'x']);
  });

  it('answers one number alone in the same shape, with empty lists as []', () => {
    expect(bodyOfV2(v2World, ['+12064205780']).data).toEqual({
      portable: ['+12064205780'],
      nonportable: [],
      hypernetwork_enabled: ['+12064205780'],
      groups: [
        {
          current_service_provider_name: 'Level3',
          current_service_provider_id: '8824',
          gaining_service_provider_name: 'Flowroute',
          gaining_service_provider_id: '683G',
          number_type_associated: 'long-code',
          lata: 674,
          numbers: ['+12064205780'],
        },
      ],
      details: [],
    });
    expect(bodyOfV2(v2World, ['+18444205780']).data.hypernetwork_enabled).toEqual([]);
    const rejected = bodyOfV2(v2World, ['tab\there']).data;
    expect(rejected).toMatchObject({
      portable: [],
      nonportable: ['tab\there'],
      hypernetwork_enabled: [],
      groups: [],
    });
  });

  it('without any hypernetwork provider, lists none', () => {
    const { data } = bodyOfV2(world, ['+12064205780', '2064205000', '+18444205780']);
    expect(data.portable).toHaveLength(3);
    expect(data.hypernetwork_enabled).toEqual([]);
  });
});
