// The events of docs/spec/orders.md §7, built from an explicit list of fields so that `pin`,
// `account_number` and the rest of `end_user` can never slip into one.
import type { EventType, Order, OrderEventDraft } from './types.js';

/** The order's status snapshot, in wire form: every event's `data` starts with it. */
export function statusSnapshot(order: Order): Record<string, unknown> {
  return {
    status: order.status,
    version: order.version,
    group_id: order.groupId,
    customer_reference: order.customerReference,
    number_type: order.numberType,
    losing_carrier: { id: order.losingCarrier.id, name: order.losingCarrier.name },
    gaining_carrier: { id: order.gainingCarrier.id, name: order.gainingCarrier.name },
    port_kind: order.portKind,
    requested_foc_date: order.requestedFocDate,
    foc: order.foc
      ? { date: order.foc.date, window_start: order.foc.windowStart, window_end: order.foc.windowEnd }
      : null,
    numbers: order.numbers.map((n) => ({ number: n.number, status: n.status, foc_date: n.focDate })),
    reason: order.reason
      ? {
          code: order.reason.code,
          detail: order.reason.detail,
          fields: [...order.reason.fields],
          numbers: [...order.reason.numbers],
        }
      : null,
    cancel_stage: order.cancelStage,
    cancel_reason: order.cancelReason,
    split_from: order.splitFrom,
  };
}

export function orderEvent(
  type: EventType,
  order: Order,
  now: Date,
  extra: Record<string, unknown> = {},
): OrderEventDraft {
  return {
    type,
    orderId: order.id,
    occurredAt: now.toISOString(),
    data: { ...statusSnapshot(order), ...extra },
  };
}
