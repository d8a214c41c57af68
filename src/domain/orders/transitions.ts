// One pure decision over the §4 table (action-table.ts): `decide` answers a refusal, or the next
// order and the events to append with it; the caller (the store's transaction) persists both or
// neither. The actions of the main path are here; cancel.ts and split.ts hold the others.
import { ACTION_TABLE, allowedActions } from './action-table.js';
import { type Blocker, blockers } from './blockers.js';
import {
  businessCalendar,
  focDateProblem,
  insideLockWindow,
  isIsoDate,
  isLocalTime,
  leadBusinessDays,
  localDate,
} from './business-days.js';
import { cancel, confirmCancel, denyCancel } from './cancel.js';
import {
  type ActionRequest,
  checkNumbers,
  type DecisionContext,
  groupOf,
  isOpen,
  type Outcome,
  pastInstant,
  sameGroup,
  transitioned,
} from './decision.js';
import { orderEvent } from './events.js';
import { isReasonCode, reasonCodeInfo } from './reason-codes.js';
import { type PortabilityChange, refuse } from './refusal.js';
import { canSee, hasRole } from './roles.js';
import { split } from './split.js';
import type { Actor, Order } from './types.js';

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
      return denyCancel(order, now);
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
  if (insideLockWindow(order.foc, now, ctx.settings)) {
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
