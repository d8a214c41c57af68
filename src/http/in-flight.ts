/**
 * Bounds the work in progress at once, weighed in request-body bytes (a
 * check's memory and time grow with its body: it holds the body, then an
 * answer several times larger). Server-wide, so that memory and the event
 * loop stay bounded, and per API key, so that one client cannot take it all
 * and starve the rest. Small checks weigh little: fifty one-number requests
 * at once pass where four 4 MiB ones fill a key's share. A weight is held
 * from authentication until the response is done or the connection drops.
 */
export class InFlight {
  private total = 0;
  private readonly perKey = new Map<string, number>();

  constructor(
    /** Bytes in flight server-wide. */
    readonly max: number,
    /** Bytes in flight for one key. */
    readonly maxPerKey: number,
  ) {}

  /**
   * Takes `weight` for `key`; false when that would pass the server's or the
   * key's budget. With nothing in flight (for the key, or at all) a request
   * always passes, so that no weight can be refused for ever.
   */
  enter(key: string, weight: number): boolean {
    if (this.total > 0 && this.total + weight > this.max) return false;
    const held = this.perKey.get(key) ?? 0;
    if (held > 0 && held + weight > this.maxPerKey) return false;
    this.perKey.set(key, held + weight);
    this.total += weight;
    return true;
  }

  /** Gives back what `enter(key, weight)` took. */
  leave(key: string, weight: number): void {
    const held = (this.perKey.get(key) ?? 0) - weight;
    if (held <= 0) this.perKey.delete(key);
    else this.perKey.set(key, held);
    this.total -= weight;
  }

  /** Bytes in flight now. */
  get size(): number {
    return this.total;
  }
}
