// When a failed webhook delivery is tried again (docs/spec/orders.md §7): after 5 s, 5 min, 30 min,
// 2 h, 5 h, 10 h, 14 h, 20 h and 24 h, then it is `failed` (dead-lettered). The schedule is a
// setting so that tests run it in seconds.

/** Seconds after each failed attempt before the next one; its length is the number of retries. */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = Object.freeze([
  5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400,
]);

/**
 * The instant (ms) of the next attempt after `failedAttempts` attempts have failed, the last at
 * `lastAttemptAt` (ms); null when the schedule is spent and the delivery is dead-lettered.
 */
export function nextAttemptAt(
  failedAttempts: number,
  lastAttemptAt: number,
  schedule: readonly number[] = DEFAULT_RETRY_SCHEDULE,
): number | null {
  if (failedAttempts < 1) return lastAttemptAt;
  const delay = schedule[failedAttempts - 1];
  return delay === undefined ? null : lastAttemptAt + delay * 1000;
}

/** What one attempt's answer means for the delivery and its endpoint. */
export type AttemptVerdict =
  | { kind: 'delivered' }
  /** 410 Gone: the receiver asks never to be called again; the endpoint is disabled at once. */
  | { kind: 'gone' }
  | { kind: 'retry'; reason: string };

/**
 * Any 2xx delivers. A redirect is not followed (a receiver cannot point us at another host) and
 * counts as a failure like any other status; a network error or timeout likewise.
 */
export function judgeAttempt(result: { status: number } | { error: string }): AttemptVerdict {
  if ('error' in result) return { kind: 'retry', reason: result.error };
  if (result.status >= 200 && result.status < 300) return { kind: 'delivered' };
  if (result.status === 410) return { kind: 'gone' };
  return { kind: 'retry', reason: `HTTP ${result.status}` };
}

/**
 * Parses a schedule setting, comma-separated seconds (`5,300,1800`). Throws on anything else, so a
 * typo is caught at start-up rather than at the first failure.
 */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const out = parts.map((p) => Number(p));
  if (parts.length === 0 || out.some((n, i) => parts[i] === '' || !Number.isFinite(n) || n < 0)) {
    throw new Error(`a retry schedule is comma-separated seconds, e.g. "5,300,1800" (got "${text}")`);
  }
  return out;
}
