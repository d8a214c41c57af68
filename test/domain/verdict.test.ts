// The verdict encoding (verdict.ts): what each kind decodes to, and that the
// kinds never collide, up to the largest keys and detail indexes a check makes.
import { describe, expect, it } from 'vitest';
import { REASONS } from '../../src/domain/types.js';
import {
  DUPLICATE,
  isRejected,
  keyReason,
  rejectedVerdict,
  rejection,
  rejectionKey,
  verdictDetail,
  verdictReason,
} from '../../src/domain/verdict.js';

// The largest rejection key judge makes: an exchange (NPA*1000+NXX) times 10 plus a thousands digit.
const KEYS = [0, 1, 7, 8, 674, 999_999 * 2 + 1, 999_999 * 10 + 9];
// Detail indexes up to ten million distinct sentences in one request.
const DETAILS = [0, 1, 8, 1023, 100_000, 10_000_000];

describe('verdict encoding', () => {
  it('a rejection keeps its reason, is negative, and its key is a non-negative int32', () => {
    for (let reason = 0; reason < REASONS.length; reason++) {
      for (const key of KEYS) {
        const r = rejection(reason, key);
        expect(r).toBeLessThan(0);
        expect(r | 0).toBe(r);
        expect(rejectionKey(r)).toBeGreaterThanOrEqual(0);
        expect(keyReason(rejectionKey(r))).toBe(reason);
      }
    }
  });

  it('rejections that differ in key or reason stay apart', () => {
    const seen = new Set<number>();
    for (let reason = 0; reason < REASONS.length; reason++)
      for (const key of KEYS) seen.add(rejection(reason, key));
    expect(seen.size).toBe(REASONS.length * KEYS.length);
  });

  it("a position's rejected verdict gives back its reason and detail, and is neither a group nor DUPLICATE", () => {
    for (let reason = 0; reason < REASONS.length; reason++) {
      for (const detail of DETAILS) {
        const v = rejectedVerdict(detail, reason);
        expect(v | 0).toBe(v);
        expect(v).toBeLessThan(DUPLICATE);
        expect(isRejected(v)).toBe(true);
        expect(verdictReason(v)).toBe(reason);
        expect(verdictDetail(v)).toBe(detail);
      }
    }
    expect(isRejected(DUPLICATE)).toBe(false);
    for (const group of [0, 1, 44_665]) expect(isRejected(group)).toBe(false);
  });
});
