// What the timers do to one order at `now` (docs/spec/orders.md §4 "Timers"). Idle means no change:
// the time since `updatedAt`. The caller runs this over the orders it holds and persists the result
// in one transaction per order; a null answer means nothing to do.
import { localDate } from './business-days.js';
import type { Decision } from './decision.js';
import { orderEvent } from './events.js';
import type { OrderSettings } from './settings.js';
import type { CancelReason, Order } from './types.js';

const DAY_MS = 86_400_000;

function expire(order: Order, now: Date, reason: CancelReason): Decision {
  const at = now.toISOString();
  const next: Order = {
    ...order,
    status: 'cancelled',
    cancelStage: order.status,
    cancelReason: reason,
    numbers: order.numbers.map((n) => (n.status === 'ported' ? n : { ...n, status: 'cancelled' as const })),
    version: order.version + 1,
    updatedAt: at,
    statusUpdatedAt: at,
  };
  return {
    ok: true,
    order: next,
    events: [orderEvent('port_order.status_changed', next, now, { from: order.status, to: 'cancelled' })],
  };
}

export function decideTimers(order: Order, now: Date, settings: OrderSettings): Decision | null {
  const idle = now.getTime() - Date.parse(order.updatedAt);
  if (order.status === 'draft' && idle >= settings.draftIdleDays * DAY_MS)
    return expire(order, now, 'expired');
  if (order.status === 'exception' && idle >= settings.exceptionIdleDays * DAY_MS) {
    return expire(order, now, 'abandoned');
  }
  if (
    order.status === 'foc_confirmed' &&
    order.foc !== null &&
    order.foc.date < localDate(now, settings.timeZone) &&
    order.focOverdueNotified !== order.foc.date
  ) {
    // Once per FOC date: a new date re-arms it. Only a marker changes, not the order a client edits,
    // so neither `version` nor `updatedAt` moves (a pending If-Match stays good). Never completes.
    const next: Order = { ...order, focOverdueNotified: order.foc.date };
    return {
      ok: true,
      order: next,
      events: [orderEvent('port_order.foc_overdue', next, now, { foc_date: order.foc.date })],
    };
  }
  return null;
}
