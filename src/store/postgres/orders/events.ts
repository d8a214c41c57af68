// The event log (§7): appended inside each change's transaction, read in commit order.

import type { OrderEventDraft } from '../../../domain/orders/types.js';
import {
  decodeEventData,
  encodeEventData,
  newEventId,
  parsePosition,
  type WrittenOrders,
} from '../../orders-codec.js';
import type { EventFilter, StoredEvent } from '../../orders-store.js';
import { queueDeliveries } from '../webhooks/outbox.js';
import { type Queryable, rows, textArray } from './sql.js';

type EventRow = [number, string, string, string, number, string, string, string];

const COLUMNS = 'position, id, order_id, account, seq, type, occurred_at, data';

const toEvent = ([position, id, orderId, account, seq, type, occurredAt, data]: EventRow): StoredEvent => ({
  id,
  type: type as StoredEvent['type'],
  orderId,
  account,
  seq,
  occurredAt,
  data: decodeEventData(data),
  position: String(position),
});

// Every event of a change in one statement, in the drafts' order (WITH ORDINALITY … ORDER BY), in which
// the rows draw their positions. Each order's seq continues from its last stored one (0 for a new
// order), read in the statement's snapshot, taken once the events' lock is held. The data, by far the
// largest, go as textArray's.
const insertEvents = (
  data: string,
) => `INSERT INTO order_events (id, order_id, account, seq, type, occurred_at, data)
SELECT d.id, d.order_id, d.account,
       (SELECT coalesce(max(e.seq), 0) FROM order_events e WHERE e.order_id = d.order_id)
         + row_number() OVER (PARTITION BY d.order_id ORDER BY d.i),
       d.type, d.occurred_at, d.data
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], ${data})
  WITH ORDINALITY AS d(id, order_id, account, type, occurred_at, data, i)
ORDER BY d.i
RETURNING id, position, seq`;

/**
 * Appends `events` in their order; call inside the change's transaction, after everything else it
 * writes. An identity is handed out at insert time, not at commit: two writers could take 7 and 8 and
 * commit 8 first, and a reader paging with `after=8` would never see 7. So the writer first takes a
 * transaction-level advisory lock (`lockKey`, one per schema), held until its commit: positions are
 * then drawn one writer at a time, in commit order. Only the events' last step is serialised, and it
 * is three statements whatever the count of events: the lock, the events, their deliveries.
 * The events' webhook deliveries are queued last, in the same transaction (the outbox): a crash after
 * the commit loses none, and a change that does not commit queues none.
 */
export async function appendEvents(
  client: Queryable,
  lockKey: string,
  events: readonly OrderEventDraft[],
  written: WrittenOrders,
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const now = new Date();
  const drafts = events.map((e) => {
    const order = written.of(e.orderId);
    return {
      ...e,
      id: newEventId(now),
      account: order.order.account,
      encoded: encodeEventData(e.data, order),
    };
  });
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
  const data = textArray(
    6,
    drafts.map((d) => d.encoded),
  );
  const inserted = await rows<[string, number | string, number]>(client, insertEvents(data.sql), [
    drafts.map((d) => d.id),
    drafts.map((d) => d.orderId),
    drafts.map((d) => d.account),
    drafts.map((d) => d.type),
    drafts.map((d) => d.occurredAt),
    ...data.params,
  ]);
  // Only what the database drew comes back (not the data, which for a large order is most of the
  // bytes): the rest is what was sent, the data read back as a reader will read it.
  const drawn = new Map(inserted.map(([id, position, seq]) => [id, { position, seq }]));
  const stored = drafts.map((d): StoredEvent => {
    const row = drawn.get(d.id);
    if (row === undefined) throw new Error(`event ${d.id} was not inserted`);
    return {
      id: d.id,
      type: d.type,
      orderId: d.orderId,
      account: d.account,
      seq: row.seq,
      occurredAt: d.occurredAt,
      data: decodeEventData(d.encoded),
      position: String(row.position),
    };
  });
  await queueDeliveries(
    client,
    stored.map((e) => e.position),
  );
  return stored;
}

export async function listEvents(q: Queryable, filter: EventFilter): Promise<StoredEvent[]> {
  const params: unknown[] = [filter.after === undefined ? 0 : parsePosition(filter.after)];
  const where: string[] = ['position > $1'];
  const add = (column: string, value: unknown) => {
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  if (filter.account !== undefined) add('account', filter.account);
  if (filter.orderId !== undefined) add('order_id', filter.orderId);
  if (filter.type !== undefined) add('type', filter.type);
  params.push(filter.limit);
  const found = await rows<EventRow>(
    q,
    `SELECT ${COLUMNS} FROM order_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT $${params.length}`,
    params,
  );
  return found.map(toEvent);
}
