// Orders' writes and single reads: every change in one IMMEDIATE transaction, so that the version
// check, the open-number rule and the customer-reference rule see every other writer's commits, in
// this process or another (SQLite serialises writers).
import type { Order, OrderEventDraft } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import {
  fromBody,
  numberRowChanges,
  numberRows,
  numberRowsOfBody,
  ORDER_COLUMNS,
  sealOnce,
  toRow,
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

type NumberRows = [number: string, open: 0 | 1][];

export class OrderTable {
  private readonly insertOrder;
  private readonly updateOrder;
  private readonly selectBody;
  private readonly selectCurrent;
  private readonly referenceHolder;
  private readonly openHolder;
  private readonly insertNumbers;
  private readonly deleteNumbers;

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
    this.openHolder = db
      .prepare(
        `SELECT o.id FROM order_numbers n JOIN orders o ON o.order_key = n.order_key
         WHERE n.number = ? AND n.slot = 0`,
      )
      .pluck();
    // `?` slot, `?` order key, `?` a JSON array of the numbers as integers (schema.ts).
    this.insertNumbers = db.prepare(
      'INSERT INTO order_numbers (number, slot, order_key) SELECT value, ?, ? FROM json_each(?)',
    );
    this.deleteNumbers = db.prepare(
      'DELETE FROM order_numbers WHERE slot = ? AND number IN (SELECT value FROM json_each(?))',
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
        for (const order of orders) {
          this.checkReference(order);
          this.putNumbers(order, this.insert(order, seal), [], numberRows(order));
        }
        return this.events.append(events, accountsOf(orders), new Set(orders.map((o) => o.id)));
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
        this.putNumbers(order, key, numberRowsOfBody(body), numberRows(order));
        const [, ...columns] = toRow(order, this.cipher);
        this.updateOrder.run(...columns, key);
        if (created) {
          this.checkReference(created);
          this.putNumbers(created, this.insert(created), [], numberRows(created));
        }
        if (document) {
          const meta = order.documents.find((d) => d.id === document.id);
          if (!meta) throw new Error(`document ${document.id} is not listed in order ${order.id}`);
          this.documents.add(order.id, document.id, meta.contentType, meta.filename, document.bytes);
        }
        const fresh = new Set(created ? [created.id] : []);
        return this.events.append(write.events, accountsOf(created ? [order, created] : [order]), fresh);
      })
      .immediate();
  }

  /** Inserts the order's row; returns its integer key (what order_numbers refers to). */
  private insert(order: Order, seal?: (plain: string) => string): number {
    return Number(this.insertOrder.run(...toRow(order, this.cipher, seal)).lastInsertRowid);
  }

  private checkReference(order: Order): void {
    const ref = order.customerReference;
    if (ref === null) return;
    if (this.referenceHolder.get(order.account, ref, order.groupId, order.id) !== undefined) {
      throw new DuplicateCustomerReference(ref);
    }
  }

  /**
   * Brings the order's number rows from `before` to `after`, touching only the rows that change: a
   * number's slot is 0 while it holds its place, else the order's key (schema.ts). A number another
   * open order holds makes the primary key refuse the insert; only then are the numbers looked up one
   * by one to name the holder, so writing 10,000 new numbers is one statement and no reads.
   */
  private putNumbers(order: Order, key: number, before: NumberRows, after: NumberRows): void {
    // By slot: [0] the rows that hold their place (slot 0), [1] the others (slot = the order's key).
    const gone: [string[], string[]] = [[], []];
    const added: [string[], string[]] = [[], []];
    const side = (open: 0 | 1) => (open === 1 ? 0 : 1);
    const { removed, added: fresh, flipped } = numberRowChanges(before, after);
    for (const [number, open] of removed) gone[side(open)].push(number);
    for (const [number, open] of fresh) added[side(open)].push(number);
    for (const [number, open] of flipped) {
      gone[side(open === 1 ? 0 : 1)].push(number); // its row under the slot it had
      added[side(open)].push(number);
    }
    const change = this.db.transaction(() => {
      if (gone[0].length > 0) this.deleteNumbers.run(0, integers(gone[0]));
      if (gone[1].length > 0) this.deleteNumbers.run(key, integers(gone[1]));
      if (added[0].length > 0) this.insertNumbers.run(0, key, integers(added[0]));
      if (added[1].length > 0) this.insertNumbers.run(key, key, integers(added[1]));
    });
    try {
      change(); // nested in the change's transaction: a savepoint, undone alone on failure
    } catch (err) {
      for (const number of added[0]) {
        const holder = this.openHolder.get(Number(number)) as string | undefined;
        if (holder !== undefined && holder !== order.id) throw new NumberInOpenOrder(number, holder);
      }
      throw err;
    }
  }
}

/**
 * A JSON array of canonical numbers as integers ("[12065550100,…]"), for json_each: the digits need
 * no quoting, and anything else would be a bug upstream, refused rather than stored.
 */
function integers(numbers: readonly string[]): string {
  for (const n of numbers) {
    if (!CANONICAL.test(n)) throw new Error(`not a canonical number: ${JSON.stringify(n)}`);
  }
  return `[${numbers.join(',')}]`;
}

const CANONICAL = /^[1-9]\d{10}$/;

function accountsOf(orders: readonly Order[]): (orderId: string) => string {
  const accounts = new Map(orders.map((o) => [o.id, o.account]));
  return (orderId) => {
    const account = accounts.get(orderId);
    if (account === undefined)
      throw new Error(`an event names order ${orderId}, which this change does not write`);
    return account;
  };
}
