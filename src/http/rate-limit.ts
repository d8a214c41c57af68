/**
 * The per-key quota: fixed one-minute windows. In memory (per instance) by
 * default; counted across the fleet in Redis when `redisUrl` is set (see
 * redis-rate-limit.ts).
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/** What `/healthz` says of the limiter. */
export interface RateLimiterStatus {
  backend: 'memory' | 'redis';
  /** True while a shared backend cannot be reached and each instance counts alone. */
  degraded: boolean;
}

/**
 * Counts one request of `key`. The memory limiter answers at once (the auth
 * hook then stays synchronous); a shared one answers with a promise, which
 * never rejects (a backend that fails is the limiter's own business).
 */
export interface RateLimiter {
  readonly perMinute: number;
  take(key: string): RateDecision | Promise<RateDecision>;
  status(): RateLimiterStatus;
  close(): Promise<void>;
}

export const WINDOW_MS = 60_000;

/** The decision for the `count`th request of a window that ends at `windowEnd`. */
export function decisionOf(perMinute: number, count: number, windowEnd: number, now: number): RateDecision {
  return {
    allowed: count <= perMinute,
    limit: perMinute,
    remaining: Math.max(0, perMinute - count),
    resetSeconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
  };
}

/** Fixed one-minute windows per API key, in this process only. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= WINDOW_MS) {
      if (this.windows.size > 10_000) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return decisionOf(this.perMinute, window.count, window.start + WINDOW_MS, now);
  }

  status(): RateLimiterStatus {
    return { backend: 'memory', degraded: false };
  }

  async close(): Promise<void> {}

  private prune(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= WINDOW_MS) this.windows.delete(key);
    }
  }
}
