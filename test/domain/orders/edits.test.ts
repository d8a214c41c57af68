// docs/spec/orders.md §4 "Editing": edits and number changes in draft and exception only.
import { describe, expect, it } from 'vitest';
import { decideEdit, decideNumbersChange } from '../../../src/domain/orders/edits.js';
import { ORDER_STATUSES, type Order } from '../../../src/domain/orders/types.js';
import { NOW, order, orderIn, unchanged } from './fixtures.js';

const customer = { role: 'customer' as const, account: 'acme' };
const desk = { role: 'desk' as const, account: 'ops' };
const C = '12064205782';
const inGroup = (o: Order, number: string) => ({ ...unchanged(o)[0], number });

describe('edits', () => {
  it.each(ORDER_STATUSES)('in %s', (status) => {
    const o = orderIn(status);
    const got = decideEdit(o, { alias: 'new' }, customer, NOW);
    if (status === 'draft' || status === 'exception') {
      expect(got).toMatchObject({
        ok: true,
        order: { status: 'draft', alias: 'new', version: o.version + 1 },
      });
    } else {
      expect(got).toMatchObject({ ok: false, code: 'invalid_transition', status });
    }
  });

  it('an edit in exception goes back to draft with a status_changed event and no reason', () => {
    const got = decideEdit(orderIn('exception'), { endUser: { pin: '9999' } }, customer, NOW);
    expect(got).toMatchObject({
      ok: true,
      order: { status: 'draft', reason: null, statusUpdatedAt: NOW.toISOString() },
      events: [
        { type: 'port_order.status_changed', data: { from: 'exception', to: 'draft' } },
        { type: 'port_order.updated', data: { status: 'draft', fields: ['end_user.pin'] } },
      ],
    });
    if (got.ok) expect(JSON.stringify(got.events)).not.toContain('9999');
  });

  it('every edit is a port_order.updated event naming the fields set, never their values', () => {
    const got = decideEdit(
      order(),
      {
        requestedFocDate: '2026-03-02',
        alias: null,
        endUser: { accountNumber: 'ACCT-SECRET-7', pin: '4711', serviceAddress: { zip: '98109' } },
      },
      customer,
      NOW,
    );
    if (!got.ok) throw new Error(got.code);
    expect(got.events).toEqual([
      {
        type: 'port_order.updated',
        orderId: got.order.id,
        occurredAt: NOW.toISOString(),
        data: expect.objectContaining({
          status: 'draft',
          fields: [
            'alias',
            'requested_foc_date',
            'end_user.account_number',
            'end_user.pin',
            'end_user.service_address',
          ],
        }),
      },
    ]);
    const text = JSON.stringify(got.events);
    for (const secret of ['ACCT-SECRET-7', '4711']) expect(text).not.toContain(secret);
  });

  it('merges the end user and the service address field by field', () => {
    const got = decideEdit(
      order(),
      { endUser: { btn: '12065550100', serviceAddress: { zip: '98102' } } },
      customer,
      NOW,
    );
    if (!got.ok) throw new Error(got.code);
    expect(got.order.endUser).toMatchObject({ btn: '12065550100', entityName: 'Acme Widgets' });
    expect(got.order.endUser.serviceAddress).toMatchObject({ zip: '98102', city: 'Seattle' });
    expect(got.events.map((e) => [e.type, e.data.fields])).toEqual([
      ['port_order.updated', ['end_user.btn', 'end_user.service_address']],
    ]);
  });

  it('an empty edit changes nothing', () => {
    const o = order();
    expect(decideEdit(o, {}, customer, NOW)).toEqual({ ok: true, order: o, events: [] });
  });

  it('port_kind is the desk’s; null gives it back to the number count', () => {
    expect(decideEdit(order(), { portKind: 'simple' }, customer, NOW)).toMatchObject({
      code: 'forbidden_action',
    });
    const set = decideEdit(order(), { portKind: 'simple' }, desk, NOW);
    expect(set).toMatchObject({ ok: true, order: { portKind: 'simple', portKindOverridden: true } });
    const back = set.ok ? decideEdit(set.order, { portKind: null }, desk, NOW) : set;
    expect(back).toMatchObject({ ok: true, order: { portKind: 'non_simple', portKindOverridden: false } });
  });

  it('refuses a malformed date and hides other accounts', () => {
    expect(decideEdit(order(), { requestedFocDate: '2026-02-30' }, customer, NOW)).toMatchObject({
      code: 'invalid_input',
    });
    expect(decideEdit(order({ account: 'b' }), { alias: 'x' }, customer, NOW)).toMatchObject({
      code: 'not_found',
    });
  });
});

describe('number changes', () => {
  it('adds a number of the group and removes one, with a numbers_changed event', () => {
    const o = order();
    const got = decideNumbersChange(o, { add: [C], remove: ['12064205781'] }, customer, NOW, [inGroup(o, C)]);
    if (!got.ok) throw new Error(got.detail);
    expect(got.order.numbers.map((n) => [n.number, n.status])).toEqual([
      ['12064205780', 'active'],
      [C, 'active'],
    ]);
    expect(got.events).toMatchObject([
      { type: 'port_order.numbers_changed', data: { added: [C], removed: ['12064205781'] } },
    ]);
  });

  it('recomputes port_kind from the count', () => {
    const o = order();
    const got = decideNumbersChange(o, { remove: ['12064205781'] }, customer, NOW, []);
    expect(got).toMatchObject({ ok: true, order: { portKind: 'simple' } });
  });

  it('refuses a number of another group with where the check puts it', () => {
    const o = order();
    const other = { ...inGroup(o, C), group: { ...inGroup(o, C).group, lata: 999 } };
    const gone = { number: '12064205783', portable: false as const, reason: 'unassigned', detail: 'x' };
    expect(decideNumbersChange(o, { add: [C, '12064205783'] }, customer, NOW, [other, gone])).toMatchObject({
      ok: false,
      code: 'number_not_in_group',
      numbers: [other, gone],
    });
  });

  it('refuses an empty change, repeats, unknown removals, emptying the order, and locked states', () => {
    const o = order();
    const all = o.numbers.map((n) => n.number);
    for (const change of [
      {},
      { add: [C, C] },
      { add: ['12064205780'] },
      { remove: ['12065550000'] },
      { remove: all },
    ]) {
      expect(
        decideNumbersChange(o, change, customer, NOW, [inGroup(o, C)]),
        JSON.stringify(change),
      ).toMatchObject({
        code: 'invalid_input',
      });
    }
    expect(decideNumbersChange(orderIn('submitted'), { remove: [all[0]] }, desk, NOW, [])).toMatchObject({
      code: 'invalid_transition',
    });
  });

  it('in exception moves back to draft', () => {
    const got = decideNumbersChange(orderIn('exception'), { remove: ['12064205781'] }, customer, NOW, []);
    expect(got).toMatchObject({ ok: true, order: { status: 'draft' } });
    if (got.ok)
      expect(got.events.map((e) => e.type)).toEqual([
        'port_order.status_changed',
        'port_order.numbers_changed',
      ]);
  });
});
