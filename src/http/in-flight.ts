/**
 * Bounds the checks in progress at once: server-wide, so that memory and the
 * event loop stay bounded (each holds its body and its answer), and per API
 * key, so that one client cannot take every slot and starve the rest. A slot
 * is held from authentication until the response is done or the connection
 * drops.
 */
export class InFlight {
  private total = 0;
  private readonly perKey = new Map<string, number>();

  constructor(
    readonly max: number,
    readonly maxPerKey: number,
  ) {}

  /** Takes a slot for `key`; false when the server or this key holds all it may. */
  enter(key: string): boolean {
    if (this.total >= this.max) return false;
    const held = this.perKey.get(key) ?? 0;
    if (held >= this.maxPerKey) return false;
    this.perKey.set(key, held + 1);
    this.total++;
    return true;
  }

  /** Gives back a slot `enter(key)` took. */
  leave(key: string): void {
    const held = this.perKey.get(key) ?? 0;
    if (held <= 1) this.perKey.delete(key);
    else this.perKey.set(key, held - 1);
    this.total--;
  }

  /** Slots taken now. */
  get size(): number {
    return this.total;
  }
}
