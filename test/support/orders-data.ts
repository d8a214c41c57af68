// Numbering data for the port-order tests: the seed example plus a reseller (its numbers resolve to
// Level3) and a second CLEC, and the same data after an import moved one number to that CLEC.
import type { LoadedSnapshot } from '../../src/cache/snapshot-holder.js';
import type { EndUser } from '../../src/domain/orders/types.js';
import { buildSnapshot, carrier, type Dataset, ported, seedDataset } from './dataset.js';
import { SEATTLE_ADDRESS } from './order-drafts.js';

/** Long-code numbers of block 206-420 (Level3); 12064205790 is held by the reseller RSL01. */
export const LONG = ['12064205780', '12064205781', '12064205782'];
export const RESOLD = '12064205790';
export const TOLLFREE = '18444205780';
export const UNASSIGNED = '15552348976';
/** The number the "after" data moves to OTH01. */
export const MOVED = '12064205781';

export function ordersDataset(): Dataset {
  const seed = seedDataset();
  return {
    ...seed,
    carriers: [
      ...seed.carriers,
      carrier('RSL01', 'Resale Co', 'L RESELLER', '8824'),
      carrier('OTH01', 'Other Tel', 'CLEC'),
    ],
    ported: [...seed.ported, ported(2064205790, 'RSL01')],
  };
}

export function movedDataset(): Dataset {
  const d = ordersDataset();
  return { ...d, ported: [...d.ported, ported(2064205781, 'OTH01')] };
}

export function loaded(d: Dataset, version = 1): LoadedSnapshot {
  return {
    snapshot: buildSnapshot(d),
    version: { version, updatedAt: '2024-05-01T00:00:00.000Z' },
    loadedAt: '2024-05-01T00:00:00.000Z',
  };
}

export const END_USER: EndUser = {
  subscriberType: 'business',
  entityName: 'Acme Inc',
  authorizedPerson: 'Jane Doe',
  accountNumber: 'ACCT-SECRET-991',
  pin: '8642',
  btn: '12064205780',
  serviceAddress: SEATTLE_ADDRESS,
};
