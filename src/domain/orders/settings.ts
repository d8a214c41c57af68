// The settings of the order lifecycle (docs/spec/orders.md §4 timers, §6 dates). Config validates
// them and passes them in; the defaults are the spec's.

export interface OrderSettings {
  /** IANA time zone in which the 13:00 cut-off, dates and the lock window are read. */
  timeZone: string;
  /** Local `HH:MM` after which a submission counts as made on the next business day. */
  cutoff: string;
  /** Hours before the FOC in which `request-supp` and `cancel` are refused. */
  lockWindowHours: number;
  /** The latest allowed FOC date, in calendar days after the day of submission. */
  maxFocDays: number;
  draftIdleDays: number;
  exceptionIdleDays: number;
  /** A toll-free LOA must have been signed within this many days. */
  loaMaxAgeDays: number;
}

export const DEFAULT_ORDER_SETTINGS: Readonly<OrderSettings> = Object.freeze({
  timeZone: 'America/New_York',
  cutoff: '13:00',
  lockWindowHours: 24,
  maxFocDays: 30,
  draftIdleDays: 30,
  exceptionIdleDays: 45,
  loaMaxAgeDays: 30,
});
