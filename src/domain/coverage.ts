// docs/spec/rules.md §3 step 6 and §4 step 3: which coverage provider gains a number.
import type { CoverageProvider, NumberType } from './types.js';

/** Where a local number lives: all the coverage filters look at. */
export interface Place {
  lata: number;
  state: string;
  rateCenter: string;
}

function matchesLocal(p: CoverageProvider, type: NumberType, place: Place): boolean {
  if (!p.numberTypes.includes(type)) return false;
  if (p.latas === undefined) return false;
  if (p.latas !== '*' && !p.latas.includes(place.lata)) return false;
  if (p.excludeLatas?.includes(place.lata)) return false;
  if (p.states && !p.states.some((s) => s.toUpperCase() === place.state.toUpperCase())) return false;
  if (p.rateCenters) {
    const key = `${place.state}:${place.rateCenter}`.toUpperCase();
    if (!p.rateCenters.some((rc) => rc.toUpperCase() === key)) return false;
  }
  return true;
}

/** Index of the first provider, in file order, that takes a local number of `type` at `place`; -1 if none. */
export function gainingForLocal(
  providers: readonly CoverageProvider[],
  type: NumberType,
  place: Place,
): number {
  for (let i = 0; i < providers.length; i++) {
    if (matchesLocal(providers[i], type, place)) return i;
  }
  return -1;
}

/** Index of the first provider whose number types include `tollfree`; -1 if none. */
export function gainingForTollfree(providers: readonly CoverageProvider[]): number {
  return providers.findIndex((p) => p.numberTypes.includes('tollfree'));
}
