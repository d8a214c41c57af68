// Business days and FOC dates (docs/spec/orders.md §6). Dates are `YYYY-MM-DD` strings, computed on
// UTC midnights so that no local offset can move them; local dates and times come from
// Intl.DateTimeFormat in the configured time zone, so DST is the platform's business.
import type { NumberType } from '../types.js';
import type { OrderSettings } from './settings.js';
import type { Holiday } from './types.js';

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return new Date(t).toISOString().slice(0, 10) === s;
}

/** True for a local time written `HH:MM` (24 h). */
export const isLocalTime = (s: string): boolean => TIME_RE.test(s);

const toMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const fromMs = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromMs(toMs(date) + days * DAY_MS);

/** Whole calendar days from `a` to `b` (negative when `b` is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((toMs(b) - toMs(a)) / DAY_MS);

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => new Date(toMs(date)).getUTCDay();

/** The business days of one losing carrier: Monday to Friday, less its holidays and everyone's. */
export interface BusinessCalendar {
  isBusinessDay(date: string): boolean;
  /** The first business day strictly after `date`. */
  nextBusinessDay(date: string): string;
}

export function businessCalendar(holidays: readonly Holiday[], carrierId: string): BusinessCalendar {
  const off = new Set(
    holidays
      .filter((h) => h.carrierId === null || h.carrierId === '' || h.carrierId === carrierId)
      .map((h) => h.date),
  );
  const isBusinessDay = (date: string) => {
    const wd = weekday(date);
    return wd !== 0 && wd !== 6 && !off.has(date);
  };
  return {
    isBusinessDay,
    nextBusinessDay(date) {
      let d = addDays(date, 1);
      // A year of holidays back to back would be a broken file; stop rather than loop for ever.
      for (let i = 0; i < 366 && !isBusinessDay(d); i++) d = addDays(d, 1);
      return d;
    },
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local date and the seconds since local midnight of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): { date: string; seconds: number } {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) p[part.type] = part.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    seconds: +p.hour * 3600 + +p.minute * 60 + +p.second,
  };
}

/** The local date of an instant in a time zone. */
export const localDate = (instant: Date, timeZone: string): string => localParts(instant, timeZone).date;

/** The instant at which the local `date` `time` (`HH:MM`) happens in `timeZone`. */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [h, m] = time.split(':').map(Number);
  const wall = toMs(date) + (h * 3600 + m * 60) * 1000;
  const offsetAt = (ms: number) => {
    const lp = localParts(new Date(ms), timeZone);
    return toMs(lp.date) + lp.seconds * 1000 - Math.floor(ms / 1000) * 1000;
  };
  const first = wall - offsetAt(wall);
  const second = wall - offsetAt(first);
  return new Date(second);
}

/** Minimum lead in business days (§6): toll-free 2; otherwise simple 1, non-simple 4. */
export function leadBusinessDays(numberType: NumberType, portKind: 'simple' | 'non_simple'): number {
  if (numberType === 'tollfree') return 2;
  return portKind === 'simple' ? 1 : 4;
}

/**
 * The business day a submission at `now` counts as made on: today when today is a business day and
 * the local time is not after the cut-off (13:00:00 exactly is still on time), else the next one.
 */
export function submissionDay(now: Date, cal: BusinessCalendar, settings: OrderSettings): string {
  const { date, seconds } = localParts(now, settings.timeZone);
  const [ch, cm] = settings.cutoff.split(':').map(Number);
  if (cal.isBusinessDay(date) && seconds <= ch * 3600 + cm * 60) return date;
  return cal.nextBusinessDay(date);
}

export interface FocWindow {
  /** The first allowed FOC date. */
  earliest: string;
  /** The last allowed FOC date (calendar days from the local date of submission). */
  latest: string;
}

export function focWindow(
  now: Date,
  cal: BusinessCalendar,
  lead: number,
  settings: OrderSettings,
): FocWindow {
  let d = submissionDay(now, cal, settings);
  for (let i = 0; i < lead; i++) d = cal.nextBusinessDay(d);
  return { earliest: d, latest: addDays(localDate(now, settings.timeZone), settings.maxFocDays) };
}

/** Every allowed FOC date for a submission at `now`, in order (GET …/foc-dates). */
export function allowedFocDates(
  now: Date,
  cal: BusinessCalendar,
  lead: number,
  settings: OrderSettings,
): string[] {
  const { earliest, latest } = focWindow(now, cal, lead, settings);
  const out: string[] = [];
  for (let d = earliest; d <= latest; d = cal.nextBusinessDay(d)) out.push(d);
  return out;
}

export type FocDateProblem = 'invalid_date' | 'not_business_day' | 'too_early' | 'too_late';

/** Why `date` is not an allowed FOC date for a submission at `now`, or null when it is one. */
export function focDateProblem(
  date: string,
  now: Date,
  cal: BusinessCalendar,
  lead: number,
  settings: OrderSettings,
): FocDateProblem | null {
  if (!isIsoDate(date)) return 'invalid_date';
  const { earliest, latest } = focWindow(now, cal, lead, settings);
  if (date < earliest) return 'too_early';
  if (date > latest) return 'too_late';
  if (!cal.isBusinessDay(date)) return 'not_business_day';
  return null;
}

/**
 * The lock window (§6): from `lockWindowHours` before the FOC on. The FOC happens at the start of its
 * window when one was given, else at local midnight of its date, in the configured time zone; once
 * the FOC has passed the order stays locked (the port is underway or the desk must act).
 */
export function insideLockWindow(
  foc: { date: string; windowStart: string | null } | null,
  now: Date,
  settings: OrderSettings,
): boolean {
  if (!foc) return false;
  const at = zonedInstant(foc.date, foc.windowStart ?? '00:00', settings.timeZone).getTime();
  return now.getTime() >= at - settings.lockWindowHours * 3_600_000;
}
