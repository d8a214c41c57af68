// Webhook endpoints and deliveries in the store's schema, on its pool, never behind an import's lock
// (imports hold only the numbering tables). Each call is one statement in autocommit: deliveries.ts
// says how the database keeps two instances from claiming the same delivery.
import { FieldCipher } from '../../field-cipher.js';
import type {
  AttemptRecord,
  ClaimedDelivery,
  DeliveryStatus,
  ReplayFilter,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookStore,
} from '../../webhook-store.js';
import type { Database } from '../database.js';
import { MISSING_KEY } from '../orders/order-store.js';
import { type Queryable, reads, writes } from '../orders/sql.js';
import * as deliveries from './deliveries.js';
import { EndpointTable } from './endpoints.js';

/** The first schema version (../schema.ts) with the webhooks' tables. */
export const WITH_WEBHOOKS = 4;

export interface PostgresWebhookOptions {
  readOnly: boolean;
  /** The schema's version as opened: a read-only store may open one from before webhooks (no tables). */
  schemaVersion: number;
  /**
   * PORTCHECK_ENCRYPTION_KEY, parsed: it encrypts the signing secrets. Without it endpoints cannot be
   * created or changed (MISSING_KEY, as for orders) nor read once there are some; the outbox, claims
   * and attempts need no key.
   */
  encryptionKey?: Buffer;
}

export class PostgresWebhookStore implements WebhookStore {
  private readonly endpointRows: EndpointTable;
  private readonly pool: Queryable;
  private readonly changes: Queryable;
  private readonly present: boolean;

  constructor(
    private readonly db: Database,
    private readonly options: PostgresWebhookOptions,
  ) {
    this.endpointRows = new EndpointTable(
      new FieldCipher(
        options.encryptionKey ??
          (() => {
            throw new Error(MISSING_KEY);
          }),
        db.target.where,
      ),
    );
    this.pool = reads(db);
    this.changes = writes(db);
    this.present = options.schemaVersion >= WITH_WEBHOOKS;
  }

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.assertSecretsWritable();
    await this.endpointRows.create(this.changes, endpoint);
  }

  async updateEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    this.assertSecretsWritable();
    await this.endpointRows.write(this.changes, endpoint);
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    this.assertWritable();
    return this.endpointRows.delete(this.changes, id);
  }

  async endpoint(id: string): Promise<WebhookEndpoint | null> {
    if (!this.present) return null;
    return this.endpointRows.get(this.pool, id);
  }

  async endpoints(): Promise<WebhookEndpoint[]> {
    if (!this.present) return [];
    return this.endpointRows.all(this.pool);
  }

  async claimDue(
    endpointId: string,
    now: string,
    limit: number,
    leaseMs: number,
  ): Promise<{ token: string; deliveries: ClaimedDelivery[] }> {
    this.assertWritable();
    return deliveries.claimDue(this.changes, endpointId, now, limit, leaseMs);
  }

  async recordAttempt(record: AttemptRecord): Promise<void> {
    this.assertWritable();
    await deliveries.recordAttempt(this.changes, record);
  }

  async delivery(id: string): Promise<WebhookDelivery | null> {
    if (!this.present) return null;
    return deliveries.getDelivery(this.pool, id);
  }

  async deliveries(filter: {
    endpointId?: string;
    eventId?: string;
    status?: DeliveryStatus;
    limit: number;
  }): Promise<WebhookDelivery[]> {
    if (!this.present) return [];
    return deliveries.listDeliveries(this.pool, filter);
  }

  async redeliver(id: string, now: string): Promise<boolean> {
    this.assertWritable();
    return deliveries.redeliver(this.changes, id, now);
  }

  async replay(endpointId: string, filter: ReplayFilter, now: string): Promise<number> {
    this.assertWritable();
    return deliveries.replay(this.changes, endpointId, filter, now);
  }

  private assertWritable(): void {
    if (this.options.readOnly) {
      throw new Error(
        `the store was opened read-only: webhooks in ${this.db.target.where} cannot be changed`,
      );
    }
  }

  /** Checked before anything is written: no endpoint without its secret encrypted. */
  private assertSecretsWritable(): void {
    this.assertWritable();
    if (!this.options.encryptionKey) throw new Error(MISSING_KEY);
  }
}
