// The page's merging of chunked answers (web/assets/merge.js, a browser module without node imports).
import { describe, expect, it } from 'vitest';

const modulePath = '../../web/assets/merge.js';
const { ResultMerger, chunk } = await import(/* @vite-ignore */ modulePath);

const group = (current: string, lata: number | null, numbers: string[]) => ({
  current_service_provider_name: current,
  current_service_provider_id: current,
  gaining_service_provider_name: 'G',
  gaining_service_provider_id: 'G',
  number_type_associated: lata === null ? 'tollfree' : 'long-code',
  lata,
  numbers,
});

const answer = (groups: ReturnType<typeof group>[], nonportable: [string, string][]) => ({
  portable: { numbers: groups.flatMap((g) => g.numbers), groups },
  nonportable: {
    numbers: nonportable.map(([n]) => n),
    details: nonportable.map(([number, reason]) => ({ number, reason, detail: reason })),
  },
});

describe('ResultMerger', () => {
  it('merges groups with the same key across chunks, in order of first appearance', () => {
    const m = new ResultMerger();
    m.add(answer([group('A', 674, ['1'])], [['9', 'unassigned']]));
    m.add(answer([group('B', null, ['3']), group('A', 674, ['4'])], []));
    m.add(answer([group('A', 675, ['5']), group('B', null, ['6'])], [['7', 'on_network']]));
    const r = m.result();
    expect(
      r.portable.groups.map(
        (g: { current_service_provider_id: string; lata: number | null; numbers: string[] }) => [
          g.current_service_provider_id,
          g.lata,
          g.numbers,
        ],
      ),
    ).toEqual([
      ['A', 674, ['1', '4']],
      ['B', null, ['3', '6']],
      ['A', 675, ['5']],
    ]);
    expect(r.portable.numbers).toEqual(['1', '3', '4', '5', '6']);
    expect(r.nonportable.numbers).toEqual(['9', '7']);
    expect(r.nonportable.details.map((d: { reason: string }) => d.reason)).toEqual([
      'unassigned',
      'on_network',
    ]);
  });

  it('drops a number already reported by an earlier chunk', () => {
    const m = new ResultMerger();
    m.add(answer([group('A', 674, ['1', '2'])], [['9', 'unassigned']]));
    m.add(
      answer(
        [group('A', 674, ['2', '3']), group('C', 1, ['9'])],
        [
          ['9', 'unassigned'],
          ['8', 'no_coverage'],
        ],
      ),
    );
    const r = m.result();
    expect(r.portable.groups).toHaveLength(1);
    expect(r.portable.groups[0].numbers).toEqual(['1', '2', '3']);
    expect(r.portable.numbers).toEqual(['1', '2', '3']);
    expect(r.nonportable.numbers).toEqual(['9', '8']);
  });

  it('splits a list into chunks of at most the maximum', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
