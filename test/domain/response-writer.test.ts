// The written response body: the exact bytes JSON.stringify gives for the core's result,
// including the strings that need escaping (raw invalid inputs, carrier and provider names).
import { describe, expect, it } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import { checkPortabilityBody } from '../../src/domain/response-writer.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import type { PortabilityResult } from '../../src/domain/types.js';
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
