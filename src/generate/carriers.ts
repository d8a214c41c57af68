// The carriers dataset: a few hundred OCNs/SPIDs across the LERG 1 categories, resellers whose
// `underlying_id` chains end at a facilities carrier (never circular), and toll-free RespOrgs.

import { carrierName } from './names.js';
import type { Rng } from './prng.js';

export interface GenCarrier {
  id: string;
  name: string;
  /** A LERG 1 category or `RESPORG`; '' when unknown. */
  category: string;
  underlyingId: string | null;
}

/** How many carriers of each category the dataset holds (a small LERG's proportions). */
const CATEGORY_COUNTS: ReadonlyArray<readonly [string, number]> = [
  ['RBOC', 7],
  ['ILEC', 60],
  ['ICO', 20],
  ['CLEC', 70],
  ['ULEC', 10],
  ['CAP', 10],
  ['IPES', 30],
  ['IC', 6],
  ['GENERAL', 4],
  ['INTL', 4],
  ['WIRELESS', 25],
  ['PCS', 10],
  ['L RESELLER', 15],
  ['W RESELLER', 20],
  ['P RESELLER', 10],
  ['RESPORG', 40],
  ['', 6],
];

export interface CarrierSet {
  /** In file order (shuffled, so some `underlying_id`s point forward). */
  all: GenCarrier[];
  byCategory: Map<string, GenCarrier[]>;
  /** The gaining side's own carrier (a CLEC): coverage's main provider. */
  main: GenCarrier;
  /** The gaining side's wireless partner. */
  wireless: GenCarrier;
  /** A peering CLEC for a few LATAs. */
  peer: GenCarrier;
  /** A regional carrier that fills some of the main provider's gaps by rate centre. */
  regional: GenCarrier;
  /** The gaining side's RespOrg. */
  tollfree: GenCarrier;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** An OCN-like id: four digits, or three digits and a letter (e.g. `683G`). */
function ocnId(rng: Rng): string {
  const digits = String(rng.int(10000)).padStart(4, '0');
  return rng.chance(0.4) ? digits.slice(0, 3) + LETTERS[rng.int(26)] : digits;
}

/** A RespOrg-like id: three letters and two digits (e.g. `FWR01`). */
function resporgId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 3; i++) id += LETTERS[rng.int(26)];
  return id + String(rng.int(100)).padStart(2, '0');
}

/** An id that is not in the dataset, so that a chain ends at an unknown carrier (docs/spec/rules.md §3 step 5). */
function unknownId(rng: Rng, used: Set<string>): string {
  for (;;) {
    let id = 'X';
    for (let i = 0; i < 3; i++) id += ALNUM[rng.int(ALNUM.length)];
    if (!used.has(id)) return id;
  }
}

export function generateCarriers(rng: Rng): CarrierSet {
  const used = new Set<string>();
  const byCategory = new Map<string, GenCarrier[]>();
  const created: GenCarrier[] = [];
  for (const [category, count] of CATEGORY_COUNTS) {
    const list: GenCarrier[] = [];
    for (let i = 0; i < count; i++) {
      let id: string;
      do id = category === 'RESPORG' ? resporgId(rng) : ocnId(rng);
      while (used.has(id));
      used.add(id);
      const c: GenCarrier = { id, name: carrierName(rng, category), category, underlyingId: null };
      list.push(c);
      created.push(c);
    }
    byCategory.set(category, list);
  }
  const cat = (name: string): GenCarrier[] => byCategory.get(name) ?? [];

  // Chains only point at carriers created earlier in this walk, or at facilities carriers that
  // never get an underlying_id themselves, so they cannot be circular.
  const chain = (list: GenCarrier[], bases: GenCarrier[]): void => {
    list.forEach((c, i) => {
      const r = rng.float();
      if (r < 0.65) c.underlyingId = rng.pick(bases).id;
      else if (r < 0.9 && i > 0) c.underlyingId = list[rng.int(i)].id;
    });
  };
  chain(cat('L RESELLER'), [...cat('RBOC'), ...cat('ILEC'), ...cat('CLEC')]);
  chain(cat('W RESELLER'), [...cat('WIRELESS'), ...cat('PCS')]);
  chain(cat('P RESELLER'), [...cat('PCS'), ...cat('WIRELESS')]);
  // Some VoIP providers ride on a CLEC's network; some RespOrgs resell a larger RespOrg.
  for (const c of cat('IPES')) if (rng.chance(0.2)) c.underlyingId = rng.pick(cat('CLEC').slice(1)).id;
  const resporgs = cat('RESPORG');
  resporgs.forEach((c, i) => {
    if (i > 1 && rng.chance(0.25)) c.underlyingId = resporgs[rng.int(i)].id;
  });
  // Two resellers whose wholesale carrier is not in the dataset.
  cat('L RESELLER')[0].underlyingId = unknownId(rng, used);
  cat('W RESELLER')[0].underlyingId = unknownId(rng, used);

  const all = rng.shuffle([...created]);
  return {
    all,
    byCategory,
    main: cat('CLEC')[0],
    wireless: cat('WIRELESS')[0],
    peer: cat('CLEC')[1],
    regional: cat('ILEC')[0],
    tollfree: resporgs[0],
  };
}

export const CARRIERS_HEADER = 'id,name,category,underlying_id\n';
