// Webhook endpoints' rows (webhook-codec.ts: the secrets through the FieldCipher both ways); SQLite
// stores the event types as JSON text and `enabled` as 0 or 1.
import type { FieldCipher } from '../../field-cipher.js';
import { ENDPOINT_COLUMNS, type EndpointRow, endpointOf, endpointRow } from '../../webhook-codec.js';
import type { WebhookEndpoint } from '../../webhook-store.js';
import type { Db } from '../connection.js';

/** An endpoint's row as SQLite stores it: the event types as JSON text, `enabled` as 0 or 1. */
type StoredRow = [
  string,
  string,
  string,
  string | null,
  string,
  string | null,
  string | null,
  number,
  string | null,
  string | null,
  string,
  string,
];

export class EndpointTable {
  private readonly insert;
  private readonly update;
  private readonly selectOne;
  private readonly selectAll;

  constructor(
    db: Db,
    private readonly cipher: FieldCipher,
  ) {
    this.insert = db.prepare(
      `INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.update = db.prepare(
      `UPDATE webhook_endpoints SET url = ?, event_types = ?, account = ?, secret = ?, previous_secret = ?,
         previous_secret_expires_at = ?, enabled = ?, disabled_reason = ?, description = ?, created_at = ?,
         updated_at = ? WHERE id = ?`,
    );
    this.selectOne = db.prepare(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?`).raw();
    this.selectAll = db
      .prepare(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`)
      .raw();
  }

  create(e: WebhookEndpoint): void {
    this.insert.run(...this.toRow(e));
  }

  /** False when there is no such endpoint. */
  write(e: WebhookEndpoint): boolean {
    const [id, ...rest] = this.toRow(e);
    return this.update.run(...rest, id).changes > 0;
  }

  get(id: string): WebhookEndpoint | null {
    const row = this.selectOne.get(id) as StoredRow | undefined;
    return row === undefined ? null : this.fromRow(row);
  }

  all(): WebhookEndpoint[] {
    return (this.selectAll.all() as StoredRow[]).map((r) => this.fromRow(r));
  }

  private toRow(e: WebhookEndpoint): StoredRow {
    const [id, url, types, account, secret, previous, expires, enabled, ...rest] = endpointRow(
      e,
      this.cipher,
    );
    return [id, url, JSON.stringify(types), account, secret, previous, expires, enabled ? 1 : 0, ...rest];
  }

  private fromRow(r: StoredRow): WebhookEndpoint {
    const [id, url, types, account, secret, previous, expires, enabled, ...rest] = r;
    const row: EndpointRow = [
      id,
      url,
      JSON.parse(types) as string[],
      account,
      secret,
      previous,
      expires,
      enabled === 1,
      ...rest,
    ];
    return endpointOf(row, this.cipher);
  }
}
