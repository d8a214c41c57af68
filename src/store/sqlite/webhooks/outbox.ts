// The outbox: EventLog.append calls this inside the change's transaction, so each event's deliveries
// commit or vanish with it. One pending delivery (due at the event's instant, i.e. at once) per
// enabled endpoint whose types include the event's (or are empty) and whose account is null or the
// event's.
import { randomBytesPooled } from '../../../random-pool.js';
import type { StoredEvent } from '../../orders-store.js';
import type { Db } from '../connection.js';

export class Outbox {
  private readonly selectEndpoints;
  private readonly insert;

  constructor(db: Db) {
    this.selectEndpoints = db
      .prepare('SELECT id, event_types, account FROM webhook_endpoints WHERE enabled = 1')
      .raw();
    this.insert = db.prepare(
      `INSERT INTO webhook_deliveries (id, endpoint_id, event_position, event_id, event_type, account, status,
         next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
  }

  /** Queues `events` for every endpoint that wants them; returns how many deliveries were queued. */
  queue(events: readonly StoredEvent[]): number {
    if (events.length === 0) return 0;
    const endpoints = (this.selectEndpoints.all() as [string, string, string | null][]).map(
      ([id, types, account]) => ({ id, types: JSON.parse(types) as string[], account }),
    );
    let queued = 0;
    for (const e of events) {
      for (const ep of endpoints) {
        if (ep.account !== null && ep.account !== e.account) continue;
        if (ep.types.length > 0 && !ep.types.includes(e.type)) continue;
        const id = `dlv_${randomBytesPooled(12).toString('hex')}`;
        this.insert.run(id, ep.id, Number(e.position), e.id, e.type, e.account, e.occurredAt, e.occurredAt);
        queued++;
      }
    }
    return queued;
  }
}
