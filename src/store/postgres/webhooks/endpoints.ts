// Webhook endpoints' rows (webhook-codec.ts: the secrets through the FieldCipher both ways); PostgreSQL
// stores the event types as text[] and `enabled` as a boolean, the record's own shapes.
import type { FieldCipher } from '../../field-cipher.js';
import { ENDPOINT_COLUMNS, type EndpointRow, endpointOf, endpointRow } from '../../webhook-codec.js';
import type { WebhookEndpoint } from '../../webhook-store.js';
import { type Queryable, rows } from '../orders/sql.js';

export class EndpointTable {
  constructor(private readonly cipher: FieldCipher) {}

  async create(q: Queryable, e: WebhookEndpoint): Promise<void> {
    await q.query(
      `INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      endpointRow(e, this.cipher),
    );
  }

  /** False when there is no such endpoint. */
  async write(q: Queryable, e: WebhookEndpoint): Promise<boolean> {
    const [id, ...rest] = endpointRow(e, this.cipher);
    const changed = await q.query(
      `UPDATE webhook_endpoints SET url = $1, event_types = $2, account = $3, secret = $4, previous_secret = $5,
         previous_secret_expires_at = $6, enabled = $7, disabled_reason = $8, description = $9, created_at = $10,
         updated_at = $11 WHERE id = $12`,
      [...rest, id],
    );
    return (changed.rowCount ?? 0) > 0;
  }

  /** False when there is no such endpoint; its deliveries go with it (ON DELETE CASCADE). */
  async delete(q: Queryable, id: string): Promise<boolean> {
    const deleted = await q.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
    return (deleted.rowCount ?? 0) > 0;
  }

  async get(q: Queryable, id: string): Promise<WebhookEndpoint | null> {
    const [row] = await rows<EndpointRow>(
      q,
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
    return row === undefined ? null : endpointOf(row, this.cipher);
  }

  async all(q: Queryable): Promise<WebhookEndpoint[]> {
    const found = await rows<EndpointRow>(
      q,
      `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`,
    );
    return found.map((r) => endpointOf(r, this.cipher));
  }
}
