// The shapes of a decision (what `decide`, the edits and the timers answer) and the helpers every
// action shares: the version bump, the status_changed event, the checks of a list of numbers.
import { orderEvent } from './events.js';
import { type GroupRef, type Recheck, type Refusal, refuse } from './refusal.js';
import type { OrderSettings } from './settings.js';
import type { CancelReason, Holiday, Order, OrderEventDraft, OrderNumber } from './types.js';

export type ActionRequest =
  | { action: 'submit'; input?: Record<string, never> }
  | {
      action: 'record-submission';
      input: { occurredAt: string; pon?: string | null; externalRef?: string | null };
    }
  | { action: 'reject'; input: { code: string; detail: string; fields?: string[]; numbers?: string[] } }
  | {
      action: 'record-foc';
      input: { focDate: string; windowStart?: string | null; windowEnd?: string | null };
    }
  | { action: 'request-supp'; input: { requestedFocDate: string } }
  | { action: 'complete'; input?: { portedNumbers?: string[]; occurredAt?: string } }
  | { action: 'cancel'; input?: { force?: boolean; reason?: CancelReason } }
  | { action: 'confirm-cancel'; input?: { reason?: CancelReason } }
  | { action: 'deny-cancel'; input?: Record<string, never> }
  | { action: 'split'; input: { numbers: string[] } };

export interface DecisionContext {
  settings: OrderSettings;
  /** Every imported holiday; the losing carrier's and everyone's apply. */
  holidays: readonly Holiday[];
  /** submit: the fresh check of each of the order's open numbers, made by the caller. */
  recheck?: readonly Recheck[];
  /** split: the id of the new order. */
  newOrderId?: string;
}

export interface Decision {
  ok: true;
  order: Order;
  events: OrderEventDraft[];
  /** split: the new order (its `created` event is in `events`). */
  created?: Order;
}

export type Outcome = Decision | Refusal;

/** The group an order was made from, as the re-check compares it. */
export const groupOf = (order: Order): GroupRef => ({
  numberType: order.numberType,
  losingCarrierId: order.losingCarrier.id,
  gainingCarrierId: order.gainingCarrier.id,
  lata: order.lata,
});

export const sameGroup = (a: GroupRef, b: GroupRef) =>
  a.numberType === b.numberType &&
  a.losingCarrierId === b.losingCarrierId &&
  a.gainingCarrierId === b.gainingCarrierId &&
  a.lata === b.lata;

/** Numbers still in play: neither ported nor cancelled. */
export const isOpen = (n: OrderNumber) => n.status !== 'ported' && n.status !== 'cancelled';

export const portKindFor = (order: Order, numbers: OrderNumber[]): Order['portKind'] =>
  order.portKindOverridden ? order.portKind : numbers.length === 1 ? 'simple' : 'non_simple';

/** Every change: version +1 and updated_at; a change of state also stamps status_updated_at. */
export function changed(order: Order, now: Date, patch: Partial<Order>): Order {
  const next: Order = { ...order, ...patch, version: order.version + 1, updatedAt: now.toISOString() };
  if (next.status !== order.status) next.statusUpdatedAt = next.updatedAt;
  return next;
}

export function transitioned(order: Order, now: Date, patch: Partial<Order>): Decision {
  const next = changed(order, now, patch);
  const events = [
    orderEvent('port_order.status_changed', next, now, { from: order.status, to: next.status }),
  ];
  return { ok: true, order: next, events };
}

/** Checks that `list` is non-empty, without repeats, and names only open numbers of the order. */
export function checkNumbers(order: Order, list: readonly string[], what: string): Refusal | null {
  if (list.length === 0) return refuse('invalid_input', `${what}: give at least one number.`);
  const open = new Set(order.numbers.filter(isOpen).map((n) => n.number));
  const unknown = list.filter((n) => !open.has(n));
  if (unknown.length > 0) {
    return refuse('invalid_input', `${what}: not open numbers of this order: ${unknown.join(', ')}.`);
  }
  if (new Set(list).size !== list.length)
    return refuse('invalid_input', `${what}: a number is listed twice.`);
  return null;
}

export function pastInstant(value: string, now: Date, field: string): Refusal | null {
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return refuse('invalid_input', `${field} must be an ISO 8601 date and time.`);
  }
  if (t > now.getTime()) return refuse('invalid_input', `${field} is in the future.`);
  return null;
}
