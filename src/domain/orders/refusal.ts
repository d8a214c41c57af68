// What a refused decision says. The HTTP layer maps each code to its status through the catalogue:
// not_found 404, forbidden_action 403, invalid_transition and inside_lock_window 409, the rest 422.
import type { Blocker } from './blockers.js';
import type { ActionName, OrderStatus } from './types.js';

export const REFUSAL_CODES = [
  /** A customer asking for another account's order: existence is not revealed. */
  'not_found',
  'forbidden_action',
  'invalid_transition',
  /** `submit` while `blockers` is not empty. */
  'blockers_remain',
  'portability_changed',
  /** `request-supp` or `cancel` (without a desk's `force`) inside the lock window before the FOC. */
  'inside_lock_window',
  'invalid_foc_date',
  /** A body that is well-formed but does not fit the order (unknown numbers, a future time…). */
  'invalid_input',
  /** An added number that the check puts in another group (§4). */
  'number_not_in_group',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

/** The group an order was made from, compared on re-check. */
export interface GroupRef {
  numberType: string;
  losingCarrierId: string;
  gainingCarrierId: string;
  lata: number | null;
}

/** A number's fresh check: its group, or why it is no longer portable. */
export type Recheck =
  | { number: string; portable: true; group: GroupRef }
  | { number: string; portable: false; reason: string; detail: string };

export interface PortabilityChange {
  number: string;
  old: GroupRef;
  new: { group: GroupRef } | { reason: string; detail: string };
}

export interface Refusal {
  ok: false;
  code: RefusalCode;
  detail: string;
  /** The order's current state (invalid_transition, forbidden_action). */
  status?: OrderStatus;
  /** The actions this actor may take from the current state. */
  allowed?: ActionName[];
  blockers?: Blocker[];
  changes?: PortabilityChange[];
  /** number_not_in_group: each refused number with the group (or reason) the check gives it. */
  numbers?: Recheck[];
}

export const refuse = (
  code: RefusalCode,
  detail: string,
  extra: Omit<Refusal, 'ok' | 'code' | 'detail'> = {},
): Refusal => ({
  ok: false,
  code,
  detail,
  ...extra,
});
