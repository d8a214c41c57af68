// Dense slots for the exchanges of the NPAs a dataset uses. Indexing a
// per-exchange array by NPA*1000+NXX would cost 1,000,000 entries whatever
// the data; real data uses a few hundred NPAs, so each used NPA gets 1,000
// consecutive slots and the rest cost nothing but one entry in `npaBase`.

export class ExchangeSlots {
  /** First slot of each NPA's thousand, or -1 for an NPA with none. */
  readonly npaBase: Int32Array;
  /** Number of slots (1,000 per used NPA). */
  readonly size: number;

  constructor(npaBase: Int32Array) {
    this.npaBase = npaBase;
    let used = 0;
    for (let npa = 0; npa < 1000; npa++) if (npaBase[npa] >= 0) used++;
    this.size = used * 1000;
  }

  /** Slots for exactly the NPAs flagged in `used` (an array of 1,000 booleans as 0/1). */
  static forNpas(used: Uint8Array): ExchangeSlots {
    const npaBase = new Int32Array(1000).fill(-1);
    let next = 0;
    for (let npa = 0; npa < 1000; npa++) {
      if (used[npa]) {
        npaBase[npa] = next;
        next += 1000;
      }
    }
    return new ExchangeSlots(npaBase);
  }

  /** The slot of exchange NPA*1000+NXX, or -1 when its NPA has none. */
  slot(exchange: number): number {
    const npa = (exchange / 1000) | 0;
    const base = this.npaBase[npa];
    return base < 0 ? -1 : base + exchange - npa * 1000;
  }
}
