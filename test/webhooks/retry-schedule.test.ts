import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULE,
  judgeAttempt,
  nextAttemptAt,
  parseRetrySchedule,
} from '../../src/domain/webhooks/retry-schedule.js';

describe('retry schedule (orders.md §7)', () => {
  it('is the spec schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h', () => {
    const h = 3600;
    expect(DEFAULT_RETRY_SCHEDULE).toEqual([5, 300, 1800, 2 * h, 5 * h, 10 * h, 14 * h, 20 * h, 24 * h]);
  });

  it.each([
    [1, 5_000],
    [2, 300_000],
    [9, 86_400_000],
  ])('after %i failed attempts the next comes %i ms later', (failed, delay) => {
    expect(nextAttemptAt(failed, 1_000_000)).toBe(1_000_000 + delay);
  });

  it('after the last retry fails, the delivery is dead-lettered (null)', () => {
    expect(nextAttemptAt(10, 0)).toBeNull();
    expect(nextAttemptAt(3, 0, [1, 2])).toBeNull();
  });

  it('a shortened schedule (a setting) is used as given', () => {
    expect(nextAttemptAt(2, 100, parseRetrySchedule('0.1, 0.2'))).toBe(300);
    expect(() => parseRetrySchedule('5,,30')).toThrow(/comma-separated seconds/);
    expect(() => parseRetrySchedule('5,-1')).toThrow();
    expect(() => parseRetrySchedule('abc')).toThrow();
  });

  it.each([
    [{ status: 200 }, 'delivered'],
    [{ status: 204 }, 'delivered'],
    [{ status: 410 }, 'gone'],
    [{ status: 302 }, 'retry'],
    [{ status: 500 }, 'retry'],
    [{ status: 404 }, 'retry'],
    [{ error: 'ECONNREFUSED' }, 'retry'],
  ] as const)('%j → %s', (result, kind) => {
    expect(judgeAttempt(result).kind).toBe(kind);
  });
});
