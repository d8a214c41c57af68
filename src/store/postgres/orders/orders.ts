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
import {
  numberRows,
  numberRowsOfBody,
  ORDER_COLUMNS,
  type OrderRow,
  sealOnce,
  toRow,
  WrittenOrders,
} from '../../orders-codec.js';
import {
  DuplicateCustomerReference,
  type OrderWrite,
  type StoredEvent,
  VersionMismatch,
} from '../../orders-store.js';
import { appendEvents } from './events.js';
import { type NumberChange, writeNumbers } from './numbers.js';
import { type Queryable, rows, textArray } from './sql.js';

// The SQL type of each of ORDER_COLUMNS (one per member of OrderRow, which the type checks): a create
// sends every order's value of a column as one array, so that its orders go in with one statement.
// The bodies, last and by far the largest, go apart (textArray).
type SqlTypes<Row extends readonly unknown[]> = { [K in keyof Row]: 'text' | 'int' };
const ORDER_TYPES: SqlTypes<OrderRow> = [
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'int',
  'text',
  'text',
];
const BODY = 10;
const COLUMN_ARRAYS = ORDER_TYPES.slice(0, BODY).map((t, i) => `$${i + 1}::${t}[]`);

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
    await checkReferences(client, orders);
    await writeNumbers(client, orders.map(fresh));
    const seal = sealOnce(this.cipher);
    const written = new WrittenOrders(orders);
    await insertOrders(
      client,
      [...written.all()].map((w) => toRow(w.order, this.cipher, seal, w.values)),
    );
    return appendEvents(client, this.locks.events, events, written);
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
    const orders = created ? [order, created] : [order];
    const written = new WrittenOrders(orders);
    const [id, ...columns] = toRow(order, this.cipher, undefined, written.of(order.id).values);
    await client.query(
      `UPDATE orders SET account = $1, group_id = $2, status = $3, customer_reference = $4, losing_carrier_id = $5,
         created_at = $6, updated_at = $7, version = $8, foc_watch = $9, body = $10
       WHERE id = $11`,
      [...columns, id],
    );
    await this.lockReferences(client, orders);
    await checkReferences(client, orders);
    const changed = { orderId: order.id, before: numberRowsOfBody(current[1]), after: numberRows(order) };
    await writeNumbers(client, created ? [changed, fresh(created)] : [changed]);
    if (created)
      await insertOrders(client, [toRow(created, this.cipher, undefined, written.of(created.id).values)]);
    if (document) {
      const meta = order.documents.find((d) => d.id === document.id);
      if (!meta) throw new Error(`document ${document.id} is not listed in order ${order.id}`);
      await client.query(
        'INSERT INTO order_documents (order_id, document_id, content_type, filename, bytes) VALUES ($1, $2, $3, $4, $5)',
        [order.id, document.id, meta.contentType, meta.filename, document.bytes],
      );
    }
    return appendEvents(client, this.locks.events, write.events, written);
  }

  /**
   * In a fixed order (sorted), so that two writers of the same references cannot deadlock: one
   * statement, whose scan of the array takes the locks one after the other in the array's order.
   */
  private async lockReferences(client: Queryable, orders: readonly Order[]): Promise<void> {
    const names = new Set<string>();
    for (const o of orders) {
      if (o.customerReference !== null) names.add(this.locks.reference(o.account, o.customerReference));
    }
    if (names.size === 0) return;
    await client.query(
      'SELECT pg_advisory_xact_lock(hashtextextended(name, 0)) FROM unnest($1::text[]) AS name',
      [[...names].sort()],
    );
  }
}

/**
 * Refuses a customer reference another order of the account holds: orders created together (one
 * group) share the request's reference; any other order may not. One look-up for all the orders
 * (under their references' locks); the first order found, in the orders' order, is the one named.
 */
async function checkReferences(client: Queryable, orders: readonly Order[]): Promise<void> {
  const referenced = orders.filter((o) => o.customerReference !== null);
  if (referenced.length === 0) return;
  const [held] = await rows<[string]>(
    client,
    `SELECT r.reference
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS r(account, reference, group_id, id, i)
     WHERE EXISTS (
       SELECT 1 FROM orders o
       WHERE o.account = r.account AND o.customer_reference = r.reference AND o.group_id <> r.group_id AND o.id <> r.id)
     ORDER BY r.i LIMIT 1`,
    [
      referenced.map((o) => o.account),
      referenced.map((o) => o.customerReference),
      referenced.map((o) => o.groupId),
      referenced.map((o) => o.id),
    ],
  );
  if (held !== undefined) throw new DuplicateCustomerReference(held[0]);
}

/** Rows in the order of ORDER_COLUMNS, sent column by column: one statement whatever their count. */
async function insertOrders(client: Queryable, orderRows: readonly OrderRow[]): Promise<void> {
  const columns = COLUMN_ARRAYS.map((_, c) => orderRows.map((row) => row[c]));
  const bodies = textArray(
    BODY + 1,
    orderRows.map((row) => row[BODY]),
  );
  await client.query(
    `INSERT INTO orders (${ORDER_COLUMNS}) SELECT * FROM unnest(${COLUMN_ARRAYS.join(', ')}, ${bodies.sql})`,
    [...columns, ...bodies.params],
  );
}

/** A new order's number rows: nothing stored before. */
const fresh = (order: Order): NumberChange => ({ orderId: order.id, before: [], after: numberRows(order) });
