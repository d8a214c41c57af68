// A set of ten-digit numbers for one request's duplicate check. Ten-digit
// numbers exceed 2^31, so a Set<number> would hash heap doubles; this open-
// addressing table over a Float64Array is several times faster and allocates
// once per request.

export class TnSet {
  private readonly slots: Float64Array;
  private readonly mask: number;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Float64Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** Adds `tn`; returns false when it was already there. */
  add(tn: number): boolean {
    const high = Math.floor(tn / 4294967296);
    let i = (Math.imul((tn >>> 0) ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> 0) & this.mask;
    const slots = this.slots;
    for (;;) {
      const v = slots[i];
      if (v === tn) return false;
      if (v === -1) {
        slots[i] = tn;
        return true;
      }
      i = (i + 1) & this.mask;
    }
  }
}
