// Webhook endpoints' rows: the secrets go through the FieldCipher both ways, so the database never
// holds one in plain text.
import type { FieldCipher } from '../../field-cipher.js';
import type { WebhookEndpoint } from '../../webhook-store.js';
import { type Queryable, rows } from '../orders/sql.js';

const COLUMNS = `id, url, event_types, account, secret, previous_secret, previous_secret_expires_at, enabled,
  disabled_reason, description, created_at, updated_at`;

type Row = [
  string,
  string,
  string[],
  string | null,
  string,
  string | null,
  string | null,
  boolean,
  string | null,
  string | null,
  string,
  string,
];

export class EndpointTable {
  constructor(private readonly cipher: FieldCipher) {}

  async create(q: Queryable, e: WebhookEndpoint): Promise<void> {
    await q.query(
      `INSERT INTO webhook_endpoints (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      this.toRow(e),
    );
  }

  /** False when there is no such endpoint. */
  async write(q: Queryable, e: WebhookEndpoint): Promise<boolean> {
    const [id, ...rest] = this.toRow(e);
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
    const [row] = await rows<Row>(q, `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id]);
    return row === undefined ? null : this.fromRow(row);
  }

  async all(q: Queryable): Promise<WebhookEndpoint[]> {
    const found = await rows<Row>(q, `SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`);
    return found.map((r) => this.fromRow(r));
  }

  private toRow(e: WebhookEndpoint): Row {
    const [current, previous] = e.secrets;
    if (current === undefined) throw new Error(`webhook endpoint ${e.id} has no secret`);
    return [
      e.id,
      e.url,
      e.eventTypes,
      e.account,
      this.cipher.encrypt(current),
      previous === undefined ? null : this.cipher.encrypt(previous),
      e.previousSecretExpiresAt,
      e.enabled,
      e.disabledReason,
      e.description,
      e.createdAt,
      e.updatedAt,
    ];
  }

  private fromRow(r: Row): WebhookEndpoint {
    const [
      id,
      url,
      eventTypes,
      account,
      secret,
      previous,
      expires,
      enabled,
      reason,
      description,
      created,
      updated,
    ] = r;
    return {
      id,
      url,
      eventTypes,
      account,
      secrets:
        previous === null
          ? [this.cipher.decrypt(secret)]
          : [this.cipher.decrypt(secret), this.cipher.decrypt(previous)],
      previousSecretExpiresAt: expires,
      enabled,
      disabledReason: reason,
      description,
      createdAt: created,
      updatedAt: updated,
    };
  }
}
