import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NumberTableBuilder } from '../../src/domain/number-table.js';

// Exchanges whose lines are spread evenly, bunched at one end, or a few far apart:
// the look-up guesses from an even spread and must be right for all of them.
const lineSets = fc.oneof(
  fc.uniqueArray(fc.integer({ min: 0, max: 9999 }), { maxLength: 400 }),
  fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 60 }).map((xs) => [...xs, 9999]),
  fc.uniqueArray(fc.integer({ min: 9900, max: 9999 }), { maxLength: 100 }).map((xs) => [0, ...xs]),
  fc.uniqueArray(fc.integer({ min: 0, max: 9999 }), { maxLength: 3 }),
);

describe('NumberTable.get', () => {
  it('finds every stored line and no other, however the lines of an exchange are spread', () => {
    fc.assert(
      fc.property(fc.array(lineSets, { minLength: 1, maxLength: 4 }), (exchanges) => {
        const builder = new NumberTableBuilder();
        const stored = new Map<number, number>();
        exchanges.forEach((lines, e) => {
          const exchange = 206_420 + e * 7;
          for (const line of lines) {
            const value = (line * 31 + e) % 60_000;
            builder.add(exchange * 10_000 + line, value);
            stored.set(exchange * 10_000 + line, value);
          }
        });
        const table = builder.build();
        exchanges.forEach((_lines, e) => {
          const exchange = 206_420 + e * 7;
          for (let line = 0; line < 10_000; line += line < 100 || line > 9900 ? 1 : 37) {
            expect(table.get(exchange, line)).toBe(stored.get(exchange * 10_000 + line) ?? -1);
          }
        });
        for (const [tn, value] of stored) expect(table.get(Math.floor(tn / 10_000), tn % 10_000)).toBe(value);
        expect(table.get(206_421, 5)).toBe(-1); // an exchange with nothing stored
      }),
      { seed: 5, numRuns: 150 },
    );
  });
});
