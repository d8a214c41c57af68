// Request bodies for the benchmarks: {"numbers": [...]} with `count` distinct entries, about half
// of them ported numbers, most of the rest other numbers in assigned blocks, then toll-free
// numbers, numbers in unassigned exchanges and a few invalid strings, in random order.

import type { ChunkWriter } from './chunk-writer.js';
import { type ExchangeModel, VALID_NXX } from './exchanges.js';
import { isPorted, type PortedModel, portedTnAt } from './ported.js';
import { coprimeStride, Rng } from './prng.js';
import { type TollfreeModel, tollfreeAt } from './tollfree.js';

export interface RequestMix {
  ported: number;
  local: number;
  tollfree: number;
  unassigned: number;
  invalid: number;
}

/** How a request of `count` numbers splits; shares shrink to what the dataset can supply. */
function requestMix(count: number, pm: PortedModel, tm: TollfreeModel): RequestMix {
  const ported = Math.min(Math.floor(count / 2), pm.total);
  const tollfree = Math.min(Math.floor(count * 0.08), tm.total);
  const invalid = Math.floor(count * 0.005);
  const unassigned = Math.floor(count * 0.015);
  return { ported, tollfree, invalid, unassigned, local: count - ported - tollfree - invalid - unassigned };
}

/**
 * Strings that are not canonicalisable, break §2 (0/1-leading, N11, N9X) or are special-use (§2
 * step 3): one shape per index, distinct for distinct indexes (below 6 million).
 */
function invalidNumber(rng: Rng, i: number): string {
  const tail = String(i).padStart(7, '0');
  switch (i % 8) {
    case 0:
      return String(i).padStart(8, '0'); // too short
    case 1:
      return `1911${tail}`; // N11 NPA
    case 2:
      return `1${rng.range(0, 1)}${rng.range(10, 99)}${tail}`; // NPA begins with 0 or 1
    case 3:
      return `1${rng.range(2, 9)}9${rng.range(0, 9)}${tail}`; // N9X expansion code
    case 4:
      return `206-420-${tail.slice(-4)}x${i}`; // punctuation: the API is strict
    case 5:
      return `1${200 + (Math.floor(i / 10000) % 600)}555${tail.slice(-4)}`; // special-use NXX
    case 6:
      return `1900${tail}`; // non-geographic service code
    default:
      return `+44${tail}${rng.range(100, 999)}`; // not North American
  }
}

/**
 * All numbers of the request, shuffled. Ported numbers are drawn without repeats by a stride over
 * their file order; other local numbers are checked against the ported pattern and a Set of the
 * request's own picks (at most `count` entries).
 */
export function buildRequestNumbers(
  seed: number,
  count: number,
  ex: ExchangeModel,
  pm: PortedModel,
  tm: TollfreeModel,
): string[] {
  const rng = Rng.stream(seed, `request:${count}`);
  const mix = requestMix(count, pm, tm);
  const out: string[] = [];
  if (mix.ported > 0) {
    const start = rng.int(pm.total);
    const stride = coprimeStride(rng, pm.total);
    for (let i = 0; i < mix.ported; i++) out.push(`1${portedTnAt(ex, pm, (start + i * stride) % pm.total)}`);
  }
  const seen = new Set<number>();
  let local = 0;
  for (let tries = 0; local < mix.local && ex.count > 0; tries++) {
    if (tries > mix.local * 20 + 1000)
      throw new Error('the dataset has too few unported lines for this request');
    const e = rng.int(ex.count);
    const line = rng.int(10000);
    const tn = ex.npaNxx[e] * 10000 + line;
    if (seen.has(tn) || isPorted(ex, pm, e, line)) continue;
    seen.add(tn);
    out.push(`1${tn}`);
    local++;
  }
  if (mix.tollfree > 0) {
    const start = rng.int(tm.total);
    const stride = coprimeStride(rng, tm.total);
    for (let i = 0; i < mix.tollfree; i++) out.push(`1${tollfreeAt(tm, (start + i * stride) % tm.total)}`);
  }
  // Exchanges of the chosen NPAs that nobody holds (docs/spec/rules.md: unassigned).
  const assigned = new Set<number>(ex.npaNxx);
  const npas = [...new Set(Array.from(ex.npaNxx, (v) => Math.floor(v / 1000)))];
  let unassigned = 0;
  for (
    let tries = 0;
    unassigned < mix.unassigned && npas.length > 0 && tries < mix.unassigned * 50 + 1000;
    tries++
  ) {
    const npaNxx = rng.pick(npas) * 1000 + rng.pick(VALID_NXX);
    if (assigned.has(npaNxx)) continue;
    const tn = npaNxx * 10000 + rng.int(10000);
    if (seen.has(tn)) continue;
    seen.add(tn);
    out.push(`1${tn}`);
    unassigned++;
  }
  for (let i = 0; i < mix.invalid; i++) out.push(invalidNumber(rng, i));
  // Top up (when unassigned exchanges ran out) so the count is exact.
  for (let i = mix.invalid; out.length < count; i++) out.push(invalidNumber(rng, i));
  return rng.shuffle(out);
}

export async function writeRequest(w: ChunkWriter, numbers: string[]): Promise<number> {
  w.push('{"numbers":[');
  for (let i = 0; i < numbers.length; i++) {
    if (w.push(i === 0 ? `"${numbers[i]}"` : `,"${numbers[i]}"`)) await w.flush();
  }
  w.push(']}\n');
  return numbers.length;
}
