// The outbox: appendEvents (../orders/events.ts) calls this inside the change's transaction, after
// the events, so each event's deliveries commit or vanish with it. One set-based statement: a pending
// delivery (due at the event's instant, i.e. at once) per enabled endpoint whose types include the
// event's (or are empty) and whose account is null or the event's. The endpoints are locked KEY SHARE
// (what a foreign key check takes): an admin's delete waits for this change, or, when it committed
// first, this change skips that endpoint instead of failing on the foreign key.
import type { Queryable } from '../orders/sql.js';

export async function queueDeliveries(client: Queryable, positions: readonly string[]): Promise<number> {
  if (positions.length === 0) return 0;
  const inserted = await client.query(
    `INSERT INTO webhook_deliveries (id, endpoint_id, event_position, event_id, event_type, account, status,
       next_attempt_at, created_at)
     SELECT 'dlv_' || replace(gen_random_uuid()::text, '-', ''), ep.id, ev.position, ev.id, ev.type, ev.account,
            'pending', ev.occurred_at, ev.occurred_at
     FROM order_events ev
     JOIN webhook_endpoints ep
       ON ep.enabled
      AND (ep.account IS NULL OR ep.account = ev.account)
      AND (cardinality(ep.event_types) = 0 OR ev.type = ANY (ep.event_types))
     WHERE ev.position = ANY ($1::bigint[])
     ORDER BY ev.position, ep.created_at, ep.id
     FOR KEY SHARE OF ep`,
    [positions],
  );
  return inserted.rowCount ?? 0;
}
