// The persistence of port orders (docs/spec/orders.md): orders, their events, documents, holidays and
// idempotency records. Each adapter keeps them on its accounts side (SQLite: the accounts file;
// PostgreSQL: the same database), never behind an import's lock. The domain decides every change
// (domain/orders/decide and friends); the store only writes what it is given, all of one change in
// one transaction, and enforces what only the database can enforce under concurrency: the order's
// version (optimistic concurrency), a number in at most one open order, a customer reference unique
// per account. test/store/orders-suite.ts is the contract every adapter runs.
import type { Holiday, Order, OrderEventDraft, OrderStatus } from '../domain/orders/types.js';

/** An event as stored: the domain's draft plus its identity and place in the log (§7). */
export interface StoredEvent {
  /** `evt_…`, unique; the webhook-id of its deliveries. */
  id: string;
  type: OrderEventDraft['type'];
  orderId: string;
  account: string;
  /** Per order, from 1, in the order the changes committed. */
  seq: number;
  occurredAt: string;
  data: Record<string, unknown>;
  /**
   * Position in the whole log, increasing in commit order; opaque to clients, who page with it as
   * `after` (the HTTP layer encodes it as the cursor).
   */
  position: string;
}

/** A document's bytes, stored with the order (never in an event). */
export interface DocumentContent {
  orderId: string;
  documentId: string;
  contentType: string;
  filename: string;
  bytes: Buffer;
}

/** One change the domain decided, written in one transaction. */
export interface OrderWrite {
  /** The order as it is after the change; `version` is the new version. */
  order: Order;
  /** The version the change was decided on; the write fails with VersionMismatch if it moved. */
  expectedVersion: number;
  events: readonly OrderEventDraft[];
  /** split: the new order, inserted in the same transaction (its numbers leave `order`). */
  created?: Order;
  /** A document added by this change (its metadata is already in `order.documents`). */
  document?: { id: string; bytes: Buffer };
}

export interface OrderFilter {
  /** Restricts to one account (a customer key's own; a desk may pass `account`). */
  account?: string;
  status?: readonly OrderStatus[];
  /** Canonical number held by the order (any number status). */
  number?: string;
  losingCarrier?: string;
  customerReference?: string;
  groupId?: string;
  /** ISO instants, inclusive / exclusive. */
  createdAfter?: string;
  createdBefore?: string;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor of the next page, null on the last. */
  next: string | null;
}

export interface EventFilter {
  account?: string;
  orderId?: string;
  type?: string;
  /** A StoredEvent.position: only events after it. */
  after?: string;
  limit: number;
}

export interface HolidayCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

/** The result of claiming an Idempotency-Key (§4 "Concurrency"). */
export type IdempotencyClaim =
  /** First use: run the request, then complete() (or release() if it could not run). */
  | { state: 'new' }
  /** The same key and body finished before: answer with this. */
  | { state: 'done'; status: number; body: string }
  /** The same key is still running. */
  | { state: 'in_use' }
  /** The same key was used with another body. */
  | { state: 'reused' };

export interface IdempotencyKey {
  /** The API key's access key: keys are scoped to it. */
  scope: string;
  key: string;
  /** Hex SHA-256 of method, path and body. */
  requestHash: string;
}

/** Orders whose timers may be due (domain/orders/timers decides; the store only narrows). */
export interface TimerCandidates {
  /** draft orders not updated since this instant. */
  draftIdleBefore: string;
  /** exception orders not updated since this instant. */
  exceptionIdleBefore: string;
  /** foc_confirmed orders whose FOC date is before this `YYYY-MM-DD`. */
  focBefore: string;
  limit: number;
}

export interface OrderStore {
  /**
   * Inserts new orders (one group from §10) and their events, all or nothing. Rejects with
   * NumberInOpenOrder when one of their numbers is in another open order (naming it), with
   * DuplicateCustomerReference when the account already has an order with that reference.
   */
  create(orders: readonly Order[], events: readonly OrderEventDraft[]): Promise<StoredEvent[]>;

  /** The order, whatever its account (callers check who may see it), or null. */
  get(id: string): Promise<Order | null>;

  /**
   * Writes one decided change. Rejects with VersionMismatch when the stored version is not
   * `expectedVersion` (another writer won), with NumberInOpenOrder when an added number is in
   * another open order. Order status, numbers and documents move together with the events.
   */
  update(write: OrderWrite): Promise<StoredEvent[]>;

  /** Newest first (created_at, then id); `cursor` from the previous page. `limit` 1–200. */
  list(filter: OrderFilter, limit: number, cursor?: string | null): Promise<Page<Order>>;

  /** For each given canonical number that is in an open order: number → order id. */
  openOrdersOf(numbers: readonly string[]): Promise<Map<string, string>>;

  /** The log in commit order after `filter.after`. */
  events(filter: EventFilter): Promise<StoredEvent[]>;

  /** The bytes of one of an order's documents, or null. */
  document(orderId: string, documentId: string): Promise<DocumentContent | null>;

  /** Orders that may have a timer due; the caller decides and writes each with update(). */
  timerCandidates(c: TimerCandidates): Promise<Order[]>;

  /** Every imported holiday. */
  holidays(): Promise<Holiday[]>;
  /**
   * Merges holidays into the list (the same date and carrier takes the new name), or with `replace`
   * makes the list exactly these; all or nothing. `deleted` counts what `replace` removed.
   */
  importHolidays(holidays: readonly Holiday[], replace: boolean): Promise<HolidayCounts>;

  /** Claims an Idempotency-Key for a POST; records older than 24 h are forgotten. */
  claimIdempotency(key: IdempotencyKey, now: string): Promise<IdempotencyClaim>;
  /** Records the response of a claimed key, for replays. */
  completeIdempotency(key: IdempotencyKey, status: number, body: string): Promise<void>;
  /** Gives a claimed key back (the request failed before changing anything). */
  releaseIdempotency(key: IdempotencyKey): Promise<void>;
}

/** update() on a version that moved (If-Match or a concurrent writer): 412 version_mismatch. */
export class VersionMismatch extends Error {
  constructor(
    readonly orderId: string,
    readonly currentVersion: number | null,
  ) {
    super(`port order ${orderId} changed meanwhile (now at version ${currentVersion ?? 'gone'})`);
    this.name = 'VersionMismatch';
  }
}

/** A number already in another open order: 409 number_in_open_order. */
export class NumberInOpenOrder extends Error {
  constructor(
    readonly number: string,
    readonly orderId: string,
  ) {
    super(`number ${number} is already in open port order ${orderId}`);
    this.name = 'NumberInOpenOrder';
  }
}

/** customer_reference already used by another order of the account: 409. */
export class DuplicateCustomerReference extends Error {
  constructor(readonly reference: string) {
    super(`customer_reference ${reference} is already used by another order of this account`);
    this.name = 'DuplicateCustomerReference';
  }
}

/** A list cursor or event position that this store did not hand out: 400 for the client. */
export class InvalidCursor extends Error {
  constructor() {
    super('the cursor is not one this server handed out');
    this.name = 'InvalidCursor';
  }
}
