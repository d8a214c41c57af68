// Ported numbers without a giant Set: each portable exchange gets a count k, a random start and a
// stride coprime to its number of portable lines P, and its ported lines are
// (start + i × stride) mod P for i < k — distinct by construction, and recomputable, so the request
// generator can sample ported numbers (and avoid them) without storing 10 million of them.

import type { CarrierSet, GenCarrier } from './carriers.js';
import type { ChunkWriter } from './chunk-writer.js';
import type { ExchangeModel } from './exchanges.js';
import { coprimeStride, modInverse, Rng } from './prng.js';

export interface PortedModel {
  total: number;
  /** Ported numbers per exchange. */
  k: Int32Array;
  start: Int32Array;
  stride: Int32Array;
  /** Portable lines per exchange (1000 × portable thousands-blocks). */
  lines: Int32Array;
  /** Exchanges in file order (shuffled unless sorted output was asked for). */
  order: Int32Array;
  /** cumulative[i] = ported numbers in exchanges order[0..i-1]; cumulative[count] = total. */
  cumulative: Float64Array;
}

function popcount10(mask: number): number {
  let c = 0;
  for (let b = 0; b < 10; b++) if (mask & (1 << b)) c++;
  return c;
}

/** The line (0–9999) of the j-th portable line of an exchange whose portable blocks are `mask`. */
function portableLine(mask: number, j: number): number {
  let nth = Math.floor(j / 1000);
  for (let b = 0; b < 10; b++) {
    if (mask & (1 << b)) {
      if (nth === 0) return b * 1000 + (j % 1000);
      nth--;
    }
  }
  throw new Error('portable line index out of range');
}

/** The index among the portable lines of `line`, or -1 when the line is in a non-portable block. */
function portableIndex(mask: number, line: number): number {
  const block = Math.floor(line / 1000);
  if (!(mask & (1 << block))) return -1;
  let before = 0;
  for (let b = 0; b < block; b++) if (mask & (1 << b)) before++;
  return before * 1000 + (line % 1000);
}

export function buildPorted(seed: number, ex: ExchangeModel, total: number, sorted: boolean): PortedModel {
  const n = ex.count;
  const lines = new Int32Array(n);
  let capacity = 0;
  for (let e = 0; e < n; e++) {
    lines[e] = 1000 * popcount10(ex.portableMask[e]);
    capacity += lines[e];
  }
  if (total > capacity) {
    throw new Error(
      `${total} ported numbers do not fit in the ${capacity} portable lines of the chosen NPAs`,
    );
  }
  // Skewed weights: busy urban exchanges have many ported numbers, rural ones few.
  const alloc = Rng.stream(seed, 'ported-alloc');
  const weight = new Float64Array(n);
  let sum = 0;
  for (let e = 0; e < n; e++) {
    weight[e] = lines[e] > 0 ? 0.05 + alloc.float() ** 3 : 0;
    sum += weight[e];
  }
  const k = new Int32Array(n);
  let given = 0;
  for (let e = 0; e < n && sum > 0; e++) {
    k[e] = Math.min(lines[e], Math.floor((total * weight[e]) / sum));
    given += k[e];
  }
  // The remainder, one at a time round the exchanges from a random point, where there is room.
  let e = n > 0 ? alloc.int(n) : 0;
  while (given < total) {
    if (k[e] < lines[e]) {
      k[e]++;
      given++;
    }
    e = (e + 1) % n;
  }

  const picks = Rng.stream(seed, 'ported-picks');
  const start = new Int32Array(n);
  const stride = new Int32Array(n);
  for (let x = 0; x < n; x++) {
    if (lines[x] === 0) continue;
    start[x] = picks.int(lines[x]);
    stride[x] = coprimeStride(picks, lines[x]);
  }

  const order = new Int32Array(n);
  for (let x = 0; x < n; x++) order[x] = x;
  if (!sorted) Rng.stream(seed, 'ported-order').shuffle(order);
  const cumulative = new Float64Array(n + 1);
  for (let x = 0; x < n; x++) cumulative[x + 1] = cumulative[x] + k[order[x]];
  return { total, k, start, stride, lines, order, cumulative };
}

/** The ten-digit TN of the i-th ported number of exchange e. */
export function portedTn(ex: ExchangeModel, pm: PortedModel, e: number, i: number): number {
  const j = (pm.start[e] + i * pm.stride[e]) % pm.lines[e];
  return ex.npaNxx[e] * 10000 + portableLine(ex.portableMask[e], j);
}

/** The ten-digit TN of the g-th ported number in file order (0 ≤ g < total). */
export function portedTnAt(ex: ExchangeModel, pm: PortedModel, g: number): number {
  // Binary search for the exchange whose range holds g.
  let lo = 0;
  let hi = ex.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (pm.cumulative[mid] <= g) lo = mid;
    else hi = mid - 1;
  }
  return portedTn(ex, pm, pm.order[lo], g - pm.cumulative[lo]);
}

/** Whether line `line` (0–9999) of exchange e is one of its ported numbers. */
export function isPorted(ex: ExchangeModel, pm: PortedModel, e: number, line: number): boolean {
  const P = pm.lines[e];
  if (P === 0 || pm.k[e] === 0) return false;
  const j = portableIndex(ex.portableMask[e], line);
  if (j < 0) return false;
  // j = (start + i·stride) mod P  ⇔  i = (j − start)·stride⁻¹ mod P; ported iff i < k.
  const inv = modInverse(pm.stride[e], P);
  // Both factors are below 10,000, so the product is exact in a double.
  const i = (((j - pm.start[e] + P) % P) * inv) % P;
  return i < pm.k[e];
}

const SV_TYPES = ['wireline', 'wireless', 'voip', 'vowifi', 'prepaid_wireless', 'class2_voip'] as const;
const SV_WEIGHTS = [0.3, 0.45, 0.14, 0.04, 0.05, 0.02];

const PORTED_HEADER = 'tn,spid,sv_type,lrn,alt_spid\n';

/** Writes ported.csv; returns the number of rows. */
export async function writePorted(
  w: ChunkWriter,
  seed: number,
  ex: ExchangeModel,
  pm: PortedModel,
  carriers: CarrierSet,
  sorted: boolean,
): Promise<number> {
  const cat = (name: string): GenCarrier[] => carriers.byCategory.get(name) ?? [];
  // The gaining side's carriers appear as current providers too (on_network answers).
  const wireless = [...cat('WIRELESS'), ...cat('PCS'), ...cat('W RESELLER'), ...cat('P RESELLER')].map(
    (c) => c.id,
  );
  const wireline = [...cat('CLEC'), ...cat('ILEC'), ...cat('RBOC'), ...cat('CAP'), ...cat('L RESELLER')].map(
    (c) => c.id,
  );
  const voip = [...cat('IPES'), ...cat('CLEC')].map((c) => c.id);
  const resellers = [...cat('L RESELLER'), ...cat('W RESELLER'), ...cat('P RESELLER')].map((c) => c.id);
  const mainId = carriers.main.id;
  const wirelessId = carriers.wireless.id;
  const rng = Rng.stream(seed, 'ported-attrs');
  const buffer = new Int32Array(10000);
  let rows = 0;
  w.push(PORTED_HEADER);
  for (let x = 0; x < ex.count; x++) {
    const e = pm.order[x];
    const k = pm.k[e];
    if (k === 0) continue;
    const base = ex.npaNxx[e] * 10000;
    const P = pm.lines[e];
    const mask = ex.portableMask[e];
    for (let i = 0; i < k; i++) buffer[i] = portableLine(mask, (pm.start[e] + i * pm.stride[e]) % P);
    const lines = buffer.subarray(0, k);
    if (sorted) lines.sort();
    // An LRN names a switch of the new provider in the same area: one NXX of this NPA per exchange.
    const lrnBase = Math.floor(base / 10000000) * 10000000 + (ex.npaNxx[rng.int(ex.count)] % 1000) * 10000;
    for (let i = 0; i < k; i++) {
      const sv = rng.weighted(SV_TYPES, SV_WEIGHTS);
      let spid: string;
      const r = rng.float();
      if (sv === 'wireless' || sv === 'vowifi' || sv === 'prepaid_wireless') {
        spid = r < 0.03 ? wirelessId : wireless[rng.int(wireless.length)];
      } else if (sv === 'wireline') {
        spid = r < 0.03 ? mainId : wireline[rng.int(wireline.length)];
      } else {
        spid = voip[rng.int(voip.length)];
      }
      const lrn = rng.chance(0.6) ? String(lrnBase + rng.int(10000)) : '';
      let alt = '';
      if (rng.chance(0.05)) {
        alt = resellers[rng.int(resellers.length)];
        if (alt === spid) alt = '';
      }
      if (w.push(`${base + lines[i]},${spid},${sv},${lrn},${alt}\n`)) await w.flush();
      rows++;
    }
  }
  return rows;
}
