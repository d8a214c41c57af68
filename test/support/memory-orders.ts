// An OrderStore in memory that keeps the interface's contract (src/store/orders-store.ts): the version
// check, a number in at most one open order, a customer reference unique per account, cursor paging
// newest first, the event log in commit order, idempotency records for 24 h. For the service and HTTP
// tests while no adapter is at hand; copies in and out, so callers never share objects with it.
import type { Holiday, Order, OrderEventDraft } from '../../src/domain/orders/types.js';
import { isTerminal } from '../../src/domain/orders/types.js';
import {
  DuplicateCustomerReference,
  type EventFilter,
  type IdempotencyClaim,
  type IdempotencyKey,
  NumberInOpenOrder,
  type OrderFilter,
  type OrderStore,
  type OrderWrite,
  type Page,
  type StoredEvent,
  type TimerCandidates,
  VersionMismatch,
} from '../../src/store/orders-store.js';

const DAY_MS = 86_400_000;
const clone = <T>(v: T): T => structuredClone(v);

interface IdemRecord {
  requestHash: string;
  at: string;
  done: { status: number; body: string } | null;
}

export class MemoryOrderStore implements OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly log: StoredEvent[] = [];
  private readonly docs = new Map<string, Buffer>();
  private readonly idem = new Map<string, IdemRecord>();
  private holidayList: Holiday[] = [];
  private position = 0;

  private holderOf(number: string, except: ReadonlySet<string>): string | null {
    for (const o of this.orders.values()) {
      if (except.has(o.id) || isTerminal(o.status)) continue;
      if (o.numbers.some((n) => n.number === number)) return o.id;
    }
    return null;
  }

  private checkOpen(order: Order, except: ReadonlySet<string>): void {
    if (isTerminal(order.status)) return;
    for (const n of order.numbers) {
      const other = this.holderOf(n.number, except);
      if (other) throw new NumberInOpenOrder(n.number, other);
    }
  }

  private checkReference(order: Order, except: ReadonlySet<string>): void {
    if (order.customerReference === null) return;
    for (const o of this.orders.values()) {
      if (except.has(o.id)) continue;
      if (o.account === order.account && o.customerReference === order.customerReference) {
        throw new DuplicateCustomerReference(order.customerReference);
      }
    }
  }

  private append(events: readonly OrderEventDraft[], accounts: ReadonlyMap<string, string>): StoredEvent[] {
    return events.map((e) => {
      const seq = this.log.filter((x) => x.orderId === e.orderId).length + 1;
      this.position++;
      const stored: StoredEvent = {
        id: `evt_${String(this.position).padStart(8, '0')}`,
        type: e.type,
        orderId: e.orderId,
        account: accounts.get(e.orderId) ?? this.orders.get(e.orderId)?.account ?? '',
        seq,
        occurredAt: e.occurredAt,
        data: clone(e.data),
        position: String(this.position),
      };
      this.log.push(stored);
      return clone(stored);
    });
  }

  async create(orders: readonly Order[], events: readonly OrderEventDraft[]): Promise<StoredEvent[]> {
    const ids = new Set(orders.map((o) => o.id));
    const seen = new Map<string, string>();
    for (const o of orders) {
      this.checkOpen(o, ids);
      this.checkReference(o, ids);
      for (const n of o.numbers) {
        const twice = seen.get(n.number);
        if (twice) throw new NumberInOpenOrder(n.number, twice);
        seen.set(n.number, o.id);
      }
    }
    const refs = orders.map((o) => o.customerReference).filter((r) => r !== null);
    if (new Set(refs).size !== refs.length) throw new DuplicateCustomerReference(refs[0] as string);
    for (const o of orders) this.orders.set(o.id, clone(o));
    return this.append(events, new Map(orders.map((o) => [o.id, o.account])));
  }

  async get(id: string): Promise<Order | null> {
    const o = this.orders.get(id);
    return o ? clone(o) : null;
  }

  async update(write: OrderWrite): Promise<StoredEvent[]> {
    const stored = this.orders.get(write.order.id);
    if (!stored || stored.version !== write.expectedVersion) {
      throw new VersionMismatch(write.order.id, stored?.version ?? null);
    }
    const ids = new Set([write.order.id, ...(write.created ? [write.created.id] : [])]);
    this.checkOpen(write.order, ids);
    this.checkReference(write.order, ids);
    this.orders.set(write.order.id, clone(write.order));
    if (write.created) this.orders.set(write.created.id, clone(write.created));
    if (write.document)
      this.docs.set(`${write.order.id}/${write.document.id}`, Buffer.from(write.document.bytes));
    return this.append(write.events, new Map());
  }

  async list(filter: OrderFilter, limit: number, cursor?: string | null): Promise<Page<Order>> {
    const matches = [...this.orders.values()]
      .filter((o) => matchesFilter(o, filter))
      .sort((a, b) =>
        a.createdAt === b.createdAt ? b.id.localeCompare(a.id) : a.createdAt < b.createdAt ? 1 : -1,
      );
    const start = cursor ? matches.findIndex((o) => o.id === cursor) + 1 : 0;
    const items = matches.slice(start, start + limit);
    const more = start + limit < matches.length;
    return { items: items.map(clone), next: more ? items[items.length - 1].id : null };
  }

  async openOrdersOf(numbers: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const n of numbers) {
      const holder = this.holderOf(n, new Set());
      if (holder) out.set(n, holder);
    }
    return out;
  }

  async events(filter: EventFilter): Promise<StoredEvent[]> {
    const after = filter.after === undefined ? 0 : Number(filter.after);
    return this.log
      .filter(
        (e) =>
          Number(e.position) > after &&
          (filter.account === undefined || e.account === filter.account) &&
          (filter.orderId === undefined || e.orderId === filter.orderId) &&
          (filter.type === undefined || e.type === filter.type),
      )
      .slice(0, filter.limit)
      .map(clone);
  }

  async document(orderId: string, documentId: string) {
    const bytes = this.docs.get(`${orderId}/${documentId}`);
    const meta = this.orders.get(orderId)?.documents.find((d) => d.id === documentId);
    if (!bytes || !meta) return null;
    return {
      orderId,
      documentId,
      contentType: meta.contentType,
      filename: meta.filename,
      bytes: Buffer.from(bytes),
    };
  }

  async timerCandidates(c: TimerCandidates): Promise<Order[]> {
    return [...this.orders.values()]
      .filter(
        (o) =>
          (o.status === 'draft' && o.updatedAt < c.draftIdleBefore) ||
          (o.status === 'exception' && o.updatedAt < c.exceptionIdleBefore) ||
          (o.status === 'foc_confirmed' && o.foc !== null && o.foc.date < c.focBefore),
      )
      .slice(0, c.limit)
      .map(clone);
  }

  async holidays(): Promise<Holiday[]> {
    return clone(this.holidayList);
  }

  async importHolidays(holidays: readonly Holiday[], replace: boolean) {
    let inserted = 0;
    let updated = 0;
    if (replace) this.holidayList = [];
    for (const h of holidays) {
      const at = this.holidayList.findIndex((x) => x.date === h.date && x.carrierId === h.carrierId);
      if (at >= 0) {
        this.holidayList[at] = { ...h };
        updated++;
      } else {
        this.holidayList.push({ ...h });
        inserted++;
      }
    }
    return { inserted, updated };
  }

  async claimIdempotency(key: IdempotencyKey, now: string): Promise<IdempotencyClaim> {
    const id = `${key.scope}\u0000${key.key}`;
    const rec = this.idem.get(id);
    if (rec && Date.parse(now) - Date.parse(rec.at) < DAY_MS) {
      if (rec.requestHash !== key.requestHash) return { state: 'reused' };
      return rec.done ? { state: 'done', ...rec.done } : { state: 'in_use' };
    }
    this.idem.set(id, { requestHash: key.requestHash, at: now, done: null });
    return { state: 'new' };
  }

  async completeIdempotency(key: IdempotencyKey, status: number, body: string): Promise<void> {
    const rec = this.idem.get(`${key.scope}\u0000${key.key}`);
    if (rec) rec.done = { status, body };
  }

  async releaseIdempotency(key: IdempotencyKey): Promise<void> {
    this.idem.delete(`${key.scope}\u0000${key.key}`);
  }

  /** Test hook: an order as stored, changed behind the service's back (e.g. an old updatedAt). */
  poke(id: string, patch: Partial<Order>): void {
    const o = this.orders.get(id);
    if (o) this.orders.set(id, { ...o, ...clone(patch) });
  }
}

function matchesFilter(o: Order, f: OrderFilter): boolean {
  return (
    (f.account === undefined || o.account === f.account) &&
    (f.status === undefined || f.status.includes(o.status)) &&
    (f.number === undefined || o.numbers.some((n) => n.number === f.number)) &&
    (f.losingCarrier === undefined || o.losingCarrier.id === f.losingCarrier) &&
    (f.customerReference === undefined || o.customerReference === f.customerReference) &&
    (f.groupId === undefined || o.groupId === f.groupId) &&
    (f.createdAfter === undefined || o.createdAt >= f.createdAfter) &&
    (f.createdBefore === undefined || o.createdAt < f.createdBefore)
  );
}
