// docs/spec/orders.md §4 "Timers", in a fixed clock, with the spec's periods and shorter ones.
import { describe, expect, it } from 'vitest';
import { decideTimers } from '../../../src/domain/orders/timers.js';
import { orderIn, SETTINGS } from './fixtures.js';

const DAY = 86_400_000;
const daysAfter = (iso: string, days: number, ms = 0) => new Date(Date.parse(iso) + days * DAY + ms);
const UPDATED = '2026-03-01T12:00:00.000Z';

describe('timers', () => {
  it('a draft idle 30 days is cancelled as expired, not a millisecond before', () => {
    const o = orderIn('draft', { updatedAt: UPDATED });
    expect(decideTimers(o, daysAfter(UPDATED, 30, -1), SETTINGS)).toBeNull();
    const got = decideTimers(o, daysAfter(UPDATED, 30), SETTINGS);
    expect(got?.order).toMatchObject({
      status: 'cancelled',
      cancelStage: 'draft',
      cancelReason: 'expired',
      version: o.version + 1,
    });
    expect(got?.order.numbers.every((n) => n.status === 'cancelled')).toBe(true);
    expect(got?.events).toMatchObject([
      { type: 'port_order.status_changed', data: { from: 'draft', to: 'cancelled' } },
    ]);
  });

  it('an exception idle 45 days is cancelled as abandoned', () => {
    const o = orderIn('exception', { updatedAt: UPDATED });
    expect(decideTimers(o, daysAfter(UPDATED, 44), SETTINGS)).toBeNull();
    expect(decideTimers(o, daysAfter(UPDATED, 45), SETTINGS)?.order).toMatchObject({
      status: 'cancelled',
      cancelStage: 'exception',
      cancelReason: 'abandoned',
    });
  });

  it('the periods are settings', () => {
    const o = orderIn('draft', { updatedAt: UPDATED });
    expect(decideTimers(o, daysAfter(UPDATED, 2), { ...SETTINGS, draftIdleDays: 2 })?.order.status).toBe(
      'cancelled',
    );
  });

  it('other states never expire', () => {
    for (const s of [
      'in_review',
      'submitted',
      'supp_requested',
      'cancel_requested',
      'completed',
      'cancelled',
    ] as const) {
      expect(
        decideTimers(orderIn(s, { updatedAt: UPDATED }), daysAfter(UPDATED, 400), SETTINGS),
        s,
      ).toBeNull();
    }
  });

  it('a passed FOC date gives one foc_overdue event, and never completes the order', () => {
    // FOC 2026-03-20; the day has passed once it is 21 March in New York (04:00Z).
    const o = orderIn('foc_confirmed', { updatedAt: '2026-03-18T12:00:00.000Z' });
    expect(decideTimers(o, new Date('2026-03-21T03:59:00Z'), SETTINGS)).toBeNull();
    const got = decideTimers(o, new Date('2026-03-21T04:00:00Z'), SETTINGS);
    expect(got?.events).toMatchObject([{ type: 'port_order.foc_overdue', data: { foc_date: '2026-03-20' } }]);
    expect(got?.order).toMatchObject({
      status: 'foc_confirmed',
      version: o.version,
      focOverdueNotified: '2026-03-20',
    });
    expect(decideTimers(got!.order, new Date('2026-03-25T04:00:00Z'), SETTINGS)).toBeNull();
    // A new FOC date arms it again.
    const moved = { ...got!.order, foc: { date: '2026-03-24', windowStart: null, windowEnd: null } };
    expect(decideTimers(moved, new Date('2026-03-25T04:00:00Z'), SETTINGS)?.events[0].type).toBe(
      'port_order.foc_overdue',
    );
  });
});
