// docs/spec/orders.md §4's table as data: which action goes from which state to which, and the least
// role that may take it. `decide` (transitions.ts) refuses everything the table does not list.
import { hasRole } from './roles.js';
import { ACTION_NAMES, type ActionName, type OrderStatus, type Role } from './types.js';

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
