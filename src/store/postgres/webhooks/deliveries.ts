// The outbox's rows after they are queued: leased claims, attempts, redelivery and replay. Each change
// is one statement, where PostgreSQL settles the races between instances: a claim locks its due rows
// `FOR UPDATE SKIP LOCKED` (a row another claimer is leasing right now is passed over, and one whose
// lease that claimer committed meanwhile is re-checked and left out), so two claimers never hold the
// same delivery; an attempt is written only under the lease token it was claimed with.
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
import { type Queryable, rows } from '../orders/sql.js';

/** A claimed row: the delivery, its seq (for the order), then its event's fields. */
type ClaimRow = [...DeliveryRow, string, string, string, string, number, string, string];

/** Not being attempted right now: no lease, or one that ran out (`$n` is now). */
const unleased = (n: number) => `(lease_until IS NULL OR lease_until <= $${n})`;

export async function claimDue(
  q: Queryable,
  endpointId: string,
  now: string,
  limit: number,
  leaseMs: number,
): Promise<{ token: string; deliveries: ClaimedDelivery[] }> {
  const token = randomBytes(16).toString('hex');
  const until = new Date(Date.parse(now) + leaseMs).toISOString();
  const found = await rows<ClaimRow>(
    q,
    `WITH due AS (
       SELECT d.seq FROM webhook_deliveries d
       WHERE d.endpoint_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= $2
         AND (d.lease_until IS NULL OR d.lease_until <= $2)
         AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.id = $1 AND e.enabled)
       ORDER BY d.next_attempt_at, d.seq
       LIMIT $3
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d SET lease_token = $4, lease_until = $5
     FROM due, order_events ev
     WHERE d.seq = due.seq AND ev.position = d.event_position
     RETURNING ${DELIVERY_COLUMNS}, d.seq, ev.type, ev.order_id, ev.account, ev.seq, ev.occurred_at, ev.data`,
    [endpointId, now, limit, token, until],
  );
  // RETURNING has no order: oldest first, as the claim chose them.
  found.sort((a, b) =>
    a[8] === b[8] ? Number(a[13]) - Number(b[13]) : (a[8] ?? '') < (b[8] ?? '') ? -1 : 1,
  );
  const deliveries = found.map((row): ClaimedDelivery => {
    const [type, orderId, account, seq, occurredAt, data] = row.slice(14) as [
      string,
      string,
      string,
      number,
      string,
      string,
    ];
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
  return { token, deliveries };
}

/** One statement: the attempt under its lease and, for `gone`, the endpoint disabled with it. */
export async function recordAttempt(q: Queryable, r: AttemptRecord): Promise<void> {
  const status: DeliveryStatus =
    r.outcome === 'delivered' ? 'delivered' : r.outcome === 'retry' ? 'pending' : 'failed';
  const next = r.outcome === 'retry' ? (r.nextAttemptAt ?? r.at) : null;
  const error = r.error === null ? null : r.error.slice(0, MAX_ERROR);
  await q.query(
    `WITH hit AS (
       UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, round_attempts = round_attempts + 1,
         next_attempt_at = $2, last_attempt_at = $3, last_status = $4, last_error = $5, lease_token = NULL,
         lease_until = NULL
       WHERE id = $6 AND lease_token = $7
       RETURNING endpoint_id
     )
     UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'gone', updated_at = $3
     WHERE $8 AND id IN (SELECT endpoint_id FROM hit)`,
    [status, next, r.at, r.status, error, r.deliveryId, r.leaseToken, r.outcome === 'gone'],
  );
}

export async function getDelivery(q: Queryable, id: string): Promise<WebhookDelivery | null> {
  const [row] = await rows<DeliveryRow>(
    q,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1`,
    [id],
  );
  return row === undefined ? null : deliveryOf(row);
}

/** Newest first. */
export async function listDeliveries(
  q: Queryable,
  filter: { endpointId?: string; eventId?: string; status?: DeliveryStatus; limit: number },
): Promise<WebhookDelivery[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, value: unknown) => {
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  if (filter.endpointId !== undefined) add('d.endpoint_id', filter.endpointId);
  if (filter.eventId !== undefined) add('d.event_id', filter.eventId);
  if (filter.status !== undefined) add('d.status', filter.status);
  params.push(filter.limit);
  const found = await rows<DeliveryRow>(
    q,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY d.seq DESC LIMIT $${params.length}`,
    params,
  );
  return found.map(deliveryOf);
}

export async function redeliver(q: Queryable, id: string, now: string): Promise<boolean> {
  const changed = await q.query(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, round_attempts = 0
     WHERE id = $2 AND ${unleased(1)}`,
    [now, id],
  );
  return (changed.rowCount ?? 0) > 0;
}

export async function replay(
  q: Queryable,
  endpointId: string,
  filter: ReplayFilter,
  now: string,
): Promise<number> {
  const params: unknown[] = [now, endpointId];
  const where = ['endpoint_id = $2', unleased(1)];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    where.push(`${condition} $${params.length}`);
  };
  if (filter.since !== undefined) add('created_at >=', filter.since);
  if (filter.until !== undefined) add('created_at <', filter.until);
  if (filter.status !== undefined) add('status =', filter.status);
  const changed = await q.query(
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, round_attempts = 0
     WHERE ${where.join(' AND ')}`,
    params,
  );
  return changed.rowCount ?? 0;
}
