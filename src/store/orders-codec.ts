// What both adapters store of an order, and the tokens they hand out, so that the two write and page
// alike: the JSON body with `pin` and `accountNumber` encrypted (field-cipher), the columns that
// filters, uniqueness and timers read, the events' data, the list cursor and the event position.
import { isPlainNumber, isTerminal, type Order, type OrderNumber } from '../domain/orders/types.js';
import { ulid } from '../ulid.js';
import type { FieldCipher } from './field-cipher.js';
import { InvalidCursor } from './orders-store.js';

/** The orders table's columns, in the order of ORDER_COLUMNS. */
export type OrderRow = [
  id: string,
  account: string,
  groupId: string,
  status: string,
  customerReference: string | null,
  losingCarrierId: string,
  createdAt: string,
  updatedAt: string,
  version: number,
  focWatch: string | null,
  body: string,
];

export const ORDER_COLUMNS =
  'id, account, group_id, status, customer_reference, losing_carrier_id, created_at, updated_at, version, foc_watch, body';

/** See the foc_watch column (sqlite/orders/schema.ts). */
const focWatch = (o: Order): string | null =>
  o.status === 'foc_confirmed' && o.foc !== null && o.focOverdueNotified !== o.foc.date ? o.foc.date : null;

/**
 * `seal` encrypts a sensitive field: by default each value afresh; the orders of one create share
 * their end user's PIN and account number, so a create passes sealOnce's, which encrypts each
 * distinct value once (dozens of orders, one AES-GCM operation per value).
 */
export function toRow(
  order: Order,
  cipher: FieldCipher,
  seal: (plain: string) => string = (plain) => cipher.encrypt(plain),
  values: Float64Array = numberValues(order.numbers),
): OrderRow {
  const { pin, accountNumber } = order.endUser;
  const stored = {
    ...order,
    endUser: {
      ...order.endUser,
      pin: pin === null ? null : seal(pin),
      accountNumber: accountNumber === null ? null : seal(accountNumber),
    },
    numbers: packNumbers(order.numbers, values),
  };
  return [
    order.id,
    order.account,
    order.groupId,
    order.status,
    order.customerReference,
    order.losingCarrier.id,
    order.createdAt,
    order.updatedAt,
    order.version,
    focWatch(order),
    JSON.stringify(stored),
  ];
}

/** A `seal` for toRow that encrypts each distinct value once (a fresh IV for each value). */
export function sealOnce(cipher: FieldCipher): (plain: string) => string {
  const sealed = new Map<string, string>();
  return (plain) => {
    let value = sealed.get(plain);
    if (value === undefined) {
      value = cipher.encrypt(plain);
      sealed.set(plain, value);
    }
    return value;
  };
}

export function fromBody(body: string, cipher: FieldCipher): Order {
  const order = JSON.parse(body) as Order;
  const { pin, accountNumber } = order.endUser;
  if (pin !== null) order.endUser.pin = cipher.decrypt(pin);
  if (accountNumber !== null) order.endUser.accountNumber = cipher.decrypt(accountNumber);
  order.numbers = unpackNumbers(order.numbers as readonly StoredNumber[]);
  return order;
}

// Most of an order's numbers, and so most of its body, say nothing beyond their digits (active, no
// FOC date, no rejection), and a business's numbers mostly come in blocks. Stored, such a number is
// its digits (14 bytes instead of 75), and two or more of them in a row that count up by one are
// [first, count] (a block of 100 in 17 bytes): most of what a large create writes. A run stands only
// for canonical numbers, whose digits it gives back exactly. Bodies written before read the same.
type StoredNumber = string | OrderNumber | [first: number, count: number];

/** `canonical`: numberValues(numbers). */
function packNumbers(numbers: readonly OrderNumber[], canonical: Float64Array): StoredNumber[] {
  const values = new Float64Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) values[i] = isPlainNumber(numbers[i]) ? canonical[i] : NOT_PLAIN;
  return packRuns(numbers, values);
}

function unpackNumbers(stored: readonly StoredNumber[]): OrderNumber[] {
  return unpackRuns(stored, (number) => ({ number, status: 'active', focDate: null, rejection: null }));
}

/** In packRuns' `values`: the item is not plain (a plain one's value is its canonicalValue). */
const NOT_PLAIN = -2;

/**
 * `items` with each plain one as its number, and each row of two or more plain ones whose canonical
 * numbers count up by one as [first, count]; the others as they are. `values[i]` says which item[i]
 * is: NOT_PLAIN, or plain with its canonicalValue (-1 for a number that is not canonical, never in a
 * run). The callers work that out in one loop of their own, so that this one calls nothing per item.
 */
function packRuns<T extends { number: string }>(
  items: readonly T[],
  values: Float64Array,
): (string | T | [number, number])[] {
  const out: (string | T | [number, number])[] = [];
  let i = 0;
  while (i < items.length) {
    const first = values[i];
    if (first === NOT_PLAIN) {
      out.push(items[i]);
      i++;
      continue;
    }
    let count = 1;
    if (first > 0) while (i + count < items.length && values[i + count] === first + count) count++;
    out.push(count > 1 ? [first, count] : items[i].number);
    i += count;
  }
  return out;
}

/** packRuns undone: a string is a plain item's number, [first, count] that many, anything else itself. */
function unpackRuns<T>(stored: readonly unknown[], plain: (number: string) => T): T[] {
  const out: T[] = [];
  for (const s of stored) {
    if (typeof s === 'string') out.push(plain(s));
    else if (Array.isArray(s)) {
      const [first, count] = s as [number, number];
      for (let k = 0; k < count; k++) out.push(plain(String(first + k)));
    } else out.push(s as T);
  }
  return out;
}

const DIGIT_0 = 48;

/**
 * A stored number's value (11 digits, the first not 0), else -1, read from char codes: what a run of
 * a body stands for, and what SQLite's order_runs hold.
 */
export function canonicalValue(number: string): number {
  if (number.length !== 11 || number.charCodeAt(0) === DIGIT_0) return -1;
  let value = 0;
  for (let i = 0; i < 11; i++) {
    const d = number.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The canonicalValue of each of `numbers`. */
export function numberValues(numbers: readonly { number: string }[]): Float64Array {
  const values = new Float64Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) values[i] = canonicalValue(numbers[i].number);
  return values;
}

/**
 * An order a change writes, with its numberValues. They are worked out once per write: the body's
 * packing, the event's packing (its snapshot repeats the order's numbers) and SQLite's runs each need
 * them, and for a 10,000-number create the three passes were a fifth of the encoding's time.
 */
export interface WrittenOrder {
  order: Order;
  values: Float64Array;
}

/** The orders one change writes, by id: what its events are encoded against (accounts, values). */
export class WrittenOrders {
  private readonly byId = new Map<string, WrittenOrder>();

  constructor(orders: readonly Order[]) {
    for (const order of orders) this.byId.set(order.id, { order, values: numberValues(order.numbers) });
  }

  /** The written order an event names; an event naming another is a bug. */
  of(orderId: string): WrittenOrder {
    const written = this.byId.get(orderId);
    if (written === undefined)
      throw new Error(`an event names order ${orderId}, which this change does not write`);
    return written;
  }

  all(): IterableIterator<WrittenOrder> {
    return this.byId.values();
  }
}

/**
 * An event's `data` as stored: the status snapshot's numbers packed like the body's (an active number
 * with no FOC date as its bare string). `decodeEventData` gives back the wire form. `from`: the order
 * the snapshot was taken of, whose values stand for each number that is the same at the same place.
 */
export function encodeEventData(data: Record<string, unknown>, from?: WrittenOrder): string {
  const numbers = data.numbers;
  // The snapshot's numbers share one shape (events.ts builds them): packed only when it is exactly
  // {number, status, foc_date}, so that a member added there one day is never dropped here.
  if (!Array.isArray(numbers) || !hasWireShape(numbers[0])) return JSON.stringify(data);
  const wire = numbers as WireNumber[];
  const values = new Float64Array(wire.length);
  const known = from?.order.numbers ?? [];
  const knownValues = from?.values ?? values;
  for (let i = 0; i < wire.length; i++) {
    const n = wire[i];
    if (!isPlainWire(n)) values[i] = NOT_PLAIN;
    else if (i < known.length && n.number === known[i].number) values[i] = knownValues[i];
    else values[i] = canonicalValue(n.number);
  }
  return JSON.stringify({ ...data, numbers: packRuns(wire, values) });
}

export function decodeEventData(text: string): Record<string, unknown> {
  const data = JSON.parse(text) as Record<string, unknown>;
  if (Array.isArray(data.numbers)) {
    data.numbers = unpackRuns(
      data.numbers,
      (number): WireNumber => ({ number, status: 'active', foc_date: null }),
    );
  }
  return data;
}

interface WireNumber {
  number: string;
  status: string;
  foc_date: string | null;
}

const WIRE_KEYS = 'number,status,foc_date';

const hasWireShape = (n: unknown): boolean =>
  typeof n === 'object' && n !== null && Object.keys(n).join(',') === WIRE_KEYS;

/** Every snapshot number has the wire shape (hasWireShape of the first says so for all). */
const isPlainWire = (n: WireNumber): boolean =>
  typeof n.number === 'string' && n.status === 'active' && n.foc_date === null;

/** Each number and whether it holds its place (open): a row of PostgreSQL's order_numbers. */
export function numberRows(order: Pick<Order, 'status' | 'numbers'>): [number: string, open: 0 | 1][] {
  const terminal = isTerminal(order.status);
  return order.numbers.map((n) => [n.number, holdsPlace(terminal, n) ? 1 : 0]);
}

/** Whether a number of an order holds its place: the order not ended, the number neither ported nor cancelled. */
export const holdsPlace = (orderEnded: boolean, n: Pick<OrderNumber, 'status'>): boolean =>
  !orderEnded && n.status !== 'ported' && n.status !== 'cancelled';

/** How an order's number rows change from `before` to `after` (numberRows of each). */
export interface NumberRowChanges {
  /** In the order before, not after, with whether its row was open. */
  removed: [number: string, open: 0 | 1][];
  /** New to the order, with whether it holds its place. */
  added: [number: string, open: 0 | 1][];
  /** In both, now open (1) or closed (0): it was the other. */
  flipped: [number: string, open: 0 | 1][];
}

/** What each adapter writes of an update: the rows that change, not every number of the order. */
export function numberRowChanges(
  before: readonly (readonly [string, 0 | 1])[],
  after: readonly (readonly [string, 0 | 1])[],
): NumberRowChanges {
  const was = new Map(before);
  const changes: NumberRowChanges = { removed: [], added: [], flipped: [] };
  for (const [number, open] of after) {
    const old = was.get(number);
    was.delete(number);
    if (old === undefined) changes.added.push([number, open]);
    else if (old !== open) changes.flipped.push([number, open]);
  }
  changes.removed.push(...was);
  return changes;
}

/** numberRows of a stored body, without decrypting anything: what an update replaces. */
export function numberRowsOfBody(body: string): [number: string, open: 0 | 1][] {
  const { status, numbers } = JSON.parse(body) as { status: Order['status']; numbers: StoredNumber[] };
  return numberRows({ status, numbers: unpackNumbers(numbers) });
}

/**
 * A new event's id, the webhook-id of its deliveries: time-ordered, so that each goes in at the end
 * of the events' unique index (a random id put each of a create's 80 events on a page of its own).
 */
export const newEventId = (now: Date): string => `evt_${ulid(now)}`;

/** The list cursor names the last order of a page: its creation instant and id. */
export const encodeCursor = (createdAt: string, id: string): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // Reported below, whatever went wrong.
  }
  throw new InvalidCursor();
}

/** An event position from a caller (the HTTP layer's cursor): a non-negative integer, else InvalidCursor. */
export function parsePosition(position: string): number {
  if (!/^\d{1,15}$/.test(position)) throw new InvalidCursor();
  return Number(position);
}
