// An order's numbers as runs of consecutive numbers (order_runs, schema.ts): a business ports blocks
// of numbers, so 10,000 numbers are a few dozen rows instead of 10,000. Pure functions, no SQL.
import { isTerminal, type Order } from '../../../domain/orders/types.js';
import { canonicalValue, holdsPlace } from '../../orders-codec.js';

/** At most this many numbers in one run, so that the runs holding a number start at most RUN_MAX - 1
 * before it: a lookup by number reads one short index range. It may grow one day, never shrink (a
 * shorter bound would miss the longer runs already stored), and ORDER_RUNS_SCHEMA's copy of it stays. */
export const RUN_MAX = 100;

/** [first, last, open]: the numbers first..last (canonical, as integers), all open or all not. */
export type Run = [first: number, last: number, open: 0 | 1];

/**
 * The runs of an order's number rows ([number, open], numberRows in orders-codec.ts): the open ones and
 * the others apart, each sorted, cut where a number is missing or a run reaches RUN_MAX. Anything but
 * a canonical number is a bug upstream, refused rather than stored.
 */
export function runsOf(rows: readonly (readonly [string, 0 | 1])[]): Run[] {
  return runsBy(
    rows.length,
    (i) => rows[i][0],
    (i) => rows[i][1],
  );
}

/** runsOf(numberRows(order)) without a row per number: what a create writes for each order. */
export function runsOfOrder(order: Pick<Order, 'status' | 'numbers'>): Run[] {
  const terminal = isTerminal(order.status);
  const numbers = order.numbers;
  return runsBy(
    numbers.length,
    (i) => numbers[i].number,
    (i) => (holdsPlace(terminal, numbers[i]) ? 1 : 0),
  );
}

function runsBy(count: number, numberAt: (i: number) => string, openAt: (i: number) => 0 | 1): Run[] {
  const sides = [new Float64Array(count), new Float64Array(count)];
  const counts = [0, 0];
  // Whether each side came in ascending order already (a business's numbers mostly do).
  const sorted = [true, true];
  for (let i = 0; i < count; i++) {
    const open = openAt(i);
    const x = storedValue(numberAt(i));
    const at = counts[open]++;
    if (at > 0 && sides[open][at - 1] > x) sorted[open] = false;
    sides[open][at] = x;
  }
  const runs: Run[] = [];
  for (const open of [1, 0] as const) {
    const numbers = sides[open].subarray(0, counts[open]);
    if (!sorted[open]) numbers.sort();
    let first = Number.NaN;
    let last = Number.NaN;
    for (let i = 0; i < numbers.length; i++) {
      const x = numbers[i];
      if (x === last) throw new Error(`number ${x} is twice in one order`);
      if (x === last + 1 && x - first < RUN_MAX) {
        last = x;
        continue;
      }
      if (i > 0) runs.push([first, last, open]);
      first = x;
      last = x;
    }
    if (numbers.length > 0) runs.push([first, last, open]);
  }
  return runs;
}

/** canonicalValue, refusing anything else: a bug upstream, never stored. */
function storedValue(number: string): number {
  const value = canonicalValue(number);
  if (value < 0) throw new Error(`not a canonical number: ${JSON.stringify(number)}`);
  return value;
}

/** What to delete and what to insert to bring an order's runs from `before` to `after`. */
export function runChanges(before: readonly Run[], after: readonly Run[]): { removed: Run[]; added: Run[] } {
  const key = ([first, last, open]: Run) => `${first}:${last}:${open}`;
  const was = new Map(before.map((r) => [key(r), r]));
  const added: Run[] = [];
  for (const run of after) {
    if (!was.delete(key(run))) added.push(run);
  }
  return { removed: [...was.values()], added };
}
