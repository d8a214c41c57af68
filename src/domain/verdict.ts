// The small integers a check passes around instead of objects, defined once.
// Two encodings, both int32 (V8 passes and stores them without boxing) and
// both negative for a rejection, so that one sign test tells it apart:
//
// - A rejection, as `judge` returns it for one number: -1 - (key * 8 + reason),
//   where `key` tells apart the rejections of one reason whose detail sentences
//   differ (an exchange, a block…). Its `rejectionKey` (key * 8 + reason, >= 0)
//   is what a request interns to write each distinct sentence once.
// - A position's verdict after pass 1: a group index (>= 0), DUPLICATE, or a
//   reason with the index of its detail sentence: -2 - (detail * 8 + reason).
//
// Every function here is a one-line expression over int32s, small enough for
// V8 to inline into the hot loops that call it.
import { REASONS } from './types.js';

/** Bits that hold a reason code (an index in REASONS). */
const REASON_BITS = 3;
const REASON_MASK = (1 << REASON_BITS) - 1;
if (REASONS.length > 1 << REASON_BITS) throw new Error('verdict.ts: REASONS outgrew REASON_BITS');

/** A rejection of `reason` (index in REASONS); `key` (>= 0) groups those with the same sentence. */
export function rejection(reason: number, key: number): number {
  return -1 - ((key << REASON_BITS) | reason);
}

/** A rejection as a non-negative int32 (key and reason together), to intern it. */
export function rejectionKey(rejected: number): number {
  return -1 - rejected;
}

/** The reason code of a rejection key (see rejectionKey). */
export function keyReason(key: number): number {
  return key & REASON_MASK;
}

/** The verdict of a position repeated earlier in the request (rules.md §1: reported once). */
export const DUPLICATE = -1;

/** A position's verdict: nonportable for `reason`, with the detail sentence at index `detail`. */
export function rejectedVerdict(detail: number, reason: number): number {
  return -2 - ((detail << REASON_BITS) | reason);
}

/** Whether a position's verdict is a rejection (not a group, not a duplicate). */
export function isRejected(verdict: number): boolean {
  return verdict < DUPLICATE;
}

/** The reason code (index in REASONS) of a rejected verdict. */
export function verdictReason(verdict: number): number {
  return (-2 - verdict) & REASON_MASK;
}

/** The detail sentence index of a rejected verdict. */
export function verdictDetail(verdict: number): number {
  return (-2 - verdict) >>> REASON_BITS;
}
