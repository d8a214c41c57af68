// An order's numbers as runs (store/sqlite/orders/runs.ts): cut where a number is missing, where the
// side (open or not) changes, and every RUN_MAX numbers; and the runs an update writes.
import { describe, expect, it } from 'vitest';
import type { OrderNumber, OrderStatus } from '../../src/domain/orders/types.js';
import { numberRows, numberValues } from '../../src/store/orders-codec.js';
import { RUN_MAX, type Run, runChanges, runsOf, runsOfOrder } from '../../src/store/sqlite/orders/runs.js';

const N = 12_064_200_000;
const n = (i: number) => String(N + i);
const open = (...is: number[]) => is.map((i) => [n(i), 1] as [string, 0 | 1]);
const closed = (...is: number[]) => is.map((i) => [n(i), 0] as [string, 0 | 1]);
const run = (first: number, last: number, side: 0 | 1): Run => [N + first, N + last, side];
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('runsOf', () => {
  const cases: [string, [string, 0 | 1][], Run[]][] = [
    ['no numbers', [], []],
    ['one number', open(5), [run(5, 5, 1)]],
    ['consecutive numbers in any order', open(3, 1, 2), [run(1, 3, 1)]],
    ['a gap cuts', open(1, 2, 4, 5), [run(1, 2, 1), run(4, 5, 1)]],
    [
      'open first, then the others, each sorted',
      [...closed(9, 8), ...open(2, 1)],
      [run(1, 2, 1), run(8, 9, 0)],
    ],
    [
      'a side change cuts a block',
      [...open(1, 2), ...closed(3), ...open(4)],
      [run(1, 2, 1), run(4, 4, 1), run(3, 3, 0)],
    ],
    ['RUN_MAX numbers are one run', open(...range(0, RUN_MAX - 1)), [run(0, RUN_MAX - 1, 1)]],
    [
      'one more starts another',
      open(...range(0, RUN_MAX)),
      [run(0, RUN_MAX - 1, 1), run(RUN_MAX, RUN_MAX, 1)],
    ],
    [
      '2.5 × RUN_MAX',
      closed(...range(10, 10 + (5 * RUN_MAX) / 2 - 1)),
      [
        run(10, 10 + RUN_MAX - 1, 0),
        run(10 + RUN_MAX, 10 + 2 * RUN_MAX - 1, 0),
        run(10 + 2 * RUN_MAX, 10 + (5 * RUN_MAX) / 2 - 1, 0),
      ],
    ],
    [
      'numbers far apart',
      [
        ['12065550100', 1],
        ['18005550100', 1],
      ],
      [
        [12065550100, 12065550100, 1],
        [18005550100, 18005550100, 1],
      ],
    ],
  ];
  it.each(cases)('%s', (_, rows, runs) => {
    expect(runsOf(rows)).toEqual(runs);
  });

  it.each([['+12065550100'], ['2065550100'], ['02065550100'], ['1206555010x'], ['']])(
    'refuses %j: only canonical numbers are stored',
    (bad) => {
      expect(() => runsOf([[bad, 1]])).toThrow(/not a canonical number/);
    },
  );

  it('refuses a number twice in one order (a bug upstream)', () => {
    expect(() => runsOf(open(1, 2, 2))).toThrow(/twice/);
  });

  it('covers every number once, and no run is longer than RUN_MAX', () => {
    const rows: [string, 0 | 1][] = [];
    let seed = 7;
    for (let i = 0; i < 5000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      if (seed % 3 !== 0) rows.push([n(i), (seed >> 4) % 5 === 0 ? 0 : 1]);
    }
    const runs = runsOf(rows);
    const covered = runs.flatMap(([first, last, side]) =>
      range(0, last - first).map((k) => `${first + k}:${side}`),
    );
    expect(covered.sort()).toEqual(rows.map(([x, side]) => `${x}:${side}`).sort());
    for (const [first, last] of runs) expect(last - first).toBeLessThan(RUN_MAX);
  });
});

describe('runChanges', () => {
  it('writes nothing when the runs stay', () => {
    const runs = runsOf(open(1, 2, 3, 7));
    expect(runChanges(runs, runsOf(open(7, 3, 2, 1)))).toEqual({ removed: [], added: [] });
  });

  it('replaces the runs a change touches and keeps the others', () => {
    const before = runsOf([...open(1, 2, 3), ...open(10, 11)]);
    // 2 ported (no longer open), 12 added.
    const after = runsOf([...open(1, 3), ...closed(2), ...open(10, 11, 12)]);
    expect(runChanges(before, after)).toEqual({
      removed: [run(1, 3, 1), run(10, 11, 1)],
      added: [run(1, 1, 1), run(3, 3, 1), run(10, 12, 1), run(2, 2, 0)],
    });
  });

  it('adds every run of a new order, and removes every run of an order that loses all its numbers', () => {
    const runs = runsOf([...open(1, 2, 3), ...closed(9)]);
    expect(runChanges([], runs)).toEqual({ removed: [], added: runs });
    expect(runChanges(runs, [])).toEqual({ removed: runs, added: [] });
  });

  it('closes every run when the order ends', () => {
    const before = runsOf(open(1, 2, 5));
    expect(runChanges(before, runsOf(closed(1, 2, 5)))).toEqual({
      removed: [run(1, 2, 1), run(5, 5, 1)],
      added: [run(1, 2, 0), run(5, 5, 0)],
    });
  });
});

describe('runsOfOrder', () => {
  const order = (status: OrderStatus, statuses: OrderNumber['status'][]) => ({
    status,
    numbers: statuses.map((s, i) => ({ number: n(i), status: s, focDate: null, rejection: null })),
  });
  const statuses: OrderNumber['status'][] = [
    'active',
    'ported',
    'active',
    'cancelled',
    'rejected',
    'foc_confirmed',
  ];
  it.each([['draft'], ['foc_confirmed'], ['completed'], ['cancelled']] as [OrderStatus][])(
    'is runsOf(numberRows(order)) for an order %s',
    (status) => {
      const o = order(status, statuses);
      expect(runsOfOrder(o, numberValues(o.numbers))).toEqual(runsOf(numberRows(o)));
    },
  );

  it('keeps only the numbers that hold their place open', () => {
    const o = order('draft', statuses);
    expect(runsOfOrder(o, numberValues(o.numbers))).toEqual([
      run(0, 0, 1),
      run(2, 2, 1),
      run(4, 5, 1),
      run(1, 1, 0),
      run(3, 3, 0),
    ]);
  });

  it('refuses a number that is not canonical, as runsOf does', () => {
    const o = order('draft', ['active', 'active']);
    o.numbers[1].number = '2065550100';
    expect(() => runsOfOrder(o, numberValues(o.numbers))).toThrow(/not a canonical number/);
    expect(() => runsOf(numberRows(o))).toThrow(/not a canonical number/);
  });
});
