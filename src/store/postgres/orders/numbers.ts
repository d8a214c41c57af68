// The order_numbers rows of a change, in a constant number of statements whatever the count of
// numbers: an order of 10,000 numbers one round trip per number was most of the time its create took.
import { numberRowChanges } from '../../orders-codec.js';
import { NumberInOpenOrder } from '../../orders-store.js';
import { type Queryable, rows } from './sql.js';

/** [number, open]: see numberRows (orders-codec.ts). */
export type NumberRows = readonly (readonly [number: string, open: 0 | 1])[];

/** One order's rows: as stored before the change ([] for a new order), and as they must be after. */
export interface NumberChange {
  orderId: string;
  before: NumberRows;
  after: NumberRows;
}

/** A row to insert: its number, and its order as a 1-based index into the change's ids (SQL arrays). */
type Row = [number: string, owner: number];

// The rows come as parallel arrays (numbers, owners) and take their order id from $1 by index, so that
// the order id is not sent once per number. WITH ORDINALITY … ORDER BY keeps the arrays' order, which
// is the order in which the open rows take (and wait for) their place in the unique index.
const FROM_ROWS = `FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS r(number, owner, i) ORDER BY r.i`;
const INSERT_CLOSED = `INSERT INTO order_numbers (order_id, number, open)
  SELECT ($1::text[])[r.owner], r.number, false ${FROM_ROWS}`;
// Only the count comes back (10,000 rows returned cost a tenth of the create): which rows were
// skipped is asked afterwards, when there are any.
const INSERT_OPEN = `WITH inserted AS (
  INSERT INTO order_numbers (order_id, number, open)
  SELECT ($1::text[])[r.owner], r.number, true ${FROM_ROWS}
  ON CONFLICT (number) WHERE open DO NOTHING RETURNING 1
) SELECT count(*)::int FROM inserted`;

/** How many times the open rows go in before a change whose numbers keep changing hands gives up. */
const ATTEMPTS = 5;

/**
 * Brings each order's number rows from `before` to `after`, touching only the rows that change: the
 * rows of numbers gone, or closed and now open again (re-inserted through the unique index), are
 * deleted, the newly closed ones flipped in place, the new ones inserted. Every open row goes in through one
 * INSERT … ON CONFLICT DO NOTHING, sorted by number (then by the changes' order), so that two writers
 * of crossing numbers wait for each other in the same order rather than deadlock. An open number
 * another open order holds, committed or (after waiting for it) committing now, is skipped there and
 * refused here as NumberInOpenOrder naming that order: the first skipped in the order the numbers
 * were written before (order by order, each sorted), so the same number is named as then.
 */
export async function writeNumbers(client: Queryable, changes: readonly NumberChange[]): Promise<void> {
  const ids = changes.map((c) => c.orderId);
  const open: Row[] = [];
  const closed: Row[] = [];
  for (const [i, { orderId, before, after }] of changes.entries()) {
    // The domain lists a number once (what was written before said so of an open one, too).
    const listed = new Set<string>();
    for (const [number] of after) {
      if (listed.has(number)) throw new NumberInOpenOrder(number, orderId);
      listed.add(number);
    }
    const { removed, added, flipped } = numberRowChanges(before, after);
    const gone = removed.map(([number]) => number);
    const closing: string[] = [];
    for (const [number, isOpen] of flipped) {
      if (isOpen === 0) closing.push(number);
      else {
        gone.push(number); // its closed row goes; it comes back through the unique index
        open.push([number, i + 1]);
      }
    }
    for (const [number, isOpen] of added) (isOpen === 1 ? open : closed).push([number, i + 1]);
    // The order's own rows, which no other writer touches while this one holds the order's row.
    if (gone.length > 0) {
      await client.query('DELETE FROM order_numbers WHERE order_id = $1 AND number = ANY($2::text[])', [
        orderId,
        gone,
      ]);
    }
    if (closing.length > 0) {
      await client.query(
        'UPDATE order_numbers SET open = false WHERE order_id = $1 AND number = ANY($2::text[])',
        [orderId, closing],
      );
    }
  }
  if (closed.length > 0) await client.query(INSERT_CLOSED, [ids, ...columns(closed)]);
  if (open.length > 0) await insertOpen(client, ids, open.sort(byNumberThenOwner));
}

async function insertOpen(client: Queryable, ids: readonly string[], sorted: readonly Row[]): Promise<void> {
  // Undone when a number must be tried again (below), so that the retry keeps the sorted order: a retry
  // of number k after rows above k were taken could wait for a writer that waits for those rows.
  await client.query('SAVEPOINT order_numbers_open');
  const [numbers, owners] = columns(sorted);
  let missing: Row[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await client.query('ROLLBACK TO SAVEPOINT order_numbers_open');
    const [[count]] = await rows<[number]>(client, INSERT_OPEN, [ids, numbers, owners]);
    if (count === sorted.length) return;
    // In a statement of its own, whose snapshot sees the holders committed while the insert waited.
    const holders = new Map(
      await rows<[string, string]>(
        client,
        'SELECT number, order_id FROM order_numbers WHERE open AND number = ANY($1::text[])',
        [[...new Set(numbers)]],
      ),
    );
    // Skipped: a row whose number another order holds (maybe one of this change's), or nobody any more.
    missing = sorted.filter(([number, owner]) => holders.get(number) !== ids[owner - 1]);
    for (const [number] of missing.sort(byOwnerThenNumber)) {
      const holder = holders.get(number);
      if (holder !== undefined) throw new NumberInOpenOrder(number, holder);
    }
    // Every skipped number was released by its holder between the two statements: all go in again.
  }
  const [number, owner] = missing[0];
  throw new Error(
    `number ${number} kept changing hands while port order ${ids[owner - 1]} was written: try again`,
  );
}

const columns = (r: readonly Row[]): [string[], number[]] => [r.map(([n]) => n), r.map(([, o]) => o)];

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const byNumberThenOwner = ([n1, o1]: Row, [n2, o2]: Row) => compare(n1, n2) || compare(o1, o2);
const byOwnerThenNumber = ([n1, o1]: Row, [n2, o2]: Row) => compare(o1, o2) || compare(n1, n2);
