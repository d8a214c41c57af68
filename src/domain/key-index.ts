// Maps numeric keys (any integer below 2^53) to dense indexes 0, 1, 2, … in
// insertion order. Ten-digit numbers and group keys exceed 2^31, where a
// Map<number, …> hashes heap doubles; open addressing over a Float64Array is
// several times faster and allocates nothing per key.

const EMPTY = -1;

export class KeyIndex {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The index of `key`, or -1. */
  get(key: number): number {
    let i = hash(key) & this.mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === EMPTY || this.keys[i] === key) return slot;
      i = (i + 1) & this.mask;
    }
  }

  /** The index of `key`, adding it with the next index when new; `added` tells which. */
  intern(key: number): number {
    let i = hash(key) & this.mask;
    for (;;) {
      const slot = this.slots[i];
      if (slot === EMPTY) break;
      if (this.keys[i] === key) {
        this.added = false;
        return slot;
      }
      i = (i + 1) & this.mask;
    }
    const index = this.count++;
    this.keys[i] = key;
    this.slots[i] = index;
    if (this.count * 2 > this.slots.length) this.grow();
    this.added = true;
    return index;
  }

  /** Whether the last intern() added its key. */
  added = false;

  private grow(): void {
    const keys = this.keys;
    const slots = this.slots;
    const capacity = slots.length * 2;
    this.keys = new Float64Array(capacity);
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    for (let j = 0; j < slots.length; j++) {
      if (slots[j] === EMPTY) continue;
      let i = hash(keys[j]) & this.mask;
      while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = keys[j];
      this.slots[i] = slots[j];
    }
  }
}

function hash(key: number): number {
  const high = Math.floor(key / 4294967296);
  return Math.imul((key >>> 0) ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> 0;
}
