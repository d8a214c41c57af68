// split (§4): the desk moves some numbers of an order into a new one that keeps `split_from`.
import {
  changed,
  checkNumbers,
  type DecisionContext,
  isOpen,
  type Outcome,
  portKindFor,
} from './decision.js';
import { orderEvent } from './events.js';
import { refuse } from './refusal.js';
import type { Order } from './types.js';

export function split(order: Order, input: { numbers: string[] }, now: Date, ctx: DecisionContext): Outcome {
  const bad = checkNumbers(order, input.numbers, 'numbers');
  if (bad) return bad;
  const moving = new Set(input.numbers);
  const staying = order.numbers.filter((n) => !moving.has(n.number));
  if (!staying.some(isOpen)) {
    return refuse('invalid_input', 'A split must leave at least one open number in the order.');
  }
  if (!ctx.newOrderId) throw new Error('split needs the new order id (DecisionContext.newOrderId)');
  const at = now.toISOString();
  const movedNumbers = order.numbers
    .filter((n) => moving.has(n.number))
    .map((n) => ({ number: n.number, status: 'active' as const, focDate: null, rejection: null }));
  // The new order starts as a draft: its numbers have not been sent on their own yet, so it is
  // submitted (and its FOC obtained) separately. It keeps the end user and documents (the LOA
  // covers its numbers) but not the customer reference, which is unique per account.
  const created: Order = {
    ...order,
    id: ctx.newOrderId,
    customerReference: null,
    version: 1,
    numbers: movedNumbers,
    portKind: portKindFor({ ...order, portKindOverridden: false }, movedNumbers),
    portKindOverridden: false,
    foc: null,
    focHistory: [],
    status: 'draft',
    reason: null,
    cancelFrom: null,
    cancelRequestedReason: null,
    cancelStage: null,
    cancelReason: null,
    pon: null,
    externalRef: null,
    splitFrom: order.id,
    focOverdueNotified: null,
    documents: order.documents.map((d) => ({ ...d })),
    endUser: { ...order.endUser },
    createdAt: at,
    updatedAt: at,
    statusUpdatedAt: at,
    submittedAt: null,
    completedAt: null,
  };
  const next = changed(order, now, {
    numbers: staying,
    portKind: portKindFor(order, staying),
    reason: order.reason
      ? { ...order.reason, numbers: order.reason.numbers.filter((n) => !moving.has(n)) }
      : order.reason,
  });
  return {
    ok: true,
    order: next,
    created,
    events: [
      orderEvent('port_order.split', next, now, {
        new_order_id: created.id,
        moved_numbers: [...input.numbers],
      }),
      orderEvent('port_order.created', created, now),
    ],
  };
}
