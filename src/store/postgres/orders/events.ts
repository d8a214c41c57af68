// The event log (§7): appended inside each change's transaction, read in commit order.

import type { OrderEventDraft } from '../../../domain/orders/types.js';
import { randomBytesPooled } from '../../../random-pool.js';
import { decodeEventData, encodeEventData, parsePosition } from '../../orders-codec.js';
import type { EventFilter, StoredEvent } from '../../orders-store.js';
import { queueDeliveries } from '../webhooks/outbox.js';
import { type Queryable, rows } from './sql.js';

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

/**
 * Appends `events` in their order; call inside the change's transaction, after everything else it
 * writes. An identity is handed out at insert time, not at commit: two writers could take 7 and 8 and
 * commit 8 first, and a reader paging with `after=8` would never see 7. So the writer first takes a
 * transaction-level advisory lock (`lockKey`, one per schema), held until its commit: positions are
 * then drawn one writer at a time, in commit order. Only the events' last step is serialised.
 * The events' webhook deliveries are queued last, in the same transaction (the outbox): a crash after
 * the commit loses none, and a change that does not commit queues none.
 */
export async function appendEvents(
  client: Queryable,
  lockKey: string,
  events: readonly OrderEventDraft[],
  accountOf: (orderId: string) => string,
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lockKey]);
  const next = new Map<string, number>();
  const stored: StoredEvent[] = [];
  for (const e of events) {
    let last = next.get(e.orderId);
    if (last === undefined) {
      const [[max]] = await rows<[number]>(
        client,
        'SELECT coalesce(max(seq), 0) FROM order_events WHERE order_id = $1',
        [e.orderId],
      );
      last = max;
    }
    next.set(e.orderId, last + 1);
    const [row] = await rows<EventRow>(
      client,
      `INSERT INTO order_events (id, order_id, account, seq, type, occurred_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        `evt_${randomBytesPooled(16).toString('hex')}`,
        e.orderId,
        accountOf(e.orderId),
        last + 1,
        e.type,
        e.occurredAt,
        encodeEventData(e.data),
      ],
    );
    stored.push(toEvent(row));
  }
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
