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
  const values = new Float64Array(rows.length);
  const opens = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    values[i] = storedValue(rows[i][0]);
    opens[i] = rows[i][1];
  }
  return runsIn(values, opens);
}

/**
 * runsOf(numberRows(order)) without a row per number: what a write stores for each order. `values`:
 * numberValues(order.numbers), which the write has worked out for the body already.
 */
export function runsOfOrder(order: Pick<Order, 'status' | 'numbers'>, values: Float64Array): Run[] {
  const terminal = isTerminal(order.status);
  const numbers = order.numbers;
  const opens = new Uint8Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) {
    if (values[i] < 0) refuse(numbers[i].number);
    opens[i] = holdsPlace(terminal, numbers[i]) ? 1 : 0;
  }
  return runsIn(values, opens);
}

/**
 * The runs of numbers `values` (open or not by `opens`): the open ones first, each side sorted, cut
 * where a number is missing or a run reaches RUN_MAX. One pass when every number is on one side and
 * in ascending order already, as a business's numbers mostly are.
 */
function runsIn(values: Float64Array, opens: Uint8Array): Run[] {
  const runs: Run[] = [];
  let openCount = 0;
  for (let i = 0; i < opens.length; i++) openCount += opens[i];
  for (const open of [1, 0] as const) {
    const count = open === 1 ? openCount : values.length - openCount;
    if (count === 0) continue;
    let side = values;
    if (count !== values.length) {
      side = new Float64Array(count);
      let at = 0;
      for (let i = 0; i < values.length; i++) if (opens[i] === open) side[at++] = values[i];
    }
    let sorted = true;
    for (let i = 1; i < side.length && sorted; i++) sorted = side[i - 1] < side[i];
    if (!sorted) side = side === values ? Float64Array.from(side).sort() : side.sort();
    pushRuns(side, open, runs);
  }
  return runs;
}

/** The runs of the ascending numbers `sorted`, all open or all not, onto `runs`. */
function pushRuns(sorted: Float64Array, open: 0 | 1, runs: Run[]): void {
  let first = sorted[0];
  let last = first;
  for (let i = 1; i < sorted.length; i++) {
    const x = sorted[i];
    if (x === last) throw new Error(`number ${x} is twice in one order`);
    if (x === last + 1 && x - first < RUN_MAX) {
      last = x;
      continue;
    }
    runs.push([first, last, open]);
    first = x;
    last = x;
  }
  runs.push([first, last, open]);
}

/** canonicalValue, refusing anything else: a bug upstream, never stored. */
function storedValue(number: string): number {
  const value = canonicalValue(number);
  if (value < 0) refuse(number);
  return value;
}

function refuse(number: string): never {
  throw new Error(`not a canonical number: ${JSON.stringify(number)}`);
}

/** What to delete and what to insert to bring an order's runs from `before` to `after`. */
export function runChanges(before: readonly Run[], after: readonly Run[]): { removed: Run[]; added: Run[] } {
  // A new order (every order of a create): nothing to compare, and no key made per run.
  if (before.length === 0) return { removed: [], added: [...after] };
  const key = ([first, last, open]: Run) => `${first}:${last}:${open}`;
  const was = new Map(before.map((r) => [key(r), r]));
  const added: Run[] = [];
  for (const run of after) {
    if (!was.delete(key(run))) added.push(run);
  }
  return { removed: [...was.values()], added };
}
