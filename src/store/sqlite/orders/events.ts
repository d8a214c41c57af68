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
import type { Db } from '../connection.js';
import type { Outbox } from '../webhooks/outbox.js';

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

export class EventLog {
  private readonly lastSeq;
  private readonly insert;

  /** `outbox`: where each appended event queues its webhook deliveries (null before webhooks' migration). */
  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox | null = null,
  ) {
    this.lastSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM order_events WHERE order_id = ?').pluck();
    this.insert = db.prepare(
      'INSERT INTO order_events (id, order_id, account, seq, type, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Appends `events` in their order; call inside the change's transaction. `written`: the orders the
   * change writes (each event's account, and its numbers' values); `fresh` names orders this change creates,
   * whose log starts here (no look-up of their last seq).
   * The events' webhook deliveries are queued in the same transaction (the outbox), so a crash
   * after the commit loses none.
   */
  append(
    events: readonly OrderEventDraft[],
    written: WrittenOrders,
    fresh: ReadonlySet<string> = new Set(),
  ): StoredEvent[] {
    const next = new Map<string, number>();
    const now = new Date();
    const stored = events.map((e) => {
      const last =
        next.get(e.orderId) ?? (fresh.has(e.orderId) ? 0 : (this.lastSeq.get(e.orderId) as number));
      const seq = last + 1;
      next.set(e.orderId, seq);
      const id = newEventId(now);
      const order = written.of(e.orderId);
      const account = order.order.account;
      const data = encodeEventData(e.data, order);
      const { lastInsertRowid } = this.insert.run(id, e.orderId, account, seq, e.type, e.occurredAt, data);
      return {
        id,
        type: e.type,
        orderId: e.orderId,
        account,
        seq,
        occurredAt: e.occurredAt,
        data: e.data,
        position: String(lastInsertRowid),
      };
    });
    this.outbox?.queue(stored);
    return stored;
  }

  list(filter: EventFilter): StoredEvent[] {
    const where: string[] = ['position > ?'];
    const params: unknown[] = [filter.after === undefined ? 0 : parsePosition(filter.after)];
    if (filter.account !== undefined) {
      where.push('account = ?');
      params.push(filter.account);
    }
    if (filter.orderId !== undefined) {
      where.push('order_id = ?');
      params.push(filter.orderId);
    }
    if (filter.type !== undefined) {
      where.push('type = ?');
      params.push(filter.type);
    }
    params.push(filter.limit);
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM order_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`)
      .raw()
      .all(...params) as EventRow[];
    return rows.map(toEvent);
  }
}
