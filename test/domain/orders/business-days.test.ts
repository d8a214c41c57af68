// docs/spec/orders.md §6 dates, in a fixed clock: weekends, carrier and global holidays, the 13:00
// cut-off in New York (across the DST change), the lead days, the 30-day horizon and the lock window.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  allowedFocDates,
  businessCalendar,
  focDateProblem,
  insideLockWindow,
  isIsoDate,
  leadBusinessDays,
  localParts,
  submissionDay,
  zonedInstant,
} from '../../../src/domain/orders/business-days.js';
import type { Holiday } from '../../../src/domain/orders/types.js';
import { SETTINGS } from './fixtures.js';

const HOLIDAYS: Holiday[] = [
  { date: '2026-05-25', carrierId: null, name: 'Memorial Day' },
  { date: '2026-03-04', carrierId: '8824', name: 'Level3 inventory day' },
  { date: '2026-03-05', carrierId: '', name: 'Everyone (empty carrier id)' },
];
const level3 = businessCalendar(HOLIDAYS, '8824');
const other = businessCalendar(HOLIDAYS, 'TMOB');
const plain = businessCalendar([], '8824');

describe('business days', () => {
  it.each([
    ['2026-03-02', true, 'Monday'],
    ['2026-03-06', true, 'Friday'],
    ['2026-03-07', false, 'Saturday'],
    ['2026-03-08', false, 'Sunday'],
    ['2026-03-04', false, "the losing carrier's own holiday"],
    ['2026-03-05', false, 'a holiday with an empty carrier id (every carrier)'],
    ['2026-05-25', false, 'a holiday with a null carrier id'],
  ])('%s for Level3 is a business day: %s (%s)', (date, expected) => {
    expect(level3.isBusinessDay(date)).toBe(expected);
  });

  it("another carrier's holiday does not apply", () => {
    expect(other.isBusinessDay('2026-03-04')).toBe(true);
    expect(other.isBusinessDay('2026-03-05')).toBe(false);
  });

  it('the next business day skips weekends and holidays', () => {
    expect(plain.nextBusinessDay('2026-03-06')).toBe('2026-03-09');
    expect(level3.nextBusinessDay('2026-03-03')).toBe('2026-03-06');
    expect(level3.nextBusinessDay('2026-05-22')).toBe('2026-05-26');
  });

  it('dates are real calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-3-1')).toBe(false);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('the 13:00 cut-off in America/New_York', () => {
  it.each([
    ['Monday 12:59:59 EST', '2026-03-02T17:59:59Z', '2026-03-02'],
    ['Monday 13:00:00 EST (not after)', '2026-03-02T18:00:00Z', '2026-03-02'],
    ['Monday 13:00:01 EST', '2026-03-02T18:00:01Z', '2026-03-03'],
    ['Friday 14:00 EST: Monday', '2026-03-06T19:00:00Z', '2026-03-09'],
    ['Saturday morning: Monday', '2026-03-07T15:00:00Z', '2026-03-09'],
    ['Sunday 23:30 EST, already Monday in UTC: Monday', '2026-03-09T04:30:00Z', '2026-03-09'],
    [
      'Monday 20:00 EST, Tuesday in UTC: still Tuesday (after the cut-off)',
      '2026-03-03T01:00:00Z',
      '2026-03-03',
    ],
    ['17:30 UTC after DST began is 13:30 EDT: next day', '2026-03-09T17:30:00Z', '2026-03-10'],
    ['17:30 UTC before DST is 12:30 EST: same day', '2026-03-06T17:30:00Z', '2026-03-06'],
    ['17:30 UTC after DST ended is 12:30 EST: same day', '2026-11-02T17:30:00Z', '2026-11-02'],
    ['17:30 UTC before DST ended is 13:30 EDT: next day', '2026-10-30T17:30:00Z', '2026-11-02'],
  ])('%s', (_label, instant, day) => {
    expect(submissionDay(new Date(instant), plain, SETTINGS)).toBe(day);
  });

  it('before the cut-off on a holiday counts as the next business day', () => {
    expect(submissionDay(new Date('2026-03-04T15:00:00Z'), level3, SETTINGS)).toBe('2026-03-06');
  });

  it('another time zone moves the cut-off', () => {
    const la = { ...SETTINGS, timeZone: 'America/Los_Angeles' };
    // 18:30 UTC is 13:30 in New York but 10:30 in Los Angeles.
    expect(submissionDay(new Date('2026-03-02T18:30:00Z'), plain, SETTINGS)).toBe('2026-03-03');
    expect(submissionDay(new Date('2026-03-02T18:30:00Z'), plain, la)).toBe('2026-03-02');
  });
});

describe('allowed FOC dates', () => {
  it('lead days: simple 1, non-simple 4, toll-free 2 whatever the kind', () => {
    expect(leadBusinessDays('long-code', 'simple')).toBe(1);
    expect(leadBusinessDays('wireless', 'non_simple')).toBe(4);
    expect(leadBusinessDays('tollfree', 'simple')).toBe(2);
    expect(leadBusinessDays('tollfree', 'non_simple')).toBe(2);
  });

  it('simple, Monday 10:00: from Tuesday to 30 days on, business days only', () => {
    const dates = allowedFocDates(new Date('2026-03-02T15:00:00Z'), plain, 1, SETTINGS);
    expect(dates[0]).toBe('2026-03-03');
    expect(dates.at(-1)).toBe('2026-04-01');
    expect(dates).not.toContain('2026-03-07');
    expect(dates).toHaveLength(22);
  });

  it('non-simple, Friday after 13:00 with a holiday in the way', () => {
    // Friday 2026-03-06 14:00 counts as Monday 9; 4 business days later is Friday 13.
    const dates = allowedFocDates(new Date('2026-03-06T19:00:00Z'), plain, 4, SETTINGS);
    expect(dates[0]).toBe('2026-03-13');
    // Level3 is off on 4 and 5 March; from Monday 2 March 10:00: 3, 6, 9, 10 → the 10th.
    expect(allowedFocDates(new Date('2026-03-02T15:00:00Z'), level3, 4, SETTINGS)[0]).toBe('2026-03-10');
  });

  it('says why a date is refused', () => {
    const now = new Date('2026-03-02T15:00:00Z');
    expect(focDateProblem('2026-03-03', now, plain, 1, SETTINGS)).toBeNull();
    expect(focDateProblem('2026-03-02', now, plain, 1, SETTINGS)).toBe('too_early');
    expect(focDateProblem('2026-03-07', now, plain, 1, SETTINGS)).toBe('not_business_day');
    expect(focDateProblem('2026-03-04', now, level3, 1, SETTINGS)).toBe('not_business_day');
    expect(focDateProblem('2026-04-01', now, plain, 1, SETTINGS)).toBeNull();
    expect(focDateProblem('2026-04-02', now, plain, 1, SETTINGS)).toBe('too_late');
    expect(focDateProblem('03/10/2026', now, plain, 1, SETTINGS)).toBe('invalid_date');
  });
});

describe('local times and the lock window', () => {
  it('reads local dates across DST', () => {
    expect(localParts(new Date('2026-03-08T06:59:00Z'), 'America/New_York')).toEqual({
      date: '2026-03-08',
      seconds: 1 * 3600 + 59 * 60,
    });
    expect(localParts(new Date('2026-03-08T07:00:00Z'), 'America/New_York').seconds).toBe(3 * 3600);
  });

  it('places a local time on the right instant, winter and summer', () => {
    expect(zonedInstant('2026-03-02', '00:00', 'America/New_York').toISOString()).toBe(
      '2026-03-02T05:00:00.000Z',
    );
    expect(zonedInstant('2026-07-01', '09:30', 'America/New_York').toISOString()).toBe(
      '2026-07-01T13:30:00.000Z',
    );
    expect(zonedInstant('2026-03-09', '00:00', 'America/New_York').toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
  });

  it('locks from 24 hours before the FOC (local midnight, or the window start) onwards', () => {
    const foc = { date: '2026-03-20', windowStart: null };
    expect(insideLockWindow(null, new Date('2026-03-19T12:00:00Z'), SETTINGS)).toBe(false);
    expect(insideLockWindow(foc, new Date('2026-03-19T03:59:59Z'), SETTINGS)).toBe(false);
    expect(insideLockWindow(foc, new Date('2026-03-19T04:00:00Z'), SETTINGS)).toBe(true);
    expect(insideLockWindow(foc, new Date('2026-03-25T04:00:00Z'), SETTINGS)).toBe(true);
    const windowed = { date: '2026-03-20', windowStart: '10:00' };
    expect(insideLockWindow(windowed, new Date('2026-03-19T13:59:00Z'), SETTINGS)).toBe(false);
    expect(insideLockWindow(windowed, new Date('2026-03-19T14:00:00Z'), SETTINGS)).toBe(true);
    expect(
      insideLockWindow(foc, new Date('2026-03-18T04:00:00Z'), { ...SETTINGS, lockWindowHours: 48 }),
    ).toBe(true);
  });
});
