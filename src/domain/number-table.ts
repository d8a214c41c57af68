// A compact, immutable set of ten-digit numbers, each with a small integer
// value. Numbers are grouped by exchange (NPA*1000+NXX, a dense index of 1e6
// slots): an offset table gives each exchange's slice, and inside it the line
// numbers are sorted, so a lookup is one array read and a short binary search.
// Cost: 2 bytes (line) + 2 or 4 bytes (value) per number, plus 4 MB of offsets.

const EXCHANGES = 1_000_000;

export class NumberTable {
  private constructor(
    private readonly offsets: Uint32Array,
    private readonly lines: Uint16Array,
    private readonly values: Uint16Array | Uint32Array,
  ) {}

  get size(): number {
    return this.lines.length;
  }

  /** Bytes held by the typed arrays (for health reports and benchmarks). */
  get byteLength(): number {
    return this.offsets.byteLength + this.lines.byteLength + this.values.byteLength;
  }

  /** The value stored for `exchange` (NPA*1000+NXX) and `line`, or -1. */
  get(exchange: number, line: number): number {
    let lo = this.offsets[exchange];
    let hi = this.offsets[exchange + 1] - 1;
    const lines = this.lines;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = lines[mid];
      if (v < line) lo = mid + 1;
      else if (v > line) hi = mid - 1;
      else return this.values[mid];
    }
    return -1;
  }

  /** The typed arrays behind the table, for the snapshot codec. */
  parts(): { offsets: Uint32Array; lines: Uint16Array; values: Uint16Array | Uint32Array } {
    return { offsets: this.offsets, lines: this.lines, values: this.values };
  }

  static empty(): NumberTable {
    return new NumberTableBuilder().build();
  }

  /** Internal: used by the builder only. */
  static fromParts(offsets: Uint32Array, lines: Uint16Array, values: Uint16Array | Uint32Array): NumberTable {
    return new NumberTable(offsets, lines, values);
  }
}

/** Accumulates (number, value) pairs in any order; a later pair for the same number wins. */
export class NumberTableBuilder {
  private exchanges = new Uint32Array(1024);
  private lines = new Uint16Array(1024);
  private values = new Uint32Array(1024);
  private count = 0;
  private maxValue = 0;
  private ascending = true;
  private lastTn = -1;

  add(tn: number, value: number): void {
    if (this.count === this.lines.length) this.grow();
    const exchange = Math.floor(tn / 10_000);
    const i = this.count++;
    this.exchanges[i] = exchange;
    this.lines[i] = tn - exchange * 10_000;
    this.values[i] = value;
    if (value > this.maxValue) this.maxValue = value;
    if (tn <= this.lastTn) this.ascending = false;
    this.lastTn = tn;
  }

  build(): NumberTable {
    if (!this.ascending) this.sortAndDedupe();
    const n = this.count;
    const offsets = new Uint32Array(EXCHANGES + 1);
    for (let i = 0; i < n; i++) offsets[this.exchanges[i] + 1]++;
    for (let e = 0; e < EXCHANGES; e++) offsets[e + 1] += offsets[e];
    const lines = this.lines.slice(0, n);
    const values =
      this.maxValue <= 0xffff ? Uint16Array.from(this.values.subarray(0, n)) : this.values.slice(0, n);
    return NumberTable.fromParts(offsets, lines, values);
  }

  private grow(): void {
    const size = this.lines.length * 2;
    const exchanges = new Uint32Array(size);
    exchanges.set(this.exchanges);
    const lines = new Uint16Array(size);
    lines.set(this.lines);
    const values = new Uint32Array(size);
    values.set(this.values);
    this.exchanges = exchanges;
    this.lines = lines;
    this.values = values;
  }

  /** Sorts by number; of equal numbers the one added last is kept. */
  private sortAndDedupe(): void {
    const n = this.count;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const ex = this.exchanges;
    const ln = this.lines;
    order.sort((a, b) => ex[a] - ex[b] || ln[a] - ln[b] || b - a);
    const exchanges = new Uint32Array(n);
    const lines = new Uint16Array(n);
    const values = new Uint32Array(n);
    let out = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      if (out > 0 && exchanges[out - 1] === ex[i] && lines[out - 1] === ln[i]) continue;
      exchanges[out] = ex[i];
      lines[out] = ln[i];
      values[out] = this.values[i];
      out++;
    }
    this.exchanges = exchanges;
    this.lines = lines;
    this.values = values;
    this.count = out;
    this.ascending = true;
  }
}
