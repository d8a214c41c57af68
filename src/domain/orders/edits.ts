// Editing an order and changing its numbers (docs/spec/orders.md §4 "Editing"): allowed in `draft`
// and `exception`, and an edit in `exception` moves the order back to `draft`. Incomplete or
// malformed values are accepted (a draft is work in progress) and show up as `blockers`; only what
// could never be right is refused here.

import { allowedActions } from './action-table.js';
import { isIsoDate } from './business-days.js';
import { type Decision, groupOf, type Outcome, portKindFor, sameGroup } from './decision.js';
import { orderEvent } from './events.js';
import { type Recheck, type Refusal, refuse } from './refusal.js';
import { canSee, hasRole } from './roles.js';
import {
  type Actor,
  EDITABLE_STATUSES,
  type EndUser,
  type Order,
  type OrderEventDraft,
  type OrderNumber,
  type ServiceAddress,
} from './types.js';

export interface OrderPatch {
  customerReference?: string | null;
  alias?: string | null;
  endUser?: Partial<Omit<EndUser, 'serviceAddress'>> & { serviceAddress?: Partial<ServiceAddress> | null };
  portType?: Order['portType'];
  remainingNumbersAction?: Order['remainingNumbersAction'];
  newBtn?: string | null;
  targetResporg?: string | null;
  requestedFocDate?: string | null;
  /** Desk only; null gives it back to the number count. */
  portKind?: Order['portKind'] | null;
}

function editable(order: Order, actor: Actor, what: string): Refusal | null {
  if (!canSee(actor, order)) return refuse('not_found', 'No such port order.');
  if (!EDITABLE_STATUSES.includes(order.status)) {
    const allowed = allowedActions(order.status, actor.role);
    return refuse(
      'invalid_transition',
      `Cannot ${what} an order in ${order.status}: only in draft or exception.`,
      {
        status: order.status,
        allowed,
      },
    );
  }
  return null;
}

/** The next order after an edit: version +1, and back to `draft` from `exception` (reason cleared). */
function edited(
  order: Order,
  now: Date,
  patch: Partial<Order>,
  extra: (next: Order) => OrderEventDraft[],
): Decision {
  const at = now.toISOString();
  const next: Order = { ...order, ...patch, version: order.version + 1, updatedAt: at };
  const events: OrderEventDraft[] = [];
  if (order.status === 'exception') {
    next.status = 'draft';
    next.statusUpdatedAt = at;
    next.reason = null;
    events.push(orderEvent('port_order.status_changed', next, now, { from: 'exception', to: 'draft' }));
  }
  return { ok: true, order: next, events: [...events, ...extra(next)] };
}

export function decideEdit(order: Order, patch: OrderPatch, actor: Actor, now: Date): Outcome {
  const bad = editable(order, actor, 'edit');
  if (bad) return bad;
  if (patch.portKind !== undefined && !hasRole(actor.role, 'desk')) {
    return refuse('forbidden_action', 'Only the desk may set port_kind.');
  }
  if (patch.requestedFocDate && !isIsoDate(patch.requestedFocDate)) {
    return refuse('invalid_input', 'requested_foc_date must be a date (YYYY-MM-DD).');
  }
  // Nothing to change is no change: same version, no event.
  if (Object.values(patch).every((v) => v === undefined)) return { ok: true, order, events: [] };
  const { endUser, portKind, ...plain } = patch;
  const next: Partial<Order> = { ...plain };
  if (endUser) {
    const { serviceAddress, ...fields } = endUser;
    next.endUser = { ...order.endUser, ...fields };
    if (serviceAddress === null) next.endUser.serviceAddress = null;
    else if (serviceAddress) {
      const empty: ServiceAddress = {
        street: null,
        unit: null,
        city: null,
        state: null,
        zip: null,
        country: null,
      };
      next.endUser.serviceAddress = { ...empty, ...order.endUser.serviceAddress, ...serviceAddress };
    }
  }
  if (portKind !== undefined) {
    next.portKindOverridden = portKind !== null;
    next.portKind = portKind ?? portKindFor({ ...order, portKindOverridden: false }, order.numbers);
  }
  // Every change is an event (§7): an edit is `port_order.updated`, naming the fields set, never their values.
  return edited(order, now, next, (n) => [
    orderEvent('port_order.updated', n, now, { fields: editedFields(patch) }),
  ]);
}

/** The API's names of what a patch sets (`end_user.btn`, `requested_foc_date`, …), in a fixed order. */
function editedFields(patch: OrderPatch): string[] {
  const { endUser = {}, ...fields } = patch;
  const set = (values: object, names: Record<string, string>, prefix = '') =>
    Object.entries(names)
      .filter(([key]) => (values as Record<string, unknown>)[key] !== undefined)
      .map(([, wire]) => prefix + wire);
  return [...set(fields, ORDER_FIELDS), ...set(endUser, END_USER_FIELDS, 'end_user.')];
}

// Records, so that a field added to OrderPatch or EndUser must be named here to compile.
const ORDER_FIELDS: Record<Exclude<keyof OrderPatch, 'endUser'>, string> = {
  customerReference: 'customer_reference',
  alias: 'alias',
  portType: 'port_type',
  remainingNumbersAction: 'remaining_numbers_action',
  newBtn: 'new_btn',
  targetResporg: 'target_resporg',
  requestedFocDate: 'requested_foc_date',
  portKind: 'port_kind',
};

const END_USER_FIELDS: Record<keyof NonNullable<OrderPatch['endUser']>, string> = {
  subscriberType: 'subscriber_type',
  entityName: 'entity_name',
  authorizedPerson: 'authorized_person',
  accountNumber: 'account_number',
  pin: 'pin',
  btn: 'btn',
  serviceAddress: 'service_address',
};

export interface NumbersChange {
  add?: string[];
  remove?: string[];
}

/**
 * `recheck` is the check's verdict for each added number (made by the caller): an added number
 * must fall in the order's group, else `number_not_in_group` with where the check puts it.
 * Numbers in another open order are the store's to refuse (409).
 */
export function decideNumbersChange(
  order: Order,
  change: NumbersChange,
  actor: Actor,
  now: Date,
  recheck: readonly Recheck[],
): Outcome {
  const bad = editable(order, actor, 'change the numbers of');
  if (bad) return bad;
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  if (add.length === 0 && remove.length === 0)
    return refuse('invalid_input', 'Give numbers to add or remove.');
  const have = new Set(order.numbers.map((n) => n.number));
  const twice = [...add, ...remove].filter((n, i, all) => all.indexOf(n) !== i);
  if (twice.length > 0)
    return refuse('invalid_input', `Listed more than once: ${[...new Set(twice)].join(', ')}.`);
  const already = add.filter((n) => have.has(n));
  if (already.length > 0) return refuse('invalid_input', `Already in the order: ${already.join(', ')}.`);
  const unknown = remove.filter((n) => !have.has(n));
  if (unknown.length > 0) return refuse('invalid_input', `Not in the order: ${unknown.join(', ')}.`);

  const fresh = new Map(recheck.map((r) => [r.number, r]));
  const group = groupOf(order);
  const outside: Recheck[] = [];
  for (const n of add) {
    const r = fresh.get(n);
    if (!r) throw new Error(`numbers change: no check for ${n}`);
    if (!r.portable || !sameGroup(r.group, group)) outside.push(r);
  }
  if (outside.length > 0) {
    return refuse('number_not_in_group', `${outside.length} number(s) do not fall in this order's group.`, {
      numbers: outside,
    });
  }

  const gone = new Set(remove);
  const numbers: OrderNumber[] = [
    ...order.numbers.filter((n) => !gone.has(n.number)),
    ...add.map((number) => ({ number, status: 'active' as const, focDate: null, rejection: null })),
  ];
  if (numbers.length === 0) {
    return refuse('invalid_input', 'An order keeps at least one number; cancel it instead.');
  }
  return edited(order, now, { numbers, portKind: portKindFor(order, numbers) }, (next) => [
    orderEvent('port_order.numbers_changed', next, now, { added: [...add], removed: [...remove] }),
  ]);
}
