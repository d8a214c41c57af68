// Maps keys made of two small integers (each 0 to 2^31 - 1) to dense indexes
// 0, 1, 2, … in insertion order. Open addressing over Int32Arrays: no
// allocation per key, and no key wider than 31 bits, which V8 would box as a
// heap number at every call that is not inlined.

const EMPTY = -1;

export class KeyIndex {
  private highs: Int32Array;
  private lows: Int32Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.highs = new Int32Array(capacity);
    this.lows = new Int32Array(capacity);
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The index of (`high`, `low`), or -1. */
  get(high: number, low: number): number {
    let i = hash(high, low) & this.mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === EMPTY || (this.lows[i] === low && this.highs[i] === high)) return slot;
      i = (i + 1) & this.mask;
    }
  }

  /** The index of (`high`, `low`), adding it with the next index when new; `added` tells which. */
  intern(high: number, low: number): number {
    let i = hash(high, low) & this.mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === EMPTY) break;
      if (this.lows[i] === low && this.highs[i] === high) {
        this.added = false;
        return slot;
      }
      i = (i + 1) & this.mask;
    }
    const index = this.count++;
    this.highs[i] = high;
    this.lows[i] = low;
    this.slots[i] = index;
    if (this.count * 2 > this.slots.length) this.grow();
    this.added = true;
    return index;
  }

  /** Whether the last intern() added its key. */
  added = false;

  private grow(): void {
    const { highs, lows, slots } = this;
    const capacity = slots.length * 2;
    this.highs = new Int32Array(capacity);
    this.lows = new Int32Array(capacity);
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === EMPTY) continue;
      let i = hash(highs[j], lows[j]) & this.mask;
      while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.highs[i] = highs[j];
      this.lows[i] = lows[j];
      this.slots[i] = slots[j];
    }
  }
}

function hash(high: number, low: number): number {
  const h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  return h ^ (h >>> 15); // the multiply's high bits, folded down to where the mask looks
}
