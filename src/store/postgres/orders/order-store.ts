import type { Holiday, Order, OrderEventDraft } from '../../../domain/orders/types.js';
import { FieldCipher } from '../../field-cipher.js';
import { fromBody } from '../../orders-codec.js';
import type {
  DocumentContent,
  EventFilter,
  HolidayCounts,
  IdempotencyClaim,
  IdempotencyKey,
  OrderFilter,
  OrderStore,
  OrderWrite,
  Page,
  StoredEvent,
  TimerCandidates,
} from '../../orders-store.js';
import type { Database } from '../database.js';
import { listEvents } from './events.js';
import { importHolidays, listHolidays } from './holidays.js';
import { claimIdempotency, completeIdempotency, releaseIdempotency } from './idempotency.js';
import { OrderWriter } from './orders.js';
import { OrderQueries } from './queries.js';
import { inTransaction, type Queryable, reads, rows } from './sql.js';

/** The first schema version (../schema.ts) with the port orders' tables. */
export const WITH_ORDERS = 3;

/** Why order writes (and reads of PINs and account numbers) are refused without a key. */
export const MISSING_KEY =
  'port orders on PostgreSQL need PORTCHECK_ENCRYPTION_KEY (64 hex characters or the base64 of 32 bytes,' +
  ' e.g. "openssl rand -hex 32"): it encrypts their PINs and account numbers, and PostgreSQL has no folder' +
  ' beside it to keep a key file in. Set the same key on every instance and keep it safe';

export interface PostgresOrderOptions {
  readOnly: boolean;
  /** The schema's version as opened: a read-only store may open one from before orders (no tables). */
  schemaVersion: number;
  /** PORTCHECK_ENCRYPTION_KEY, parsed; without it order writes are refused (MISSING_KEY). */
  encryptionKey?: Buffer;
}

/**
 * Port orders in the store's schema, on its pool: every write one transaction on a connection of its
 * own (orders.ts says what the database settles there), never behind an import's lock (imports hold
 * only the numbering tables). Holidays and idempotency records hold nothing secret and work without
 * the encryption key; so do reads of orders without a PIN or account number.
 */
export class PostgresOrderStore implements OrderStore {
  private readonly cipher: FieldCipher;
  private readonly writer: OrderWriter;
  private readonly queries: OrderQueries;
  private readonly pool: Queryable;
  private readonly present: boolean;

  constructor(
    private readonly db: Database,
    private readonly options: PostgresOrderOptions,
  ) {
    const { schema } = db.target;
    this.cipher = new FieldCipher(
      options.encryptionKey ??
        (() => {
          throw new Error(MISSING_KEY);
        }),
      db.target.where,
    );
    this.writer = new OrderWriter(this.cipher, {
      events: `portcheck order events ${schema}`,
      reference: (account, reference) => `portcheck order reference ${schema}\t${account}\t${reference}`,
    });
    this.queries = new OrderQueries(this.cipher);
    this.pool = reads(db);
    this.present = options.schemaVersion >= WITH_ORDERS;
  }

  async create(orders: readonly Order[], events: readonly OrderEventDraft[]): Promise<StoredEvent[]> {
    this.assertOrdersWritable();
    return this.db.transaction((c) => this.writer.create(inTransaction(c), orders, events));
  }

  async get(id: string): Promise<Order | null> {
    if (!this.present) return null;
    const [row] = await rows<[string]>(this.pool, 'SELECT body FROM orders WHERE id = $1', [id]);
    return row === undefined ? null : fromBody(row[0], this.cipher);
  }

  async update(write: OrderWrite): Promise<StoredEvent[]> {
    this.assertOrdersWritable();
    return this.db.transaction((c) => this.writer.update(inTransaction(c), write));
  }

  async list(filter: OrderFilter, limit: number, cursor?: string | null): Promise<Page<Order>> {
    if (!this.present) return { items: [], next: null };
    return this.queries.list(this.pool, filter, limit, cursor);
  }

  async openOrdersOf(numbers: readonly string[]): Promise<Map<string, string>> {
    if (!this.present) return new Map();
    return this.queries.openOrdersOf(this.pool, numbers);
  }

  async events(filter: EventFilter): Promise<StoredEvent[]> {
    if (!this.present) return [];
    return listEvents(this.pool, filter);
  }

  async document(orderId: string, documentId: string): Promise<DocumentContent | null> {
    if (!this.present) return null;
    const [row] = await rows<[string, string, Buffer]>(
      this.pool,
      'SELECT content_type, filename, bytes FROM order_documents WHERE order_id = $1 AND document_id = $2',
      [orderId, documentId],
    );
    if (row === undefined) return null;
    const [contentType, filename, bytes] = row;
    return { orderId, documentId, contentType, filename, bytes };
  }

  async timerCandidates(c: TimerCandidates): Promise<Order[]> {
    if (!this.present) return [];
    return this.queries.timerCandidates(this.pool, c);
  }

  async holidays(): Promise<Holiday[]> {
    if (!this.present) return [];
    return listHolidays(this.pool);
  }

  async importHolidays(holidays: readonly Holiday[], replace: boolean): Promise<HolidayCounts> {
    this.assertWritable();
    return this.db.transaction((c) => importHolidays(inTransaction(c), holidays, replace));
  }

  async claimIdempotency(key: IdempotencyKey, now: string): Promise<IdempotencyClaim> {
    this.assertWritable();
    return this.db.transaction((c) => claimIdempotency(inTransaction(c), key, now));
  }

  async completeIdempotency(key: IdempotencyKey, status: number, body: string): Promise<void> {
    this.assertWritable();
    await this.db.transaction((c) => completeIdempotency(inTransaction(c), key, status, body));
  }

  async releaseIdempotency(key: IdempotencyKey): Promise<void> {
    this.assertWritable();
    await this.db.transaction((c) => releaseIdempotency(inTransaction(c), key));
  }

  private assertWritable(): void {
    if (this.options.readOnly) {
      throw new Error(
        `the store was opened read-only: port orders in ${this.db.target.where} cannot be changed`,
      );
    }
  }

  /** Checked before anything is written, whether or not this order has a PIN: no half-keyed data. */
  private assertOrdersWritable(): void {
    this.assertWritable();
    if (!this.options.encryptionKey) throw new Error(MISSING_KEY);
  }
}
