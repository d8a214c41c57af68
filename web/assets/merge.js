// Merging the answers of several requests (a list longer than the API's
// maximum is sent in chunks) into the one answer a single request would give:
// groups with the same key merge and keep the order of their first number;
// portable and nonportable lists are concatenated; a number already seen in an
// earlier chunk is not repeated.

/** The key a group is split by (docs/spec/rules.md §3 step 8 and §4 step 5). */
function groupKey(g) {
  return JSON.stringify([
    g.current_service_provider_id,
    g.gaining_service_provider_id,
    g.number_type_associated,
    g.lata,
  ]);
}

export class ResultMerger {
  constructor() {
    /** @type {Map<string, any>} */
    this.byKey = new Map();
    this.groups = [];
    this.portable = [];
    this.nonportable = [];
    this.details = [];
    this.seen = new Set();
  }

  /** Adds the `data` member of one response; chunks must be added in request order. */
  add(data) {
    const earlier = this.seen;
    const fresh = (n) => !earlier.has(n);
    for (const g of data.portable.groups) {
      const numbers = g.numbers.filter(fresh);
      if (numbers.length === 0) continue;
      const key = groupKey(g);
      let merged = this.byKey.get(key);
      if (!merged) {
        merged = { ...g, numbers: [] };
        this.byKey.set(key, merged);
        this.groups.push(merged);
      }
      for (const n of numbers) merged.numbers.push(n);
    }
    for (const n of data.portable.numbers) if (fresh(n)) this.portable.push(n);
    const details = data.nonportable.details ?? [];
    data.nonportable.numbers.forEach((n, i) => {
      if (!fresh(n)) return;
      this.nonportable.push(n);
      this.details.push(details[i] ?? { number: n, reason: 'unknown', detail: '' });
    });
    // Marked only now: within one response the server already reported each number once.
    for (const n of data.portable.numbers) earlier.add(n);
    for (const n of data.nonportable.numbers) earlier.add(n);
  }

  /** The merged `data`, in the API's shape. */
  result() {
    return {
      portable: { numbers: this.portable, groups: this.groups },
      nonportable: { numbers: this.nonportable, details: this.details },
    };
  }
}

/** Splits a list into consecutive slices of at most `size`. */
export function chunk(list, size) {
  const out = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
