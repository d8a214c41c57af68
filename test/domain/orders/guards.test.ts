// The guards and effects of each action (docs/spec/orders.md §4, §6, §7), beyond the state table.
import { describe, expect, it } from 'vitest';
import type { Decision, Outcome } from '../../../src/domain/orders/decision.js';
import { decide } from '../../../src/domain/orders/transitions.js';
import type { Actor, Order } from '../../../src/domain/orders/types.js';
import { context, NOW, order, orderIn, unchanged } from './fixtures.js';

const customer: Actor = { role: 'customer', account: 'acme' };
const desk: Actor = { role: 'desk', account: 'ops' };
const A = '12064205780';
const B = '12064205781';

function ok(got: Outcome): Decision {
  if (!got.ok) throw new Error(`refused: ${got.code} ${got.detail}`);
  return got;
}

describe('submit', () => {
  it('is refused while blockers remain, listing them', () => {
    const o = order({ requestedFocDate: null, documents: [] });
    expect(decide(o, { action: 'submit' }, customer, NOW, context(o))).toMatchObject({
      ok: false,
      code: 'blockers_remain',
      blockers: [
        { code: 'loa_required', field: 'documents' },
        { code: 'required', field: 'requested_foc_date' },
      ],
    });
  });

  it('uses the losing carrier holidays for the requested date', () => {
    const o = order({ requestedFocDate: '2026-03-06' });
    const holidays = [{ date: '2026-03-04', carrierId: '8824', name: 'x' }];
    expect(decide(o, { action: 'submit' }, customer, NOW, context(o, { holidays }))).toMatchObject({
      code: 'blockers_remain',
      blockers: [{ code: 'foc_date_too_early', field: 'requested_foc_date' }],
    });
    expect(decide(o, { action: 'submit' }, customer, NOW, context(o)).ok).toBe(true);
  });

  it('is refused with portability_changed naming each changed number, old and new', () => {
    const o = order();
    const [a, b] = unchanged(o);
    const recheck = [
      { ...a, group: { ...a.group, losingCarrierId: 'TMOB' } },
      { number: b.number, portable: false as const, reason: 'not_in_service', detail: 'Disconnected.' },
    ];
    const got = decide(o, { action: 'submit' }, customer, NOW, context(o, { recheck }));
    expect(got).toMatchObject({
      ok: false,
      code: 'portability_changed',
      changes: [
        { number: A, old: a.group, new: { group: { ...a.group, losingCarrierId: 'TMOB' } } },
        { number: B, old: a.group, new: { reason: 'not_in_service', detail: 'Disconnected.' } },
      ],
    });
  });

  it('from exception sends the rejected numbers again and clears the reason', () => {
    const o = orderIn('exception', {
      numbers: [
        { number: A, status: 'rejected', focDate: null, rejection: { code: 'OTHER', detail: 'x' } },
        { number: B, status: 'active', focDate: null, rejection: null },
      ],
    });
    const got = ok(decide(o, { action: 'submit' }, customer, NOW, context(o)));
    expect(got.order.numbers.map((n) => [n.status, n.rejection])).toEqual([
      ['active', null],
      ['active', null],
    ]);
    expect(got.order.reason).toBeNull();
  });
});

describe('desk actions', () => {
  it('record-submission stamps submitted_at and the PON; a future time is refused', () => {
    const o = orderIn('in_review');
    const got = ok(
      decide(
        o,
        {
          action: 'record-submission',
          input: { occurredAt: '2026-03-02T14:00:00Z', pon: 'P1', externalRef: 'X' },
        },
        desk,
        NOW,
        context(o),
      ),
    );
    expect(got.order).toMatchObject({ submittedAt: '2026-03-02T14:00:00.000Z', pon: 'P1', externalRef: 'X' });
    expect(
      decide(
        o,
        { action: 'record-submission', input: { occurredAt: '2026-03-03T00:00:00Z' } },
        desk,
        NOW,
        context(o),
      ),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('reject marks the named numbers rejected, fills the reason with the code fields', () => {
    const o = orderIn('submitted');
    const got = ok(
      decide(
        o,
        { action: 'reject', input: { code: 'PIN_REQUIRED', detail: 'Has a PIN.', numbers: [B] } },
        desk,
        NOW,
        context(o),
      ),
    );
    expect(got.order.numbers.map((n) => n.status)).toEqual(['active', 'rejected']);
    expect(got.order.numbers[1].rejection).toEqual({ code: 'PIN_REQUIRED', detail: 'Has a PIN.' });
    expect(got.order.reason).toEqual({
      code: 'PIN_REQUIRED',
      detail: 'Has a PIN.',
      fields: ['end_user.pin'],
      numbers: [B],
    });
    expect(got.order.pinRequired).toBe(true);
  });

  it('reject defaults to every open number; refuses unknown codes and numbers', () => {
    const o = orderIn('foc_confirmed');
    const got = ok(
      decide(
        o,
        { action: 'reject', input: { code: 'OTHER', detail: 'x', fields: ['numbers'] } },
        desk,
        NOW,
        context(o),
      ),
    );
    expect(got.order.numbers.map((n) => n.status)).toEqual(['rejected', 'rejected']);
    expect(got.order.reason?.fields).toEqual(['numbers']);
    expect(
      decide(o, { action: 'reject', input: { code: 'NOPE', detail: 'x' } }, desk, NOW, context(o)),
    ).toMatchObject({
      code: 'invalid_input',
    });
    expect(
      decide(
        o,
        { action: 'reject', input: { code: 'OTHER', detail: 'x', numbers: ['12065550000'] } },
        desk,
        NOW,
        context(o),
      ),
    ).toMatchObject({ code: 'invalid_input' });
    expect(
      decide(o, { action: 'reject', input: { code: 'OTHER', detail: ' ' } }, desk, NOW, context(o)),
    ).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('record-foc needs a business day of the losing carrier, not in the past', () => {
    const o = orderIn('submitted');
    const foc = (focDate: string, holidays = context(o).holidays) =>
      decide(o, { action: 'record-foc', input: { focDate } }, desk, NOW, context(o, { holidays }));
    expect(foc('2026-03-07')).toMatchObject({ ok: false, code: 'invalid_foc_date' });
    expect(foc('2026-03-20', [{ date: '2026-03-20', carrierId: '8824', name: 'x' }])).toMatchObject({
      code: 'invalid_foc_date',
    });
    expect(foc('2026-02-27')).toMatchObject({ code: 'invalid_foc_date' });
    expect(foc('2026-3-20')).toMatchObject({ code: 'invalid_foc_date' });
    const got = ok(foc('2026-03-20'));
    expect(got.order.foc).toEqual({ date: '2026-03-20', windowStart: null, windowEnd: null });
    expect(got.order.numbers.map((n) => [n.status, n.focDate])).toEqual([
      ['foc_confirmed', '2026-03-20'],
      ['foc_confirmed', '2026-03-20'],
    ]);
    expect(got.events.map((e) => e.type)).toEqual(['port_order.status_changed', 'port_order.foc_changed']);
    expect(got.events[1].data).toMatchObject({ old_date: null, new_date: '2026-03-20' });
  });

  it('a changed FOC date goes to foc_history with a foc_changed event', () => {
    const o = orderIn('supp_requested');
    const got = ok(
      decide(
        o,
        { action: 'record-foc', input: { focDate: '2026-03-24', windowStart: '09:00', windowEnd: '12:00' } },
        desk,
        NOW,
        context(o),
      ),
    );
    expect(got.order.focHistory).toEqual([
      { date: '2026-03-20', windowStart: null, windowEnd: null, replacedAt: NOW.toISOString() },
    ]);
    expect(got.events[1]).toMatchObject({
      type: 'port_order.foc_changed',
      data: { old_date: '2026-03-20', new_date: '2026-03-24' },
    });
    const bad = { focDate: '2026-03-24', windowStart: '12:00', windowEnd: '09:00' };
    expect(decide(o, { action: 'record-foc', input: bad }, desk, NOW, context(o))).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('complete ports the listed numbers and cancels the rest', () => {
    const o = orderIn('foc_confirmed');
    const got = ok(decide(o, { action: 'complete', input: { portedNumbers: [A] } }, desk, NOW, context(o)));
    expect(got.order.numbers.map((n) => n.status)).toEqual(['ported', 'cancelled']);
    expect(got.order.completedAt).toBe(NOW.toISOString());
    const all = ok(
      decide(o, { action: 'complete', input: { occurredAt: '2026-03-02T12:00:00Z' } }, desk, NOW, context(o)),
    );
    expect(all.order.numbers.map((n) => n.status)).toEqual(['ported', 'ported']);
    expect(all.order.completedAt).toBe('2026-03-02T12:00:00.000Z');
    expect(
      decide(o, { action: 'complete', input: { portedNumbers: [] } }, desk, NOW, context(o)),
    ).toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('the lock window (24 h before the FOC)', () => {
  // FOC 2026-03-20 at local midnight (04:00Z, EDT): locked from 2026-03-19T04:00Z.
  const locked = new Date('2026-03-19T05:00:00Z');
  const open = new Date('2026-03-19T03:00:00Z');
  const supp = { action: 'request-supp' as const, input: { requestedFocDate: '2026-03-27' } };

  it('request-supp is refused inside it', () => {
    const o = orderIn('foc_confirmed');
    expect(decide(o, supp, customer, locked, context(o))).toMatchObject({
      ok: false,
      code: 'inside_lock_window',
    });
    expect(ok(decide(o, supp, customer, open, context(o))).order.requestedFocDate).toBe('2026-03-27');
  });

  it('request-supp needs an allowed date', () => {
    const o = orderIn('submitted');
    const early = { action: 'request-supp' as const, input: { requestedFocDate: '2026-03-03' } };
    expect(decide(o, early, customer, NOW, context(o))).toMatchObject({
      ok: false,
      code: 'invalid_foc_date',
    });
  });

  it('cancel is refused inside it unless a desk key forces it', () => {
    const o = orderIn('foc_confirmed');
    expect(decide(o, { action: 'cancel' }, customer, locked, context(o))).toMatchObject({
      code: 'inside_lock_window',
    });
    expect(decide(o, { action: 'cancel' }, desk, locked, context(o))).toMatchObject({
      code: 'inside_lock_window',
    });
    expect(
      decide(o, { action: 'cancel', input: { force: true } }, customer, locked, context(o)),
    ).toMatchObject({
      code: 'forbidden_action',
    });
    const forced = ok(decide(o, { action: 'cancel', input: { force: true } }, desk, locked, context(o)));
    expect(forced.order).toMatchObject({
      status: 'cancel_requested',
      cancelFrom: 'foc_confirmed',
      cancelRequestedReason: 'desk',
    });
    expect(ok(decide(o, { action: 'cancel' }, customer, open, context(o))).order.status).toBe(
      'cancel_requested',
    );
  });

  it('a submitted order has no FOC yet, so nothing is locked', () => {
    const o = orderIn('submitted');
    expect(ok(decide(o, { action: 'cancel' }, customer, locked, context(o))).order.status).toBe(
      'cancel_requested',
    );
  });
});

describe('cancel', () => {
  it('before submission cancels at once, recording the stage and who', () => {
    const o = orderIn('exception');
    const got = ok(decide(o, { action: 'cancel' }, customer, NOW, context(o)));
    expect(got.order).toMatchObject({ status: 'cancelled', cancelStage: 'exception', cancelReason: 'user' });
    expect(got.order.numbers.every((n) => n.status === 'cancelled')).toBe(true);
    const carrier = ok(decide(o, { action: 'cancel', input: { reason: 'carrier' } }, desk, NOW, context(o)));
    expect(carrier.order.cancelReason).toBe('carrier');
    expect(
      decide(o, { action: 'cancel', input: { reason: 'desk' } }, customer, NOW, context(o)),
    ).toMatchObject({
      code: 'forbidden_action',
    });
    expect(
      decide(o, { action: 'cancel', input: { reason: 'expired' } }, desk, NOW, context(o)),
    ).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('confirm-cancel records the stage the cancel was asked from; deny-cancel returns there', () => {
    const asked = ok(
      decide(orderIn('supp_requested'), { action: 'cancel' }, customer, NOW, context(order())),
    ).order;
    const confirmed = ok(decide(asked, { action: 'confirm-cancel' }, desk, NOW, context(asked))).order;
    expect(confirmed).toMatchObject({
      status: 'cancelled',
      cancelStage: 'supp_requested',
      cancelReason: 'user',
      cancelFrom: null,
    });
    expect(confirmed.numbers.every((n) => n.status === 'cancelled')).toBe(true);
    const denied = ok(decide(asked, { action: 'deny-cancel' }, desk, NOW, context(asked))).order;
    expect(denied).toMatchObject({
      status: 'supp_requested',
      cancelFrom: null,
      cancelStage: null,
      cancelReason: null,
    });
    expect(denied.numbers).toEqual(asked.numbers);
  });
});

describe('split', () => {
  const o = orderIn('foc_confirmed', {
    numbers: ['12064205780', '12064205781', '12064205782'].map((number) => ({
      number,
      status: 'foc_confirmed' as const,
      focDate: '2026-03-20',
      rejection: null,
    })),
  });

  it('moves the numbers to a new draft that keeps split_from', () => {
    const got = ok(
      decide(o, { action: 'split', input: { numbers: ['12064205782'] } }, desk, NOW, context(o)),
    );
    expect(got.order.numbers.map((n) => n.number)).toEqual([A, B]);
    expect(got.order.status).toBe('foc_confirmed');
    expect(got.created).toMatchObject({
      id: 'po_2',
      splitFrom: 'po_1',
      status: 'draft',
      version: 1,
      groupId: o.groupId,
      portKind: 'simple',
      customerReference: null,
      foc: null,
      numbers: [{ number: '12064205782', status: 'active', focDate: null, rejection: null }],
    });
    expect(got.events.map((e) => [e.type, e.orderId])).toEqual([
      ['port_order.split', 'po_1'],
      ['port_order.created', 'po_2'],
    ]);
  });

  it('recomputes port_kind unless the desk set it', () => {
    const got = ok(decide(o, { action: 'split', input: { numbers: [A, B] } }, desk, NOW, context(o)));
    expect(got.order.portKind).toBe('simple');
    const fixed = { ...o, portKindOverridden: true };
    expect(
      ok(decide(fixed, { action: 'split', input: { numbers: [A, B] } }, desk, NOW, context(fixed))).order
        .portKind,
    ).toBe('non_simple');
  });

  it('refuses to move every number, unknown numbers, or none', () => {
    const all = o.numbers.map((n) => n.number);
    for (const numbers of [all, ['12065550000'], [], [A, A]]) {
      expect(
        decide(o, { action: 'split', input: { numbers } }, desk, NOW, context(o)),
        numbers.join(),
      ).toMatchObject({
        ok: false,
        code: 'invalid_input',
      });
    }
  });
});

describe('events', () => {
  it('never carry the PIN, the account number or any end-user field', () => {
    const runs: [Order, Parameters<typeof decide>[1]][] = [
      [order(), { action: 'submit' }],
      [orderIn('submitted'), { action: 'record-foc', input: { focDate: '2026-03-20' } }],
      [orderIn('in_review'), { action: 'reject', input: { code: 'OTHER', detail: 'x' } }],
      [orderIn('draft'), { action: 'split', input: { numbers: [B] } }],
    ];
    for (const [o, req] of runs) {
      const got = ok(decide(o, req, desk, NOW, context(o)));
      const text = JSON.stringify(got.events);
      for (const secret of ['4321', 'ACCT-998877', 'end_user', 'Acme Widgets', 'pin', 'account_number']) {
        expect(text, `${req.action}: ${secret}`).not.toContain(secret);
      }
    }
  });
});
