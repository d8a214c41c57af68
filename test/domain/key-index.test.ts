import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/domain/key-index.js';

describe('KeyIndex', () => {
  it('numbers distinct (high, low) pairs 0, 1, 2, … in first-seen order, like a Map, through growth', () => {
    const int31 = fc.integer({ min: 0, max: 2 ** 31 - 1 });
    const pair = fc.oneof(
      fc.tuple(int31, int31),
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
    );
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 2000 }), (pairs) => {
        const index = new KeyIndex();
        const map = new Map<string, number>();
        for (const [high, low] of pairs) {
          const key = `${high},${low}`;
          const known = map.get(key);
          expect(index.get(high, low)).toBe(known ?? -1);
          const got = index.intern(high, low);
          expect(index.added).toBe(known === undefined);
          if (known === undefined) map.set(key, map.size);
          expect(got).toBe(map.get(key));
        }
        expect(index.size).toBe(map.size);
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('tells apart pairs that differ only in which half holds a value', () => {
    const index = new KeyIndex();
    expect(index.intern(1, 0)).toBe(0);
    expect(index.intern(0, 1)).toBe(1);
    expect(index.get(1, 0)).toBe(0);
    expect(index.get(0, 1)).toBe(1);
  });
});
