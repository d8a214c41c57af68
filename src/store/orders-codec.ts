// What both adapters store of an order, and the tokens they hand out, so that the two write and page
// alike: the JSON body with `pin` and `accountNumber` encrypted (field-cipher), the columns that
// filters, uniqueness and timers read, the events' data, the list cursor and the event position.
import { isTerminal, type Order, type OrderNumber } from '../domain/orders/types.js';
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
): OrderRow {
  const { pin, accountNumber } = order.endUser;
  const stored = {
    ...order,
    endUser: {
      ...order.endUser,
      pin: pin === null ? null : seal(pin),
      accountNumber: accountNumber === null ? null : seal(accountNumber),
    },
    numbers: order.numbers.map(packNumber),
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
  order.numbers = (order.numbers as readonly (string | OrderNumber)[]).map(unpackNumber);
  return order;
}

// Most of an order's numbers, and so most of its body, say nothing beyond their digits (active, no
// FOC date, no rejection): stored as the bare string, such a number takes 14 bytes instead of 75,
// which is most of what creating a large order writes. Bodies written before are read the same.
const packNumber = (n: OrderNumber): string | OrderNumber =>
  n.status === 'active' && n.focDate === null && n.rejection === null ? n.number : n;

const unpackNumber = (n: string | OrderNumber): OrderNumber =>
  typeof n === 'string' ? { number: n, status: 'active', focDate: null, rejection: null } : n;

/**
 * An event's `data` as stored: the status snapshot's numbers packed like the body's (an active number
 * with no FOC date as its bare string). `decodeEventData` gives back the wire form.
 */
export function encodeEventData(data: Record<string, unknown>): string {
  const numbers = data.numbers;
  // The snapshot's numbers share one shape (events.ts builds them): packed only when it is exactly
  // {number, status, foc_date}, so that a member added there one day is never dropped here.
  if (!Array.isArray(numbers) || !hasWireShape(numbers[0])) return JSON.stringify(data);
  return JSON.stringify({ ...data, numbers: numbers.map(packWireNumber) });
}

export function decodeEventData(text: string): Record<string, unknown> {
  const data = JSON.parse(text) as Record<string, unknown>;
  if (Array.isArray(data.numbers)) data.numbers = data.numbers.map(unpackWireNumber);
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

const packWireNumber = (n: unknown): unknown => {
  const w = n as WireNumber;
  return typeof w.number === 'string' && w.status === 'active' && w.foc_date === null ? w.number : n;
};

const unpackWireNumber = (n: unknown): unknown =>
  typeof n === 'string' ? { number: n, status: 'active', foc_date: null } : n;

/** Each number and whether it holds its place (open): see order_numbers (sqlite/orders/schema.ts). */
export function numberRows(order: Pick<Order, 'status' | 'numbers'>): [number: string, open: 0 | 1][] {
  const terminal = isTerminal(order.status);
  return order.numbers.map((n) => [
    n.number,
    !terminal && n.status !== 'ported' && n.status !== 'cancelled' ? 1 : 0,
  ]);
}

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
  const { status, numbers } = JSON.parse(body) as {
    status: Order['status'];
    numbers: (string | OrderNumber)[];
  };
  return numberRows({ status, numbers: numbers.map(unpackNumber) });
}

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
