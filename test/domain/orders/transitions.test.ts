// docs/spec/orders.md §4's table, typed out again here from the spec (not imported from the code), and
// every (state × action × role) combination run against `decide`.
import { describe, expect, it } from 'vitest';
import type { ActionRequest } from '../../../src/domain/orders/decision.js';
import { decide } from '../../../src/domain/orders/transitions.js';
import {
  ACTION_NAMES,
  type ActionName,
  type Actor,
  ORDER_STATUSES,
  type OrderStatus,
  ROLES,
  type Role,
} from '../../../src/domain/orders/types.js';
import { context, NOW, orderIn } from './fixtures.js';

const NON_TERMINAL: OrderStatus[] = [
  'draft',
  'in_review',
  'submitted',
  'exception',
  'foc_confirmed',
  'supp_requested',
  'cancel_requested',
];

/** action → [least role, from → to]; `same` keeps the state, `before` is the state before the cancel. */
const SPEC: Record<ActionName, [Role, Partial<Record<OrderStatus, OrderStatus | 'same' | 'before'>>]> = {
  submit: ['customer', { draft: 'in_review', exception: 'in_review' }],
  'record-submission': ['desk', { in_review: 'submitted' }],
  reject: [
    'desk',
    {
      in_review: 'exception',
      submitted: 'exception',
      foc_confirmed: 'exception',
      supp_requested: 'exception',
    },
  ],
  'record-foc': ['desk', { submitted: 'foc_confirmed', supp_requested: 'foc_confirmed' }],
  'request-supp': ['customer', { submitted: 'supp_requested', foc_confirmed: 'supp_requested' }],
  complete: ['desk', { foc_confirmed: 'completed' }],
  cancel: [
    'customer',
    {
      draft: 'cancelled',
      in_review: 'cancelled',
      exception: 'cancelled',
      submitted: 'cancel_requested',
      foc_confirmed: 'cancel_requested',
      supp_requested: 'cancel_requested',
    },
  ],
  'confirm-cancel': ['desk', { cancel_requested: 'cancelled' }],
  'deny-cancel': ['desk', { cancel_requested: 'before' }],
  split: ['desk', Object.fromEntries(NON_TERMINAL.map((s) => [s, 'same']))],
};

const RANK: Record<Role, number> = { customer: 0, desk: 1, admin: 2 };

/** A body that passes every guard for the fixture orders. */
const REQUEST: Record<ActionName, ActionRequest> = {
  submit: { action: 'submit' },
  'record-submission': {
    action: 'record-submission',
    input: { occurredAt: '2026-03-02T14:00:00Z', pon: 'PON1' },
  },
  reject: { action: 'reject', input: { code: 'OTHER', detail: 'Call the desk.' } },
  'record-foc': { action: 'record-foc', input: { focDate: '2026-03-20' } },
  'request-supp': { action: 'request-supp', input: { requestedFocDate: '2026-03-12' } },
  complete: { action: 'complete' },
  cancel: { action: 'cancel' },
  'confirm-cancel': { action: 'confirm-cancel' },
  'deny-cancel': { action: 'deny-cancel' },
  split: { action: 'split', input: { numbers: ['12064205781'] } },
};

const allowedFor = (state: OrderStatus, role: Role): ActionName[] =>
  ACTION_NAMES.filter((a) => SPEC[a][1][state] !== undefined && RANK[role] >= RANK[SPEC[a][0]]);

const cases = ORDER_STATUSES.flatMap((state) =>
  ACTION_NAMES.flatMap((action) => ROLES.map((role) => [state, action, role] as const)),
);

describe('§4 every state × action × role', () => {
  it('covers the whole table', () => {
    expect(cases).toHaveLength(9 * 10 * 3);
  });

  it.each(cases)('%s: %s by %s', (state, action, role) => {
    const o = orderIn(state);
    const actor: Actor = { role, account: 'acme' };
    const before = structuredClone(o);
    const got = decide(o, REQUEST[action], actor, NOW, context(o));
    expect(o, 'decide never changes the order it is given').toEqual(before);
    const [needed, table] = SPEC[action];
    const target = table[state];
    if (RANK[role] < RANK[needed]) {
      expect(got).toMatchObject({ ok: false, code: 'forbidden_action', allowed: allowedFor(state, role) });
    } else if (target === undefined) {
      expect(got).toMatchObject({
        ok: false,
        code: 'invalid_transition',
        status: state,
        allowed: allowedFor(state, role),
      });
      if (!got.ok) for (const a of allowedFor(state, role)) expect(got.detail).toContain(a);
    } else {
      if (!got.ok) throw new Error(`refused: ${got.code} ${got.detail}`);
      const to = target === 'same' ? state : target === 'before' ? o.cancelFrom : target;
      expect(got.order.status).toBe(to);
      expect(got.order.version).toBe(o.version + 1);
      expect(got.order.updatedAt).toBe(NOW.toISOString());
      if (action === 'split') {
        expect(got.events.map((e) => e.type)).toEqual(['port_order.split', 'port_order.created']);
      } else {
        expect(got.events[0]).toMatchObject({
          type: 'port_order.status_changed',
          orderId: o.id,
          data: { from: state, to, version: o.version + 1 },
        });
      }
    }
  });

  it.each(ACTION_NAMES)('%s on another account: a customer gets not_found, the desk is served', (action) => {
    const o = orderIn('draft', { account: 'other' });
    const got = decide(o, REQUEST[action], { role: 'customer', account: 'acme' }, NOW, context(o));
    expect(got).toMatchObject({ ok: false, code: 'not_found' });
    const desk = decide(o, REQUEST.cancel, { role: 'desk', account: 'acme' }, NOW, context(o));
    expect(desk.ok).toBe(true);
  });

  it('terminal states allow nothing, and say so', () => {
    for (const state of ['completed', 'cancelled'] as const) {
      const o = orderIn(state);
      const got = decide(o, REQUEST.cancel, { role: 'admin', account: 'x' }, NOW, context(o));
      expect(got).toMatchObject({ ok: false, code: 'invalid_transition', allowed: [] });
    }
  });
});
