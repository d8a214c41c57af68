// Orders' writes and single reads: every change in one IMMEDIATE transaction, so that the version
// check, the open-number rule and the customer-reference rule see every other writer's commits, in
// this process or another (SQLite serialises writers).
import type { Order, OrderEventDraft } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import {
  fromBody,
  numberRowsOfBody,
  ORDER_COLUMNS,
  sealOnce,
  toRow,
  type WrittenOrder,
  WrittenOrders,
} from '../../orders-codec.js';
import {
  DuplicateCustomerReference,
  NumberInOpenOrder,
  type OrderWrite,
  type StoredEvent,
  VersionMismatch,
} from '../../orders-store.js';
import type { Db } from '../connection.js';
import type { DocumentTable } from './documents.js';
import type { EventLog } from './events.js';
import { RUN_MAX, type Run, runChanges, runsOf, runsOfOrder } from './runs.js';

export class OrderTable {
  private readonly insertOrder;
  private readonly updateOrder;
  private readonly selectBody;
  private readonly selectCurrent;
  private readonly referenceHolder;
  private readonly openHolder;
  private readonly insertRuns;
  private readonly deleteRuns;

  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
    private readonly events: EventLog,
    private readonly documents: DocumentTable,
  ) {
    this.insertOrder = db.prepare(
      `INSERT INTO orders (${ORDER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateOrder = db.prepare(
      `UPDATE orders SET account = ?, group_id = ?, status = ?, customer_reference = ?, losing_carrier_id = ?,
         created_at = ?, updated_at = ?, version = ?, foc_watch = ?, body = ? WHERE order_key = ?`,
    );
    this.selectBody = db.prepare('SELECT body FROM orders WHERE id = ?').pluck();
    this.selectCurrent = db.prepare('SELECT order_key, version, body FROM orders WHERE id = ?').raw();
    // Orders created together (one group) share the request's reference; any other order may not.
    this.referenceHolder = db
      .prepare(
        'SELECT id FROM orders WHERE account = ? AND customer_reference = ? AND group_id <> ? AND id <> ? LIMIT 1',
      )
      .pluck();
    // Runs travel as one JSON array of [order_key, first, last, open] (runs.ts), read by json_each.
    // The first number of the `?` runs (all open) that a stored open run holds, with its order: open
    // runs never overlap and none is longer than RUN_MAX, so each probe is one short range of
    // order_runs_by_number, which answers it alone (first, last and open are all in it).
    this.openHolder = db
      .prepare(
        `SELECT max(j.value ->> 1, r.first), o.id FROM json_each(?) j
         JOIN order_runs r ON r.open = 1 AND r.first BETWEEN (j.value ->> 1) - ${RUN_MAX - 1} AND (j.value ->> 2)
           AND r.last >= (j.value ->> 1)
         JOIN orders o ON o.order_key = r.order_key
         ORDER BY 1 LIMIT 1`,
      )
      .raw();
    this.insertRuns = db.prepare(
      `INSERT INTO order_runs (order_key, first, last, open)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
    );
    this.deleteRuns = db.prepare(
      'DELETE FROM order_runs WHERE (order_key, first) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))',
    );
  }

  get(id: string): Order | null {
    const body = this.selectBody.get(id) as string | undefined;
    return body === undefined ? null : fromBody(body, this.cipher);
  }

  create(orders: readonly Order[], events: readonly OrderEventDraft[]): StoredEvent[] {
    return this.db
      .transaction(() => {
        const seal = sealOnce(this.cipher);
        const written = new WrittenOrders(orders);
        const changes = [...written.all()].map((w): RunChange => {
          this.checkReference(w.order);
          return {
            order: w.order,
            key: this.insert(w, seal),
            before: [],
            after: runsOfOrder(w.order, w.values),
          };
        });
        this.putRuns(changes);
        return this.events.append(events, written, new Set(orders.map((o) => o.id)));
      })
      .immediate();
  }

  update(write: OrderWrite): StoredEvent[] {
    const { order, created, document } = write;
    return this.db
      .transaction(() => {
        const current = this.selectCurrent.get(order.id) as
          | [key: number, version: number, body: string]
          | undefined;
        if (current?.[1] !== write.expectedVersion) throw new VersionMismatch(order.id, current?.[1] ?? null);
        const [key, , body] = current;
        this.checkReference(order);
        const written = new WrittenOrders(created ? [order, created] : [order]);
        const { values } = written.of(order.id);
        const [, ...columns] = toRow(order, this.cipher, undefined, values);
        this.updateOrder.run(...columns, key);
        const changes: RunChange[] = [
          { order, key, before: runsOf(numberRowsOfBody(body)), after: runsOfOrder(order, values) },
        ];
        if (created) {
          this.checkReference(created);
          const w = written.of(created.id);
          changes.push({
            order: created,
            key: this.insert(w),
            before: [],
            after: runsOfOrder(created, w.values),
          });
        }
        this.putRuns(changes);
        if (document) {
          const meta = order.documents.find((d) => d.id === document.id);
          if (!meta) throw new Error(`document ${document.id} is not listed in order ${order.id}`);
          this.documents.add(order.id, document.id, meta.contentType, meta.filename, document.bytes);
        }
        const fresh = new Set(created ? [created.id] : []);
        return this.events.append(write.events, written, fresh);
      })
      .immediate();
  }

  /** Inserts the order's row; returns its integer key (what order_runs refers to). */
  private insert({ order, values }: WrittenOrder, seal?: (plain: string) => string): number {
    return Number(this.insertOrder.run(...toRow(order, this.cipher, seal, values)).lastInsertRowid);
  }

  private checkReference(order: Order): void {
    const ref = order.customerReference;
    if (ref === null) return;
    if (this.referenceHolder.get(order.account, ref, order.groupId, order.id) !== undefined) {
      throw new DuplicateCustomerReference(ref);
    }
  }

  /**
   * Brings each order's runs of numbers (runs.ts) from those of `before` to those of `after`, writing
   * only the runs that change (a status change that moves no number writes none), in three statements
   * whatever the number of orders. An open run goes in only if no other open run overlaps it, stored
   * or written here: this transaction is the only writer, and an index cannot say "no overlap".
   */
  private putRuns(changes: readonly RunChange[]): void {
    const removed: KeyedRun[] = [];
    const added: KeyedRun[] = [];
    const opened: { run: KeyedRun; order: Order }[] = [];
    for (const { order, key, before, after } of changes) {
      const runs = runChanges(before, after);
      for (const [first, last, open] of runs.removed) removed.push([key, first, last, open]);
      for (const [first, last, open] of runs.added) {
        const run: KeyedRun = [key, first, last, open];
        added.push(run);
        if (open === 1) opened.push({ run, order });
      }
    }
    if (removed.length > 0) this.deleteRuns.run(JSON.stringify(removed));
    if (added.length === 0) return;
    if (opened.length > 0) {
      const held = this.openHolder.get(JSON.stringify(opened.map((o) => o.run))) as
        | [number: number, orderId: string]
        | undefined;
      if (held !== undefined) throw new NumberInOpenOrder(String(held[0]), held[1]);
      refuseOverlaps(opened);
    }
    this.insertRuns.run(JSON.stringify(added));
  }
}

/** [order_key, first, last, open]: a run (runs.ts) of one order. */
type KeyedRun = [key: number, first: number, last: number, open: 0 | 1];

/** An order's runs before and after a change (none before, for a new order). */
interface RunChange {
  order: Order;
  key: number;
  before: Run[];
  after: Run[];
}

/**
 * Refuses two open runs of one change that overlap (one number in two of the orders it writes), naming
 * the order that comes first in the change as the holder, as if the orders were written one by one.
 */
function refuseOverlaps(opened: { run: KeyedRun; order: Order }[]): void {
  if (opened.length < 2) return;
  const position = new Map(opened.map((o, i) => [o.order, i]));
  const sorted = [...opened].sort((a, b) => a.run[1] - b.run[1]);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.run[1] > a.run[2]) continue;
    const holder = (position.get(a.order) ?? 0) <= (position.get(b.order) ?? 0) ? a.order : b.order;
    throw new NumberInOpenOrder(String(b.run[1]), holder.id);
  }
}
