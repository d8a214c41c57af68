// The blocks dataset as a compact model: every assigned exchange of the chosen NPAs with its
// holder, rate centre and LATA, plus the thousands-blocks pooled to other carriers. Typed arrays,
// because the ported and request generators walk ~200,000 exchanges many times.

import type { CarrierSet, GenCarrier } from './carriers.js';
import { placeNames } from './names.js';
import { Rng } from './prng.js';
import type { LataInfo, NpaInfo } from './reference-data.js';

/** docs/spec/rules.md §2: special-use exchanges never appear as assigned blocks. */
const SPECIAL_NXX = new Set([555, 950, 958, 959, 976]);

/** NXX codes an exchange can have: 200–999 minus N11 and the special-use codes. */
export const VALID_NXX: readonly number[] = (() => {
  const out: number[] = [];
  for (let nxx = 200; nxx <= 999; nxx++) {
    if (nxx % 100 === 11 || SPECIAL_NXX.has(nxx)) continue;
    out.push(nxx);
  }
  return out;
})();

/** Share of valid NXXs that are assigned (the rest answer `unassigned`): ~200k exchanges over all US NPAs. */
const ASSIGNED_SHARE = 0.8;
const POOLED_SHARE = 0.25;
const NOT_PORTABLE_SHARE = 0.01;

export interface RateCenter {
  name: string;
  state: string;
  lata: number;
}

export interface ThousandsBlock {
  exchange: number;
  block: number;
  holder: number;
  portable: boolean;
  cocType: string;
}

export interface ExchangeModel {
  count: number;
  /** NPA × 1000 + NXX, ascending. */
  npaNxx: Int32Array;
  /** Index into `holders`. */
  holder: Uint16Array;
  /** Index into `rateCenters`. */
  rateCenter: Uint16Array;
  /** Index into COC_TYPES. */
  cocType: Uint8Array;
  /** The `A` record's portable flag. */
  portableA: Uint8Array;
  /** Bit x set: the numbers with thousands digit x are in a portable block (after precedence). */
  portableMask: Uint16Array;
  /** First index into `thousands` for each exchange (count + 1 entries). */
  thousandsStart: Int32Array;
  thousands: ThousandsBlock[];
  holders: GenCarrier[];
  rateCenters: RateCenter[];
  /** Rendering choices that do not change meaning: `EOC` written as empty, `Y` as empty. */
  blankCoc: Uint8Array;
  blankPortable: Uint8Array;
}

export const COC_TYPES = ['EOC', 'PMC', 'RCC', 'VOI'] as const;

const WIRELESS_CATEGORIES = new Set(['WIRELESS', 'PCS']);

function cocTypeFor(rng: Rng, holder: GenCarrier): number {
  if (WIRELESS_CATEGORIES.has(holder.category)) {
    const r = rng.float();
    return r < 0.85 ? 1 : r < 0.9 ? 2 : 0;
  }
  if (holder.category === 'IPES') return rng.chance(0.5) ? 3 : 0;
  return 0;
}

/** Rate centres of one state, each in one LATA of the state (any LATA if the state has none). */
function stateRateCenters(
  seed: number,
  state: string,
  npasInState: number,
  latasByState: Map<string, number[]>,
  allLatas: number[],
): RateCenter[] {
  const rng = Rng.stream(seed, `rate-centers:${state}`);
  const latas = latasByState.get(state) ?? allLatas;
  return placeNames(rng, 6 + 10 * npasInState).map((name) => ({ name, state, lata: rng.pick(latas) }));
}

export function buildExchanges(
  seed: number,
  allNpas: NpaInfo[],
  chosenNpas: NpaInfo[],
  latas: LataInfo[],
  carriers: CarrierSet,
): ExchangeModel {
  const latasByState = new Map<string, number[]>();
  for (const l of latas) {
    const list = latasByState.get(l.state) ?? [];
    if (!list.includes(l.lata)) list.push(l.lata);
    latasByState.set(l.state, list);
  }
  const allLatas = [...new Set(latas.map((l) => l.lata))];
  const npasPerState = new Map<string, number>();
  for (const n of allNpas) npasPerState.set(n.state, (npasPerState.get(n.state) ?? 0) + 1);

  const cat = (name: string): GenCarrier[] => carriers.byCategory.get(name) ?? [];
  const holders: GenCarrier[] = [];
  const holderIndex = new Map<string, number>();
  const idx = (c: GenCarrier): number => {
    let i = holderIndex.get(c.id);
    if (i === undefined) {
      i = holders.length;
      holders.push(c);
      holderIndex.set(c.id, i);
    }
    return i;
  };
  // Who holds exchanges, and how often: the incumbent dominates its NPA, CLECs and wireless
  // carriers hold most of the rest; the gaining side's own carrier holds a few (on_network).
  const holderGroups: ReadonlyArray<readonly [GenCarrier[], number]> = [
    [[...cat('ILEC'), ...cat('ICO')], 0.1],
    [cat('CLEC'), 0.25],
    [[...cat('WIRELESS'), ...cat('PCS')], 0.2],
    [cat('IPES'), 0.05],
    [[...cat('CAP'), ...cat('ULEC')], 0.05],
    [[carriers.main], 0.02],
  ];
  const groupLists = holderGroups.map((g) => g[0]);
  const groupWeights = holderGroups.map((g) => g[1]);
  const poolHolders = [...cat('CLEC'), ...cat('IPES'), ...cat('ULEC'), ...cat('WIRELESS'), ...cat('PCS')];

  const rateCenters: RateCenter[] = [];
  const stateCenters = new Map<string, number[]>();
  const centersOf = (state: string): number[] => {
    let list = stateCenters.get(state);
    if (!list) {
      list = [];
      for (const rc of stateRateCenters(seed, state, npasPerState.get(state) ?? 1, latasByState, allLatas)) {
        list.push(rateCenters.length);
        rateCenters.push(rc);
      }
      stateCenters.set(state, list);
    }
    return list;
  };

  const cap = chosenNpas.length * VALID_NXX.length;
  const npaNxx = new Int32Array(cap);
  const holder = new Uint16Array(cap);
  const rateCenter = new Uint16Array(cap);
  const cocType = new Uint8Array(cap);
  const portableA = new Uint8Array(cap);
  const portableMask = new Uint16Array(cap);
  const blankCoc = new Uint8Array(cap);
  const blankPortable = new Uint8Array(cap);
  const thousandsStart = new Int32Array(cap + 1);
  const thousands: ThousandsBlock[] = [];
  let n = 0;

  for (const { npa, state } of chosenNpas) {
    // One stream per NPA: an NPA's exchanges are the same whichever other NPAs are chosen.
    const rng = Rng.stream(seed, `npa:${npa}`);
    const incumbent = state.charCodeAt(0) % 3 === 0 ? rng.pick(cat('ILEC')) : rng.pick(cat('RBOC'));
    const centers = rng.shuffle([...centersOf(state)]);
    const local = centers.slice(0, Math.min(centers.length, rng.range(6, 30)));
    for (const nxx of VALID_NXX) {
      if (!rng.chance(ASSIGNED_SHARE)) continue;
      const h = rng.chance(0.33) ? incumbent : rng.pick(rng.weighted(groupLists, groupWeights));
      npaNxx[n] = npa * 1000 + nxx;
      holder[n] = idx(h);
      // Larger towns have more exchanges: favour the first rate centres.
      rateCenter[n] = local[Math.floor(local.length * rng.float() ** 2)];
      cocType[n] = cocTypeFor(rng, h);
      blankCoc[n] = cocType[n] === 0 && rng.chance(0.3) ? 1 : 0;
      const aPortable = !rng.chance(NOT_PORTABLE_SHARE);
      portableA[n] = aPortable ? 1 : 0;
      blankPortable[n] = aPortable && rng.chance(0.2) ? 1 : 0;
      let mask = aPortable ? 0x3ff : 0;
      thousandsStart[n] = thousands.length;
      if (rng.chance(POOLED_SHARE)) {
        const blocks = rng
          .shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
          .slice(0, rng.range(1, 6))
          .sort((a, b) => a - b);
        for (const block of blocks) {
          let p = rng.pick(poolHolders);
          if (p === h) p = poolHolders[(poolHolders.indexOf(p) + 1) % poolHolders.length];
          const portable = !rng.chance(NOT_PORTABLE_SHARE);
          if (portable) mask |= 1 << block;
          else mask &= ~(1 << block);
          thousands.push({
            exchange: n,
            block,
            holder: idx(p),
            portable,
            cocType: COC_TYPES[cocTypeFor(rng, p)],
          });
        }
      }
      portableMask[n] = mask;
      n++;
    }
  }
  thousandsStart[n] = thousands.length;
  return {
    count: n,
    npaNxx: npaNxx.slice(0, n),
    holder: holder.slice(0, n),
    rateCenter: rateCenter.slice(0, n),
    cocType: cocType.slice(0, n),
    portableA: portableA.slice(0, n),
    portableMask: portableMask.slice(0, n),
    thousandsStart: thousandsStart.slice(0, n + 1),
    thousands,
    holders,
    rateCenters,
    blankCoc: blankCoc.slice(0, n),
    blankPortable: blankPortable.slice(0, n),
  };
}

/** The LATAs that actually carry exchanges, ascending (coverage picks from these). */
export function usedLatas(model: ExchangeModel): number[] {
  const set = new Set<number>();
  for (let e = 0; e < model.count; e++) set.add(model.rateCenters[model.rateCenter[e]].lata);
  return [...set].sort((a, b) => a - b);
}

export const BLOCKS_HEADER = 'npa,nxx,block_id,lata,ocn,rate_center,state,coc_type,portable\n';
