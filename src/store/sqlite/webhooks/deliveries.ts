// The outbox's rows after they are queued: leased claims, attempts, redelivery and replay. Every
// change is one IMMEDIATE transaction, so two claimers (in this process or another) never hold the
// same delivery: SQLite serialises them, and the second sees the first's lease.
import { randomBytes } from 'node:crypto';
import { decodeEventData } from '../../orders-codec.js';
import {
  DELIVERY_COLUMNS,
  DELIVERY_FIELDS,
  type DeliveryRow,
  deliveryOf,
  MAX_ERROR,
} from '../../webhook-codec.js';
import type {
  AttemptRecord,
  ClaimedDelivery,
  DeliveryStatus,
  ReplayFilter,
  WebhookDelivery,
} from '../../webhook-store.js';
import type { Db } from '../connection.js';

type EventRow = [string, string, string, number, string, string];

export class DeliveryTable {
  private readonly selectDue;
  private readonly lease;
  private readonly selectEvent;
  private readonly selectOne;
  private readonly endpointEnabled;
  private readonly record;
  private readonly disable;
  private readonly requeue;

  constructor(private readonly db: Db) {
    this.endpointEnabled = db.prepare('SELECT enabled FROM webhook_endpoints WHERE id = ?').pluck();
    this.selectDue = db
      .prepare(
        `SELECT ${DELIVERY_COLUMNS}, d.event_position FROM webhook_deliveries d INDEXED BY webhook_deliveries_due
         WHERE d.endpoint_id = ? AND d.status = 'pending' AND d.next_attempt_at <= ?
           AND (d.lease_until IS NULL OR d.lease_until <= ?)
         ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
      )
      .raw();
    this.lease = db.prepare('UPDATE webhook_deliveries SET lease_token = ?, lease_until = ? WHERE id = ?');
    this.selectEvent = db
      .prepare('SELECT type, order_id, account, seq, occurred_at, data FROM order_events WHERE position = ?')
      .raw();
    this.selectOne = db.prepare(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = ?`).raw();
    this.record = db.prepare(
      `UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, round_attempts = round_attempts + 1,
         next_attempt_at = ?, last_attempt_at = ?, last_status = ?, last_error = ?, lease_token = NULL,
         lease_until = NULL
       WHERE id = ? AND lease_token = ?
       RETURNING endpoint_id`,
    );
    this.disable = db.prepare(
      "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = 'gone', updated_at = ? WHERE id = ?",
    );
    this.requeue = db.prepare(
      `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, round_attempts = 0
       WHERE id = ? AND (lease_until IS NULL OR lease_until <= ?)`,
    );
  }

  claimDue(
    endpointId: string,
    now: string,
    limit: number,
    leaseMs: number,
  ): {
    token: string;
    deliveries: ClaimedDelivery[];
  } {
    const token = randomBytes(16).toString('hex');
    const until = new Date(Date.parse(now) + leaseMs).toISOString();
    const deliveries = this.db
      .transaction(() => {
        if (this.endpointEnabled.get(endpointId) !== 1) return [];
        const rows = this.selectDue.all(endpointId, now, now, limit) as [...DeliveryRow, number][];
        return rows.map((row) => {
          this.lease.run(token, until, row[0]);
          const [type, orderId, account, seq, occurredAt, data] = this.selectEvent.get(row[13]) as EventRow;
          return {
            delivery: deliveryOf(row.slice(0, DELIVERY_FIELDS) as DeliveryRow),
            event: {
              id: row[2],
              type,
              orderId,
              account,
              seq,
              occurredAt,
              data: decodeEventData(data),
            },
          };
        });
      })
      .immediate();
    return { token, deliveries };
  }

  recordAttempt(r: AttemptRecord): void {
    this.db
      .transaction(() => {
        const status: DeliveryStatus =
          r.outcome === 'delivered' ? 'delivered' : r.outcome === 'retry' ? 'pending' : 'failed';
        const next = r.outcome === 'retry' ? (r.nextAttemptAt ?? r.at) : null;
        const error = r.error === null ? null : r.error.slice(0, MAX_ERROR);
        const hit = this.record.get(status, next, r.at, r.status, error, r.deliveryId, r.leaseToken) as
          | { endpoint_id: string }
          | undefined;
        if (hit && r.outcome === 'gone') this.disable.run(r.at, hit.endpoint_id);
      })
      .immediate();
  }

  get(id: string): WebhookDelivery | null {
    const row = this.selectOne.get(id) as DeliveryRow | undefined;
    return row === undefined ? null : deliveryOf(row);
  }

  /** Newest first. */
  list(filter: {
    endpointId?: string;
    eventId?: string;
    status?: DeliveryStatus;
    limit: number;
  }): WebhookDelivery[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.endpointId !== undefined) {
      where.push('d.endpoint_id = ?');
      params.push(filter.endpointId);
    }
    if (filter.eventId !== undefined) {
      where.push('d.event_id = ?');
      params.push(filter.eventId);
    }
    if (filter.status !== undefined) {
      where.push('d.status = ?');
      params.push(filter.status);
    }
    params.push(filter.limit);
    const sql = `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY d.seq DESC LIMIT ?`;
    return (
      this.db
        .prepare(sql)
        .raw()
        .all(...params) as DeliveryRow[]
    ).map(deliveryOf);
  }

  redeliver(id: string, now: string): boolean {
    return this.requeue.run(now, id, now).changes > 0;
  }

  replay(endpointId: string, filter: ReplayFilter, now: string): number {
    const where = ['endpoint_id = ?', '(lease_until IS NULL OR lease_until <= ?)'];
    const params: unknown[] = [endpointId, now];
    if (filter.since !== undefined) {
      where.push('created_at >= ?');
      params.push(filter.since);
    }
    if (filter.until !== undefined) {
      where.push('created_at < ?');
      params.push(filter.until);
    }
    if (filter.status !== undefined) {
      where.push('status = ?');
      params.push(filter.status);
    }
    return this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, round_attempts = 0
         WHERE ${where.join(' AND ')}`,
      )
      .run(now, ...params).changes;
  }

  deleteOf(endpointId: string): void {
    this.db.prepare('DELETE FROM webhook_deliveries WHERE endpoint_id = ?').run(endpointId);
  }
}
