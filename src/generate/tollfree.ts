// Toll-free numbers: M distinct numbers over the eight toll-free NPAs, the images of 0..M-1 under a
// keyed permutation of the whole number space (so no Set), with every registry status and
// RespOrgs from the carriers.

import type { CarrierSet } from './carriers.js';
import type { ChunkWriter } from './chunk-writer.js';
import { Permutation, Rng } from './prng.js';

const TOLLFREE_NPAS = [800, 822, 833, 844, 855, 866, 877, 888] as const;

/** NXX 200–999 minus N11 (docs/spec/rules.md §2 applies N11 to toll-free NXXs; special-use codes do not). */
const TF_NXX: readonly number[] = (() => {
  const out: number[] = [];
  for (let nxx = 200; nxx <= 999; nxx++) if (nxx % 100 !== 11) out.push(nxx);
  return out;
})();
const PER_NPA = TF_NXX.length * 10000;
const TOLLFREE_SPACE = TOLLFREE_NPAS.length * PER_NPA;

const STATUSES = [
  'WORKING',
  'ASSIGNED',
  'RESERVED',
  'SPARE',
  'DISCONNECT',
  'TRANSITIONAL',
  'UNAVAILABLE',
  'SUSPENDED',
];
const STATUS_WEIGHTS = [0.7, 0.08, 0.05, 0.05, 0.05, 0.03, 0.02, 0.02];

export interface TollfreeModel {
  total: number;
  permutation: Permutation;
}

export function buildTollfree(seed: number, total: number): TollfreeModel {
  if (total > TOLLFREE_SPACE) throw new Error(`at most ${TOLLFREE_SPACE} toll-free numbers`);
  const rng = Rng.stream(seed, 'tollfree-picks');
  return { total, permutation: new Permutation(rng, TOLLFREE_SPACE) };
}

/** The ten-digit i-th toll-free number of the file. */
export function tollfreeAt(tm: TollfreeModel, i: number): number {
  const idx = tm.permutation.apply(i);
  const npa = TOLLFREE_NPAS[Math.floor(idx / PER_NPA)];
  const rest = idx % PER_NPA;
  return npa * 10000000 + TF_NXX[Math.floor(rest / 10000)] * 10000 + (rest % 10000);
}

const TOLLFREE_HEADER = 'number,resporg_id,status\n';

export async function writeTollfree(
  w: ChunkWriter,
  seed: number,
  tm: TollfreeModel,
  carriers: CarrierSet,
): Promise<number> {
  const resporgs = (carriers.byCategory.get('RESPORG') ?? []).map((c) => c.id);
  // A few large RespOrgs control most numbers; the gaining side's own RespOrg holds some (on_network).
  const weights = resporgs.map((_, i) => 1 / (i + 1));
  const rng = Rng.stream(seed, 'tollfree-attrs');
  w.push(TOLLFREE_HEADER);
  for (let i = 0; i < tm.total; i++) {
    const line = `${tollfreeAt(tm, i)},${rng.weighted(resporgs, weights)},${rng.weighted(STATUSES, STATUS_WEIGHTS)}\n`;
    if (w.push(line)) await w.flush();
  }
  return tm.total;
}
