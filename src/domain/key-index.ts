// Maps keys made of two small integers (each 0 to 2^31 - 1) to dense indexes
// 0, 1, 2, … in insertion order. Open addressing over one Int32Array: no
// allocation per key, no key wider than 31 bits (V8 boxes wider numbers as
// heap numbers at every call it does not inline), and a key, its partner and
// its index side by side, so that a probe touches one cache line.

const EMPTY = -1;
/** Int32s per entry: high, low, index, and padding to keep entries aligned. */
const STRIDE = 4;

export class KeyIndex {
  private table: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 8) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.table = emptyTable(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The index of (`high`, `low`), or -1. */
  get(high: number, low: number): number {
    const table = this.table;
    let i = hash(high, low) & this.mask;
    for (;;) {
      const at = i * STRIDE;
      const index = table[at + 2];
      if (index === EMPTY || (table[at + 1] === low && table[at] === high)) return index;
      i = (i + 1) & this.mask;
    }
  }

  /** The index of (`high`, `low`), adding it with the next index when new; `added` tells which. */
  intern(high: number, low: number): number {
    const table = this.table;
    let i = hash(high, low) & this.mask;
    for (;;) {
      const at = i * STRIDE;
      const index = table[at + 2];
      if (index === EMPTY) break;
      if (table[at + 1] === low && table[at] === high) {
        this.added = false;
        return index;
      }
      i = (i + 1) & this.mask;
    }
    const index = this.count++;
    const at = i * STRIDE;
    table[at] = high;
    table[at + 1] = low;
    table[at + 2] = index;
    if (this.count * 2 > this.mask + 1) this.grow();
    this.added = true;
    return index;
  }

  /** Whether the last intern() added its key. */
  added = false;

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const table = emptyTable(capacity);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 2] === EMPTY) continue;
      let i = hash(old[at], old[at + 1]) & mask;
      while (table[i * STRIDE + 2] !== EMPTY) i = (i + 1) & mask;
      table[i * STRIDE] = old[at];
      table[i * STRIDE + 1] = old[at + 1];
      table[i * STRIDE + 2] = old[at + 2];
    }
    this.table = table;
    this.mask = mask;
  }
}

function emptyTable(capacity: number): Int32Array {
  const table = new Int32Array(capacity * STRIDE);
  for (let at = 2; at < table.length; at += STRIDE) table[at] = EMPTY;
  return table;
}

function hash(high: number, low: number): number {
  const h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  return h ^ (h >>> 15); // the multiply's high bits, folded down to where the mask looks
}
