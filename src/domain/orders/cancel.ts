// cancel, confirm-cancel and deny-cancel (§4): before submission a cancel is immediate; after it,
// the losing carrier must confirm, and the lock window before the FOC holds unless the desk forces.
import { ACTION_TABLE } from './action-table.js';
import { insideLockWindow } from './business-days.js';
import { type DecisionContext, type Outcome, transitioned } from './decision.js';
import { refuse } from './refusal.js';
import { hasRole } from './roles.js';
import type { Actor, CancelReason, Order, OrderStatus } from './types.js';

const CANCEL_REASONS_ASKED: readonly CancelReason[] = ['user', 'desk', 'carrier'];

const cancelNumbers = (order: Order) =>
  order.numbers.map((n) => (n.status === 'ported' ? n : { ...n, status: 'cancelled' as const }));

export function cancel(
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
    if (!CANCEL_REASONS_ASKED.includes(input.reason)) {
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
  if (!input.force && insideLockWindow(order.foc, now, ctx.settings)) {
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

export function confirmCancel(order: Order, input: { reason?: CancelReason }, now: Date): Outcome {
  if (input.reason !== undefined && !CANCEL_REASONS_ASKED.includes(input.reason)) {
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

export function denyCancel(order: Order, now: Date): Outcome {
  // cancel_requested always records the state it came from; `submitted` only guards a bad row.
  return transitioned(order, now, {
    status: order.cancelFrom ?? 'submitted',
    cancelFrom: null,
    cancelRequestedReason: null,
  });
}
