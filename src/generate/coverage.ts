// coverage.json: the gaining side's providers in match order (docs/spec/rules.md §3 step 6), built so that
// every branch shows up: a peering partner first for a few LATAs and states, the main carrier
// everywhere else but some excluded LATAs, a wireless partner, a regional carrier filling part
// of the gap by rate centre, and a RespOrg for toll-free.

import type { CarrierSet } from './carriers.js';
import { type ExchangeModel, usedLatas } from './exchanges.js';
import { Rng } from './prng.js';

export interface CoverageFile {
  providers: Array<{
    id: string;
    name: string;
    number_types: string[];
    latas?: '*' | number[];
    exclude_latas?: number[];
    states?: string[];
    rate_centers?: string[];
  }>;
}

export function buildCoverage(seed: number, ex: ExchangeModel, carriers: CarrierSet): CoverageFile {
  const rng = Rng.stream(seed, 'coverage');
  const latas = usedLatas(ex);
  const stateOf = new Map<number, string>();
  for (const rc of ex.rateCenters) stateOf.set(rc.lata, rc.state);
  const shuffled = rng.shuffle([...latas]);
  const take = (n: number): number[] => shuffled.splice(0, Math.min(n, Math.max(0, shuffled.length - 1)));

  const peerLatas = take(Math.max(1, Math.round(latas.length / 40)));
  const peerStates = [...new Set(peerLatas.map((l) => stateOf.get(l) ?? ''))].filter(Boolean).sort();
  // Alaska and Hawaii (as in the spec's example) plus a few more the main carrier does not serve.
  const excluded = [
    ...new Set([
      ...latas.filter((l) => l === 832 || l === 834),
      ...take(Math.max(1, Math.round(latas.length / 30))),
    ]),
  ].sort((a, b) => a - b);
  const wirelessExcluded = take(1);
  const gapCenters = ex.rateCenters.filter((rc) => excluded.includes(rc.lata));
  const regionalCenters = rng
    .shuffle([...gapCenters])
    .slice(0, Math.max(1, Math.floor(gapCenters.length / 3)))
    .map((rc) => `${rc.state}:${rc.name}`)
    .sort();

  const { main, wireless, peer, regional, tollfree } = carriers;
  const providers: CoverageFile['providers'] = [
    {
      id: peer.id,
      name: peer.name,
      number_types: ['long-code'],
      latas: peerLatas.sort((a, b) => a - b),
      states: peerStates,
    },
    { id: main.id, name: main.name, number_types: ['long-code'], latas: '*', exclude_latas: excluded },
    {
      id: wireless.id,
      name: wireless.name,
      number_types: ['wireless'],
      latas: '*',
      exclude_latas: wirelessExcluded,
    },
  ];
  // With very few NPAs there may be no LATA left to exclude, hence no gap to fill.
  if (excluded.length > 0) {
    providers.push({
      id: regional.id,
      name: regional.name,
      number_types: ['long-code', 'wireless'],
      latas: excluded,
      rate_centers: regionalCenters,
    });
  }
  providers.push({ id: tollfree.id, name: tollfree.name, number_types: ['tollfree'] });
  return { providers };
}
