// The lifecycle of docs/spec/orders.md §4 as data (ACTION_TABLE) and one pure decision over it:
// `decide` answers a refusal, or the next order and the events to append with it. The caller (the
// store's transaction) persists both or neither.
import { type Blocker, blockers } from './blockers.js';
import {
  businessCalendar,
  focDateProblem,
  insideLockWindow as inLock,
  isIsoDate,
  isLocalTime,
  leadBusinessDays,
  localDate,
} from './business-days.js';
import { orderEvent } from './events.js';
import { isReasonCode, reasonCodeInfo } from './reason-codes.js';
import { type GroupRef, type PortabilityChange, type Recheck, type Refusal, refuse } from './refusal.js';
import { canSee, hasRole } from './roles.js';
import type { OrderSettings } from './settings.js';
import {
  ACTION_NAMES,
  type ActionName,
  type Actor,
  type CancelReason,
  type Holiday,
  type Order,
  type OrderEventDraft,
  type OrderNumber,
  type OrderStatus,
  type Role,
} from './types.js';

/** `previous`: the state the order was in before the pending cancel (deny-cancel). */
export type Target = OrderStatus | 'previous';

export interface ActionRule {
  /** The least role that may take the action (§1: each role may do what the one before it may). */
  role: Role;
  /** from → to; a state not listed refuses the action. */
  to: Partial<Record<OrderStatus, Target>>;
}

const NON_TERMINAL: OrderStatus[] = [
  'draft',
  'in_review',
  'submitted',
  'exception',
  'foc_confirmed',
  'supp_requested',
  'cancel_requested',
];

/** §4's table, row by row. */
export const ACTION_TABLE: Readonly<Record<ActionName, ActionRule>> = {
  submit: { role: 'customer', to: { draft: 'in_review', exception: 'in_review' } },
  'record-submission': { role: 'desk', to: { in_review: 'submitted' } },
  reject: {
    role: 'desk',
    to: {
      in_review: 'exception',
      submitted: 'exception',
      foc_confirmed: 'exception',
      supp_requested: 'exception',
    },
  },
  'record-foc': { role: 'desk', to: { submitted: 'foc_confirmed', supp_requested: 'foc_confirmed' } },
  'request-supp': { role: 'customer', to: { submitted: 'supp_requested', foc_confirmed: 'supp_requested' } },
  complete: { role: 'desk', to: { foc_confirmed: 'completed' } },
  cancel: {
    role: 'customer',
    to: {
      draft: 'cancelled',
      in_review: 'cancelled',
      exception: 'cancelled',
      submitted: 'cancel_requested',
      foc_confirmed: 'cancel_requested',
      supp_requested: 'cancel_requested',
    },
  },
  'confirm-cancel': { role: 'desk', to: { cancel_requested: 'cancelled' } },
  'deny-cancel': { role: 'desk', to: { cancel_requested: 'previous' } },
  split: { role: 'desk', to: Object.fromEntries(NON_TERMINAL.map((s) => [s, s])) },
};

/** The actions `role` may take from `status`, in the table's order. */
export const allowedActions = (status: OrderStatus, role: Role): ActionName[] =>
  ACTION_NAMES.filter((a) => ACTION_TABLE[a].to[status] !== undefined && hasRole(role, ACTION_TABLE[a].role));

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

const sameGroup = (a: GroupRef, b: GroupRef) =>
  a.numberType === b.numberType &&
  a.losingCarrierId === b.losingCarrierId &&
  a.gainingCarrierId === b.gainingCarrierId &&
  a.lata === b.lata;

/** Numbers still in play: neither ported nor cancelled. */
const isOpen = (n: OrderNumber) => n.status !== 'ported' && n.status !== 'cancelled';

export const portKindFor = (order: Order, numbers: OrderNumber[]): Order['portKind'] =>
  order.portKindOverridden ? order.portKind : numbers.length === 1 ? 'simple' : 'non_simple';

/** Every change: version +1 and updated_at; a change of state also stamps status_updated_at. */
function changed(order: Order, now: Date, patch: Partial<Order>): Order {
  const next: Order = { ...order, ...patch, version: order.version + 1, updatedAt: now.toISOString() };
  if (next.status !== order.status) next.statusUpdatedAt = next.updatedAt;
  return next;
}

function transitioned(order: Order, now: Date, patch: Partial<Order>): Decision {
  const next = changed(order, now, patch);
  const events = [
    orderEvent('port_order.status_changed', next, now, { from: order.status, to: next.status }),
  ];
  return { ok: true, order: next, events };
}

/** Checks that `list` is non-empty, without repeats, and names only open numbers of the order. */
function checkNumbers(order: Order, list: readonly string[], what: string): Refusal | null {
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

function pastInstant(value: string, now: Date, field: string): Refusal | null {
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    return refuse('invalid_input', `${field} must be an ISO 8601 date and time.`);
  }
  if (t > now.getTime()) return refuse('invalid_input', `${field} is in the future.`);
  return null;
}

export function decide(
  order: Order,
  request: ActionRequest,
  actor: Actor,
  now: Date,
  ctx: DecisionContext,
): Outcome {
  if (!canSee(actor, order)) return refuse('not_found', 'No such port order.');
  const rule = ACTION_TABLE[request.action];
  const allowed = allowedActions(order.status, actor.role);
  if (!hasRole(actor.role, rule.role)) {
    return refuse('forbidden_action', `A ${actor.role} key may not ${request.action}.`, {
      status: order.status,
      allowed,
    });
  }
  if (rule.to[order.status] === undefined) {
    const may = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : 'no action is allowed';
    return refuse('invalid_transition', `Cannot ${request.action} an order in ${order.status} (${may}).`, {
      status: order.status,
      allowed,
    });
  }
  switch (request.action) {
    case 'submit':
      return submit(order, now, ctx);
    case 'record-submission':
      return recordSubmission(order, request.input, now);
    case 'reject':
      return reject(order, request.input, now);
    case 'record-foc':
      return recordFoc(order, request.input, now, ctx);
    case 'request-supp':
      return requestSupp(order, request.input, now, ctx);
    case 'complete':
      return complete(order, request.input ?? {}, now);
    case 'cancel':
      return cancel(order, request.input ?? {}, actor, now, ctx);
    case 'confirm-cancel':
      return confirmCancel(order, request.input ?? {}, now);
    case 'deny-cancel':
      return transitioned(order, now, {
        status: order.cancelFrom ?? 'submitted',
        cancelFrom: null,
        cancelRequestedReason: null,
      });
    case 'split':
      return split(order, request.input, now, ctx);
  }
}

function submit(order: Order, now: Date, ctx: DecisionContext): Outcome {
  const cal = businessCalendar(ctx.holidays, order.losingCarrier.id);
  const missing: Blocker[] = blockers(order, now, cal, ctx.settings);
  if (missing.length > 0) {
    return refuse('blockers_remain', `The order cannot be submitted yet: ${missing.length} blocker(s).`, {
      blockers: missing,
    });
  }
  if (!ctx.recheck) throw new Error('submit needs the fresh check of the order (DecisionContext.recheck)');
  const fresh = new Map(ctx.recheck.map((r) => [r.number, r]));
  const old = groupOf(order);
  const changes: PortabilityChange[] = [];
  for (const n of order.numbers.filter(isOpen)) {
    const r = fresh.get(n.number);
    if (!r) throw new Error(`submit: no fresh check for ${n.number}`);
    if (!r.portable) changes.push({ number: n.number, old, new: { reason: r.reason, detail: r.detail } });
    else if (!sameGroup(old, r.group)) changes.push({ number: n.number, old, new: { group: r.group } });
  }
  if (changes.length > 0) {
    return refuse('portability_changed', `${changes.length} number(s) changed since the order was made.`, {
      changes,
    });
  }
  // A resubmission after a rejection sends every number again: the rejections are answered.
  const numbers = order.numbers.map((n) =>
    n.status === 'rejected' ? { ...n, status: 'active' as const, rejection: null } : n,
  );
  return transitioned(order, now, { status: 'in_review', numbers, reason: null });
}

function recordSubmission(
  order: Order,
  input: { occurredAt: string; pon?: string | null; externalRef?: string | null },
  now: Date,
): Outcome {
  const bad = pastInstant(input.occurredAt, now, 'occurred_at');
  if (bad) return bad;
  return transitioned(order, now, {
    status: 'submitted',
    submittedAt: new Date(Date.parse(input.occurredAt)).toISOString(),
    pon: input.pon ?? order.pon,
    externalRef: input.externalRef ?? order.externalRef,
  });
}

function reject(
  order: Order,
  input: { code: string; detail: string; fields?: string[]; numbers?: string[] },
  now: Date,
): Outcome {
  if (!isReasonCode(input.code)) return refuse('invalid_input', `Unknown reason code ${input.code}.`);
  if (input.detail.trim() === '') return refuse('invalid_input', 'A rejection needs its detail.');
  const listed = input.numbers ?? order.numbers.filter(isOpen).map((n) => n.number);
  const bad = checkNumbers(order, listed, 'numbers');
  if (bad) return bad;
  const code = input.code;
  const detail = input.detail.trim();
  const hit = new Set(listed);
  const numbers = order.numbers.map((n) =>
    hit.has(n.number) ? { ...n, status: 'rejected' as const, rejection: { code, detail } } : n,
  );
  return transitioned(order, now, {
    status: 'exception',
    numbers,
    reason: { code, detail, fields: input.fields ?? reasonCodeInfo(code).fields, numbers: listed },
    pinRequired: order.pinRequired || code === 'PIN_REQUIRED',
  });
}

function recordFoc(
  order: Order,
  input: { focDate: string; windowStart?: string | null; windowEnd?: string | null },
  now: Date,
  ctx: DecisionContext,
): Outcome {
  const cal = businessCalendar(ctx.holidays, order.losingCarrier.id);
  if (!isIsoDate(input.focDate)) return refuse('invalid_foc_date', 'foc_date must be a date (YYYY-MM-DD).');
  if (input.focDate < localDate(now, ctx.settings.timeZone)) {
    return refuse('invalid_foc_date', `The FOC date ${input.focDate} has passed.`);
  }
  if (!cal.isBusinessDay(input.focDate)) {
    return refuse(
      'invalid_foc_date',
      `${input.focDate} is not a business day of ${order.losingCarrier.name} (a weekend or holiday).`,
    );
  }
  const windowStart = input.windowStart ?? null;
  const windowEnd = input.windowEnd ?? null;
  for (const t of [windowStart, windowEnd]) {
    if (t !== null && !isLocalTime(t)) return refuse('invalid_input', 'The FOC window is local HH:MM times.');
  }
  if (windowStart !== null && windowEnd !== null && windowStart >= windowEnd) {
    return refuse('invalid_input', 'The FOC window must start before it ends.');
  }
  const before = order.foc;
  const foc = { date: input.focDate, windowStart, windowEnd };
  const replaced =
    before &&
    (before.date !== foc.date || before.windowStart !== windowStart || before.windowEnd !== windowEnd);
  const focHistory = replaced
    ? [...order.focHistory, { ...before, replacedAt: now.toISOString() }]
    : order.focHistory;
  const numbers = order.numbers.map((n) =>
    n.status === 'active' || n.status === 'foc_confirmed'
      ? { ...n, status: 'foc_confirmed' as const, focDate: foc.date }
      : n,
  );
  const decision = transitioned(order, now, { status: 'foc_confirmed', foc, focHistory, numbers });
  if (before?.date !== foc.date) {
    decision.events.push(
      orderEvent('port_order.foc_changed', decision.order, now, {
        old_date: before?.date ?? null,
        new_date: foc.date,
      }),
    );
  }
  return decision;
}

function requestSupp(
  order: Order,
  input: { requestedFocDate: string },
  now: Date,
  ctx: DecisionContext,
): Outcome {
  if (insideLockWindow(order, now, ctx.settings)) {
    return refuse(
      'inside_lock_window',
      `Changes are closed ${ctx.settings.lockWindowHours} hours before the FOC (${order.foc!.date}).`,
    );
  }
  const cal = businessCalendar(ctx.holidays, order.losingCarrier.id);
  const lead = leadBusinessDays(order.numberType, order.portKind);
  const problem = focDateProblem(input.requestedFocDate, now, cal, lead, ctx.settings);
  if (problem) {
    return refuse(
      'invalid_foc_date',
      `requested_foc_date is not an allowed FOC date (${problem.replace(/_/g, ' ')}).`,
    );
  }
  return transitioned(order, now, { status: 'supp_requested', requestedFocDate: input.requestedFocDate });
}

const insideLockWindow = (order: Order, now: Date, settings: OrderSettings) =>
  inLock(order.foc, now, settings);

function complete(
  order: Order,
  input: { portedNumbers?: string[]; occurredAt?: string },
  now: Date,
): Outcome {
  const listed = input.portedNumbers ?? order.numbers.filter(isOpen).map((n) => n.number);
  const bad = checkNumbers(order, listed, 'ported_numbers');
  if (bad) return bad;
  if (input.occurredAt !== undefined) {
    const late = pastInstant(input.occurredAt, now, 'occurred_at');
    if (late) return late;
  }
  const ported = new Set(listed);
  const numbers = order.numbers.map((n) =>
    ported.has(n.number)
      ? { ...n, status: 'ported' as const }
      : n.status === 'ported'
        ? n
        : { ...n, status: 'cancelled' as const },
  );
  const at = input.occurredAt ? new Date(Date.parse(input.occurredAt)) : now;
  return transitioned(order, now, { status: 'completed', numbers, completedAt: at.toISOString() });
}

const cancelNumbers = (order: Order) =>
  order.numbers.map((n) => (n.status === 'ported' ? n : { ...n, status: 'cancelled' as const }));

function cancel(
  order: Order,
  input: { force?: boolean; reason?: CancelReason },
  actor: Actor,
  now: Date,
  ctx: DecisionContext,
): Outcome {
  const desk = hasRole(actor.role, 'desk');
  if (input.force && !desk) return refuse('forbidden_action', 'Only a desk key may force a cancel.');
  if (input.reason !== undefined) {
    if (!desk && input.reason !== 'user') return refuse('forbidden_action', 'A customer cancels as user.');
    if (!['user', 'desk', 'carrier'].includes(input.reason)) {
      return refuse('invalid_input', 'The cancel reason is one of user, desk, carrier.');
    }
  }
  const reason: CancelReason = input.reason ?? (desk ? 'desk' : 'user');
  const to = ACTION_TABLE.cancel.to[order.status] as OrderStatus;
  if (to === 'cancelled') {
    return transitioned(order, now, {
      status: 'cancelled',
      cancelStage: order.status,
      cancelReason: reason,
      numbers: cancelNumbers(order),
    });
  }
  if (!input.force && insideLockWindow(order, now, ctx.settings)) {
    return refuse(
      'inside_lock_window',
      `Cancelling is closed ${ctx.settings.lockWindowHours} hours before the FOC (${order.foc!.date}); the desk may force it.`,
    );
  }
  return transitioned(order, now, {
    status: 'cancel_requested',
    cancelFrom: order.status,
    cancelRequestedReason: reason,
  });
}

function confirmCancel(order: Order, input: { reason?: CancelReason }, now: Date): Outcome {
  if (input.reason !== undefined && !['user', 'desk', 'carrier'].includes(input.reason)) {
    return refuse('invalid_input', 'The cancel reason is one of user, desk, carrier.');
  }
  return transitioned(order, now, {
    status: 'cancelled',
    cancelStage: order.cancelFrom,
    cancelReason: input.reason ?? order.cancelRequestedReason ?? 'desk',
    cancelFrom: null,
    cancelRequestedReason: null,
    numbers: cancelNumbers(order),
  });
}

function split(order: Order, input: { numbers: string[] }, now: Date, ctx: DecisionContext): Outcome {
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
