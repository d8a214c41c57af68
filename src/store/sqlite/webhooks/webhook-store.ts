// Webhook endpoints and deliveries in the accounts file, on the connection the keys and orders use:
// never behind an import's lock. `db` is null for a read-only store whose accounts file predates
// webhooks: nothing to read, every write refused.
import type { FieldCipher } from '../../field-cipher.js';
import type {
  AttemptRecord,
  ClaimedDelivery,
  DeliveryStatus,
  ReplayFilter,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookStore,
} from '../../webhook-store.js';
import type { Db } from '../connection.js';
import { explained } from '../errors.js';
import { DeliveryTable } from './deliveries.js';
import { EndpointTable } from './endpoints.js';

interface Parts {
  db: Db;
  endpoints: EndpointTable;
  deliveries: DeliveryTable;
}

export class SqliteWebhookStore implements WebhookStore {
  private readonly parts: Parts | null;

  constructor(
    db: Db | null,
    private readonly file: string,
    private readonly readOnly: boolean,
    cipher: FieldCipher,
  ) {
    this.parts =
      db === null
        ? null
        : { db, endpoints: new EndpointTable(db, cipher), deliveries: new DeliveryTable(db) };
  }

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    const p = this.writable();
    explained(this.file, () => p.endpoints.create(endpoint));
  }

  async updateEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    const p = this.writable();
    explained(this.file, () => p.endpoints.write(endpoint));
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const p = this.writable();
    return explained(this.file, () =>
      p.db
        .transaction(() => {
          if (p.endpoints.get(id) === null) return false;
          p.deliveries.deleteOf(id);
          p.db.prepare('DELETE FROM webhook_endpoints WHERE id = ?').run(id);
          return true;
        })
        .immediate(),
    );
  }

  async endpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.read(null, (p) => p.endpoints.get(id));
  }

  async endpoints(): Promise<WebhookEndpoint[]> {
    return this.read([], (p) => p.endpoints.all());
  }

  async claimDue(
    endpointId: string,
    now: string,
    limit: number,
    leaseMs: number,
  ): Promise<{ token: string; deliveries: ClaimedDelivery[] }> {
    const p = this.writable();
    return explained(this.file, () => p.deliveries.claimDue(endpointId, now, limit, leaseMs));
  }

  async recordAttempt(record: AttemptRecord): Promise<void> {
    const p = this.writable();
    explained(this.file, () => p.deliveries.recordAttempt(record));
  }

  async delivery(id: string): Promise<WebhookDelivery | null> {
    return this.read(null, (p) => p.deliveries.get(id));
  }

  async deliveries(filter: {
    endpointId?: string;
    eventId?: string;
    status?: DeliveryStatus;
    limit: number;
  }): Promise<WebhookDelivery[]> {
    return this.read([], (p) => p.deliveries.list(filter));
  }

  async redeliver(id: string, now: string): Promise<boolean> {
    const p = this.writable();
    return explained(this.file, () => p.deliveries.redeliver(id, now));
  }

  async replay(endpointId: string, filter: ReplayFilter, now: string): Promise<number> {
    const p = this.writable();
    return explained(this.file, () => p.deliveries.replay(endpointId, filter, now));
  }

  private read<T>(empty: T, fn: (p: Parts) => T): T {
    const p = this.parts;
    return p === null ? empty : explained(this.file, () => fn(p));
  }

  private writable(): Parts {
    if (this.readOnly || this.parts === null) {
      throw new Error(`the store was opened read-only: webhooks in ${this.file} cannot be changed`);
    }
    return this.parts;
  }
}
