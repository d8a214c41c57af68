/**
 * Failed sign-ins counted per identity (an access key, or a client address)
 * in fixed one-minute windows, in memory (per process; a fleet needs a shared
 * counter). Past `limit` failures the identity is refused until its window
 * ends, whatever it sends: letting a right secret through meanwhile would let
 * guessing go on at full speed. Claimed access keys that do not exist are
 * counted like real ones, so that the 429 tells nothing about which exist.
 */
const WINDOW_MS = 60_000;
/** Beyond this many identities, expired windows are dropped, then all of them: memory stays bounded. */
const MAX_TRACKED = 100_000;

export class FailureThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whole seconds until `id` may try again, or 0 when it may now. */
  retryAfter(id: string): number {
    const window = this.windows.get(id);
    if (window === undefined || window.count < this.limit) return 0;
    const left = window.start + WINDOW_MS - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    this.windows.delete(id);
    return 0;
  }

  /** Counts one failed sign-in of `id`. */
  fail(id: string): void {
    const now = this.now();
    let window = this.windows.get(id);
    if (window === undefined || now - window.start >= WINDOW_MS) {
      if (this.windows.size >= MAX_TRACKED) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(id, window);
    }
    window.count++;
  }

  /** Identities tracked now. */
  get size(): number {
    return this.windows.size;
  }

  private prune(now: number): void {
    for (const [id, window] of this.windows) {
      if (now - window.start >= WINDOW_MS) this.windows.delete(id);
    }
    // Still full within one minute: a flood of made-up identities. Forgetting
    // them all fails open for throttling, never for authentication.
    if (this.windows.size >= MAX_TRACKED) this.windows.clear();
  }
}
