// Orders' writes: each change in one transaction (READ COMMITTED), where the database itself settles
// what concurrent writers, in this process or another instance, may race on:
// - the version: `SELECT … FOR UPDATE` of the order's row waits for a concurrent writer of the row
//   and then finds the version moved: VersionMismatch;
// - a number in one open order: the partial unique index order_numbers_open; a conflicting insert
//   waits for the other writer and, once it committed, is skipped (ON CONFLICT DO NOTHING), and the
//   holder, now visible, is named (numbers.ts);
// - a customer reference per account (shared within a group, so no plain unique index): checked
//   under an advisory lock of (account, reference), so two writers of one reference take turns;
// - event positions in commit order (events.ts).
import type { Order, OrderEventDraft } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import { numberRows, numberRowsOfBody, ORDER_COLUMNS, sealOnce, toRow } from '../../orders-codec.js';
import {
  DuplicateCustomerReference,
  type OrderWrite,
  type StoredEvent,
  VersionMismatch,
} from '../../orders-store.js';
import { appendEvents } from './events.js';
import { type NumberChange, writeNumbers } from './numbers.js';
import { type Queryable, rows } from './sql.js';

const PLACEHOLDERS = ORDER_COLUMNS.split(', ')
  .map((_, i) => `$${i + 1}`)
  .join(', ');

/** The advisory-lock names of one schema (hashed to a bigint by the caller's SQL). */
export interface OrderLocks {
  events: string;
  reference(account: string, reference: string): string;
}

export class OrderWriter {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly locks: OrderLocks,
  ) {}

  async create(client: Queryable, orders: readonly Order[], events: readonly OrderEventDraft[]) {
    await this.lockReferences(client, orders);
    const seal = sealOnce(this.cipher);
    for (const order of orders) await this.checkReference(client, order);
    await writeNumbers(client, orders.map(fresh));
    for (const order of orders) {
      await client.query(
        `INSERT INTO orders (${ORDER_COLUMNS}) VALUES (${PLACEHOLDERS})`,
        toRow(order, this.cipher, seal),
      );
    }
    return appendEvents(client, this.locks.events, events, accountsOf(orders));
  }

  async update(client: Queryable, write: OrderWrite): Promise<StoredEvent[]> {
    const { order, created, document } = write;
    // Locked, so that a concurrent writer of the order is waited for and its version then seen; the
    // body says which number rows the order has, so that only those that change are written.
    const [current] = await rows<[number, string]>(
      client,
      'SELECT version, body FROM orders WHERE id = $1 FOR UPDATE',
      [order.id],
    );
    if (current?.[0] !== write.expectedVersion) throw new VersionMismatch(order.id, current?.[0] ?? null);
    const [id, ...columns] = toRow(order, this.cipher);
    await client.query(
      `UPDATE orders SET account = $1, group_id = $2, status = $3, customer_reference = $4, losing_carrier_id = $5,
         created_at = $6, updated_at = $7, version = $8, foc_watch = $9, body = $10
       WHERE id = $11`,
      [...columns, id],
    );
    const written = created ? [order, created] : [order];
    await this.lockReferences(client, written);
    await this.checkReference(client, order);
    if (created) await this.checkReference(client, created);
    const changed = { orderId: order.id, before: numberRowsOfBody(current[1]), after: numberRows(order) };
    await writeNumbers(client, created ? [changed, fresh(created)] : [changed]);
    if (created) {
      await client.query(
        `INSERT INTO orders (${ORDER_COLUMNS}) VALUES (${PLACEHOLDERS})`,
        toRow(created, this.cipher),
      );
    }
    if (document) {
      const meta = order.documents.find((d) => d.id === document.id);
      if (!meta) throw new Error(`document ${document.id} is not listed in order ${order.id}`);
      await client.query(
        'INSERT INTO order_documents (order_id, document_id, content_type, filename, bytes) VALUES ($1, $2, $3, $4, $5)',
        [order.id, document.id, meta.contentType, meta.filename, document.bytes],
      );
    }
    return appendEvents(client, this.locks.events, write.events, accountsOf(written));
  }

  /** In a fixed order, so that two writers of the same references cannot deadlock. */
  private async lockReferences(client: Queryable, orders: readonly Order[]): Promise<void> {
    const names = new Set<string>();
    for (const o of orders) {
      if (o.customerReference !== null) names.add(this.locks.reference(o.account, o.customerReference));
    }
    for (const name of [...names].sort()) {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
    }
  }

  private async checkReference(client: Queryable, order: Order): Promise<void> {
    const ref = order.customerReference;
    if (ref === null) return;
    // Orders created together (one group) share the request's reference; any other order may not.
    const holder = await rows(
      client,
      'SELECT 1 FROM orders WHERE account = $1 AND customer_reference = $2 AND group_id <> $3 AND id <> $4 LIMIT 1',
      [order.account, ref, order.groupId, order.id],
    );
    if (holder.length > 0) throw new DuplicateCustomerReference(ref);
  }
}

/** A new order's number rows: nothing stored before. */
const fresh = (order: Order): NumberChange => ({ orderId: order.id, before: [], after: numberRows(order) });

function accountsOf(orders: readonly Order[]): (orderId: string) => string {
  const accounts = new Map(orders.map((o) => [o.id, o.account]));
  return (orderId) => {
    const account = accounts.get(orderId);
    if (account === undefined)
      throw new Error(`an event names order ${orderId}, which this change does not write`);
    return account;
  };
}
