import type { Holiday, Order, OrderEventDraft } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
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
import type { Db } from '../connection.js';
import { explained } from '../errors.js';
import type { Outbox } from '../webhooks/outbox.js';
import { DocumentTable } from './documents.js';
import { EventLog } from './events.js';
import { HolidayTable } from './holidays.js';
import { IdempotencyTable } from './idempotency.js';
import { OrderTable } from './orders.js';
import { OrderQueries } from './queries.js';

interface Parts {
  orders: OrderTable;
  queries: OrderQueries;
  events: EventLog;
  documents: DocumentTable;
  holidays: HolidayTable;
  idempotency: IdempotencyTable;
}

/**
 * Port orders in the accounts file, on the connection the API keys use: never behind an import's
 * lock. `db` is null for a read-only store whose accounts file does not exist or predates orders:
 * nothing to read, and every write is refused (as on any read-only store).
 */
export class SqliteOrderStore implements OrderStore {
  private readonly parts: Parts | null;

  constructor(
    db: Db | null,
    private readonly file: string,
    private readonly readOnly: boolean,
    cipher: FieldCipher,
    outbox: Outbox | null = null,
  ) {
    if (db === null) {
      this.parts = null;
      return;
    }
    const events = new EventLog(db, outbox);
    const documents = new DocumentTable(db);
    this.parts = {
      orders: new OrderTable(db, cipher, events, documents),
      queries: new OrderQueries(db, cipher),
      events,
      documents,
      holidays: new HolidayTable(db),
      idempotency: new IdempotencyTable(db),
    };
  }

  async create(orders: readonly Order[], events: readonly OrderEventDraft[]): Promise<StoredEvent[]> {
    const p = this.writable();
    return explained(this.file, () => p.orders.create(orders, events));
  }

  async get(id: string): Promise<Order | null> {
    return this.read(null, (p) => p.orders.get(id));
  }

  async update(write: OrderWrite): Promise<StoredEvent[]> {
    const p = this.writable();
    return explained(this.file, () => p.orders.update(write));
  }

  async list(filter: OrderFilter, limit: number, cursor?: string | null): Promise<Page<Order>> {
    return this.read({ items: [], next: null }, (p) => p.queries.list(filter, limit, cursor));
  }

  async openOrdersOf(numbers: readonly string[]): Promise<Map<string, string>> {
    return this.read(new Map(), (p) => p.queries.openOrdersOf(numbers));
  }

  async events(filter: EventFilter): Promise<StoredEvent[]> {
    return this.read([], (p) => p.events.list(filter));
  }

  async document(orderId: string, documentId: string): Promise<DocumentContent | null> {
    return this.read(null, (p) => p.documents.get(orderId, documentId));
  }

  async timerCandidates(c: TimerCandidates): Promise<Order[]> {
    return this.read([], (p) => p.queries.timerCandidates(c));
  }

  async holidays(): Promise<Holiday[]> {
    return this.read([], (p) => p.holidays.list());
  }

  async importHolidays(holidays: readonly Holiday[], replace: boolean): Promise<HolidayCounts> {
    const p = this.writable();
    return explained(this.file, () => p.holidays.import(holidays, replace));
  }

  async claimIdempotency(key: IdempotencyKey, now: string): Promise<IdempotencyClaim> {
    const p = this.writable();
    return explained(this.file, () => p.idempotency.claim(key, now));
  }

  async completeIdempotency(key: IdempotencyKey, status: number, body: string): Promise<void> {
    const p = this.writable();
    explained(this.file, () => p.idempotency.done(key, status, body));
  }

  async releaseIdempotency(key: IdempotencyKey): Promise<void> {
    const p = this.writable();
    explained(this.file, () => p.idempotency.give(key));
  }

  private read<T>(empty: T, fn: (p: Parts) => T): T {
    const p = this.parts;
    return p === null ? empty : explained(this.file, () => fn(p));
  }

  private writable(): Parts {
    if (this.readOnly || this.parts === null) {
      throw new Error(`the store was opened read-only: port orders in ${this.file} cannot be changed`);
    }
    return this.parts;
  }
}
