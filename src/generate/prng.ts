// Seeded pseudo-random numbers for the test-data generator. Never Math.random: the same seed
// must give the same bytes on every machine and every Node version.

/** 32-bit string hash (FNV-1a), used to derive independent streams from one seed. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 finaliser: spreads nearby seeds over the whole 32-bit space. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * mulberry32: tiny, fast, and good enough for test data (not for cryptography).
 * Each part of the dataset uses its own stream (`Rng.stream(seed, 'ported')`), so changing
 * one size option does not reshuffle the other files.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed >>> 0);
  }

  static stream(seed: number, label: string): Rng {
    return new Rng(mix32(seed >>> 0) ^ fnv1a(label));
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [0, n); n up to 2^53 (two draws above 2^32). */
  int(n: number): number {
    if (n <= 4294967296) return Math.floor(this.float() * n);
    const f53 = ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
    return Math.floor(f53 * n);
  }

  /** A uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight; `weights` need not sum to 1. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** Shuffles in place (Fisher–Yates). */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The inverse of `a` modulo `m` (gcd(a, m) must be 1). */
export function modInverse(a: number, m: number): number {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % m) + m) % m;
}

/** A stride in [1, n) coprime to n, so `(start + i * stride) % n` visits each of 0..n-1 once. */
export function coprimeStride(rng: Rng, n: number): number {
  if (n <= 2) return 1;
  for (;;) {
    const s = 1 + rng.int(n - 1);
    if (gcd(s, n) === 1) return s;
  }
}

/**
 * A keyed bijection of [0, n) (a balanced Feistel network over the next even power of two, with
 * cycle-walking back into range): maps distinct indexes to distinct, scattered values.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    rng: Rng,
    readonly n: number,
  ) {
    let bits = 2;
    while (2 ** bits < n) bits += 2;
    this.halfBits = bits / 2;
    this.mask = (1 << this.halfBits) - 1;
    this.keys = [rng.u32(), rng.u32(), rng.u32(), rng.u32()];
  }

  apply(i: number): number {
    let x = i;
    do x = this.round(x);
    while (x >= this.n);
    return x;
  }

  private round(x: number): number {
    let left = Math.floor(x / (this.mask + 1));
    let right = x & this.mask;
    for (const key of this.keys) {
      let f = Math.imul(right ^ key, 0x9e3779b1);
      f ^= f >>> 15;
      const next = (left ^ f) & this.mask;
      left = right;
      right = next;
    }
    return left * (this.mask + 1) + right;
  }
}
