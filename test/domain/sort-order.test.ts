import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortNumbers } from '../../src/domain/sort-order.js';

/** The obvious version: every valid position, stable by value. */
function plainOrder(tns: Float64Array): number[] {
  const positions: number[] = [];
  tns.forEach((tn, i) => {
    if (tn >= 0) positions.push(i);
  });
  return positions.sort((a, b) => tns[a] - tns[b] || a - b);
}

// Ten-digit numbers (below 2^34), with repeats and unparseable (-1) slots.
const tnArrays = (minLength: number, maxLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }),
        fc.constantFrom(-1, 2_064_205_780, 8_444_205_780, 9_999_999_999),
      ),
      { minLength, maxLength },
    )
    .map((xs) => Float64Array.from(xs));

/** Checks both halves of the answer: the positions, and the numbers read through them. */
function expectSorted(tns: Float64Array): void {
  const { order, sorted } = sortNumbers(tns);
  const expected = plainOrder(tns);
  expect(Array.from(order)).toEqual(expected);
  expect(Array.from(sorted)).toEqual(expected.map((i) => tns[i]));
}

describe('sortNumbers', () => {
  it('orders small requests by value, then position (comparison sort)', () => {
    fc.assert(
      fc.property(tnArrays(0, 300), (tns) => {
        expectSorted(tns);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('orders large requests the same way (radix passes)', () => {
    fc.assert(
      fc.property(tnArrays(2048, 6000), (tns) => {
        expectSorted(tns);
      }),
      { seed: 11, numRuns: 20 },
    );
  });

  it('keeps every digit of the extremes (0 and 9,999,999,999) through the radix passes', () => {
    const tns = new Float64Array(4096);
    for (let i = 0; i < tns.length; i++)
      tns[i] = i % 3 === 0 ? 9_999_999_999 : i % 3 === 1 ? 0 : 4_194_303 * i;
    expectSorted(tns);
  });
});
