// Webhook endpoints' rows: the secrets go through the FieldCipher both ways, so the file never holds
// one in plain text.
import type { FieldCipher } from '../../field-cipher.js';
import type { WebhookEndpoint } from '../../webhook-store.js';
import type { Db } from '../connection.js';

const COLUMNS = `id, url, event_types, account, secret, previous_secret, previous_secret_expires_at, enabled,
  disabled_reason, description, created_at, updated_at`;

type Row = [
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
      `INSERT INTO webhook_endpoints (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.update = db.prepare(
      `UPDATE webhook_endpoints SET url = ?, event_types = ?, account = ?, secret = ?, previous_secret = ?,
         previous_secret_expires_at = ?, enabled = ?, disabled_reason = ?, description = ?, created_at = ?,
         updated_at = ? WHERE id = ?`,
    );
    this.selectOne = db.prepare(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = ?`).raw();
    this.selectAll = db.prepare(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`).raw();
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
    const row = this.selectOne.get(id) as Row | undefined;
    return row === undefined ? null : this.fromRow(row);
  }

  all(): WebhookEndpoint[] {
    return (this.selectAll.all() as Row[]).map((r) => this.fromRow(r));
  }

  private toRow(e: WebhookEndpoint): Row {
    const [current, previous] = e.secrets;
    if (current === undefined) throw new Error(`webhook endpoint ${e.id} has no secret`);
    return [
      e.id,
      e.url,
      JSON.stringify(e.eventTypes),
      e.account,
      this.cipher.encrypt(current),
      previous === undefined ? null : this.cipher.encrypt(previous),
      e.previousSecretExpiresAt,
      e.enabled ? 1 : 0,
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
      types,
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
      eventTypes: JSON.parse(types) as string[],
      account,
      secrets:
        previous === null
          ? [this.cipher.decrypt(secret)]
          : [this.cipher.decrypt(secret), this.cipher.decrypt(previous)],
      previousSecretExpiresAt: expires,
      enabled: enabled === 1,
      disabledReason: reason,
      description,
      createdAt: created,
      updatedAt: updated,
    };
  }
}
