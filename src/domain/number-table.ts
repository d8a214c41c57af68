// A compact, immutable set of ten-digit numbers, each with a small integer
// value. Numbers are grouped by exchange (a dense slot per exchange of the
// NPAs in use): an offset table gives each exchange's slice, and inside it
// the line numbers are sorted, so a lookup is two array reads and a short
// binary search. Cost: 2 bytes (line) + 2 or 4 bytes (value) per number,
// plus 4 kB per NPA in use.
import { ExchangeSlots } from './exchange-slots.js';

/** Steps from the first guess before NumberTable.get bisects instead. */
const NEAR_STEPS = 8;

export class NumberTable {
  /** @internal Use NumberTableBuilder or fromParts. */
  constructor(
    private readonly slots: ExchangeSlots,
    private readonly offsets: Uint32Array,
    private readonly lines: Uint16Array,
    private readonly values: Uint16Array | Uint32Array,
  ) {}

  get size(): number {
    return this.lines.length;
  }

  /** Bytes held by the typed arrays (for health reports and benchmarks). */
  get byteLength(): number {
    return (
      this.slots.npaBase.byteLength + this.offsets.byteLength + this.lines.byteLength + this.values.byteLength
    );
  }

  /**
   * The value stored for `exchange` (NPA*1000+NXX) and `line`, or -1. Lines
   * spread fairly evenly over 0-9999, so the search starts where `line`
   * would sit in an even spread (usually the very cache line that holds it,
   * where a plain binary search touches three or four), steps a little, and
   * falls back to bisecting what is left when the exchange is lopsided.
   */
  get(exchange: number, line: number): number {
    const slot = this.slots.slot(exchange);
    if (slot < 0) return -1;
    let lo = this.offsets[slot];
    let hi = this.offsets[slot + 1] - 1;
    if (lo > hi) return -1;
    const lines = this.lines;
    let at = (lo + ((hi - lo + 1) * line) / 10_000) | 0;
    for (let step = 0; step < NEAR_STEPS; step++) {
      const v = lines[at];
      if (v === line) return this.values[at];
      if (v < line) {
        lo = at + 1;
        if (at >= hi || lines[at + 1] > line) return -1;
        at++;
      } else {
        hi = at - 1;
        if (at <= lo || lines[at - 1] < line) return -1;
        at--;
      }
    }
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
  parts(): {
    npaBase: Int32Array;
    offsets: Uint32Array;
    lines: Uint16Array;
    values: Uint16Array | Uint32Array;
  } {
    return { npaBase: this.slots.npaBase, offsets: this.offsets, lines: this.lines, values: this.values };
  }

  static empty(): NumberTable {
    return new NumberTableBuilder().build();
  }

  /** Internal: used by the builder only. */
  static fromParts(parts: ReturnType<NumberTable['parts']>): NumberTable {
    return new NumberTable(new ExchangeSlots(parts.npaBase), parts.offsets, parts.lines, parts.values);
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

  /**
   * Makes room for `count` pairs in all, so a large table is allocated once
   * instead of doubling (a doubling holds the old and new arrays at once).
   */
  reserve(count: number): void {
    if (count > this.lines.length) this.resize(count);
  }

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
    const used = new Uint8Array(1000);
    for (let i = 0; i < n; i++) used[(this.exchanges[i] / 1000) | 0] = 1;
    const slots = ExchangeSlots.forNpas(used);
    // Numbers are sorted, and slots rise with the exchange, so each slice is contiguous.
    const offsets = new Uint32Array(slots.size + 1);
    for (let i = 0; i < n; i++) offsets[slots.slot(this.exchanges[i]) + 1]++;
    for (let e = 0; e < slots.size; e++) offsets[e + 1] += offsets[e];
    const lines = this.lines.slice(0, n);
    const values =
      this.maxValue <= 0xffff ? Uint16Array.from(this.values.subarray(0, n)) : this.values.slice(0, n);
    return new NumberTable(slots, offsets, lines, values);
  }

  private grow(): void {
    this.resize(this.lines.length * 2);
  }

  private resize(size: number): void {
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
