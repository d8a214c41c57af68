// An order to and from its row: the JSON body with `pin` and `accountNumber` encrypted (field-cipher),
// and the columns that filters, uniqueness and timers read.
import { isTerminal, type Order } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';

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

/** See the foc_watch column (schema.ts). */
const focWatch = (o: Order): string | null =>
  o.status === 'foc_confirmed' && o.foc !== null && o.focOverdueNotified !== o.foc.date ? o.foc.date : null;

export function toRow(order: Order, cipher: FieldCipher): OrderRow {
  const { pin, accountNumber } = order.endUser;
  const stored: Order = {
    ...order,
    endUser: {
      ...order.endUser,
      pin: pin === null ? null : cipher.encrypt(pin),
      accountNumber: accountNumber === null ? null : cipher.encrypt(accountNumber),
    },
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

export function fromBody(body: string, cipher: FieldCipher): Order {
  const order = JSON.parse(body) as Order;
  const { pin, accountNumber } = order.endUser;
  if (pin !== null) order.endUser.pin = cipher.decrypt(pin);
  if (accountNumber !== null) order.endUser.accountNumber = cipher.decrypt(accountNumber);
  return order;
}

/** The numbers that hold their place: see order_numbers.open (schema.ts). */
export function numberRows(order: Order): [number: string, open: 0 | 1][] {
  const terminal = isTerminal(order.status);
  return order.numbers.map((n) => [
    n.number,
    !terminal && n.status !== 'ported' && n.status !== 'cancelled' ? 1 : 0,
  ]);
}
