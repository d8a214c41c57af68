// Orders' writes and single reads: every change in one IMMEDIATE transaction, so that the version
// check, the open-number rule and the customer-reference rule see every other writer's commits, in
// this process or another (SQLite serialises writers).
import type { Order, OrderEventDraft } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import {
  DuplicateCustomerReference,
  NumberInOpenOrder,
  type OrderWrite,
  type StoredEvent,
  VersionMismatch,
} from '../../orders-store.js';
import type { Db } from '../connection.js';
import { fromBody, numberRows, ORDER_COLUMNS, toRow } from './codec.js';
import type { DocumentTable } from './documents.js';
import type { EventLog } from './events.js';

export class OrderTable {
  private readonly insertOrder;
  private readonly updateOrder;
  private readonly selectBody;
  private readonly selectVersion;
  private readonly referenceHolder;
  private readonly openHolder;
  private readonly insertNumber;
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
         created_at = ?, updated_at = ?, version = ?, foc_watch = ?, body = ? WHERE id = ?`,
    );
    this.selectBody = db.prepare('SELECT body FROM orders WHERE id = ?').pluck();
    this.selectVersion = db.prepare('SELECT version FROM orders WHERE id = ?').pluck();
    // Orders created together (one group) share the request's reference; any other order may not.
    this.referenceHolder = db
      .prepare(
        'SELECT id FROM orders WHERE account = ? AND customer_reference = ? AND group_id <> ? AND id <> ? LIMIT 1',
      )
      .pluck();
    this.openHolder = db.prepare('SELECT order_id FROM order_numbers WHERE number = ? AND open = 1').pluck();
    this.insertNumber = db.prepare('INSERT INTO order_numbers (order_id, number, open) VALUES (?, ?, ?)');
    this.deleteNumbers = db.prepare('DELETE FROM order_numbers WHERE order_id = ?');
  }

  get(id: string): Order | null {
    const body = this.selectBody.get(id) as string | undefined;
    return body === undefined ? null : fromBody(body, this.cipher);
  }

  create(orders: readonly Order[], events: readonly OrderEventDraft[]): StoredEvent[] {
    return this.db
      .transaction(() => {
        for (const order of orders) {
          this.checkReference(order);
          this.putNumbers(order);
          this.insertOrder.run(...toRow(order, this.cipher));
        }
        return this.events.append(events, accountsOf(orders));
      })
      .immediate();
  }

  update(write: OrderWrite): StoredEvent[] {
    const { order, created, document } = write;
    return this.db
      .transaction(() => {
        const current = this.selectVersion.get(order.id) as number | undefined;
        if (current !== write.expectedVersion) throw new VersionMismatch(order.id, current ?? null);
        this.checkReference(order);
        this.deleteNumbers.run(order.id);
        this.putNumbers(order);
        const [id, ...columns] = toRow(order, this.cipher);
        this.updateOrder.run(...columns, id);
        if (created) {
          this.checkReference(created);
          this.putNumbers(created);
          this.insertOrder.run(...toRow(created, this.cipher));
        }
        if (document) {
          const meta = order.documents.find((d) => d.id === document.id);
          if (!meta) throw new Error(`document ${document.id} is not listed in order ${order.id}`);
          this.documents.add(order.id, document.id, meta.contentType, meta.filename, document.bytes);
        }
        return this.events.append(write.events, accountsOf(created ? [order, created] : [order]));
      })
      .immediate();
  }

  private checkReference(order: Order): void {
    const ref = order.customerReference;
    if (ref === null) return;
    if (this.referenceHolder.get(order.account, ref, order.groupId, order.id) !== undefined) {
      throw new DuplicateCustomerReference(ref);
    }
  }

  /** Inserts the order's numbers, refusing one that another open order holds (naming that order). */
  private putNumbers(order: Order): void {
    for (const [number, open] of numberRows(order)) {
      if (open === 1) {
        const holder = this.openHolder.get(number) as string | undefined;
        if (holder !== undefined) throw new NumberInOpenOrder(number, holder);
      }
      this.insertNumber.run(order.id, number, open);
    }
  }
}

function accountsOf(orders: readonly Order[]): (orderId: string) => string {
  const accounts = new Map(orders.map((o) => [o.id, o.account]));
  return (orderId) => {
    const account = accounts.get(orderId);
    if (account === undefined)
      throw new Error(`an event names order ${orderId}, which this change does not write`);
    return account;
  };
}
