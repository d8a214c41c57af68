// The dataset most rule tests judge against: every exchange is set up for one rule of
// docs/spec/rules.md §3/§4 (the comment on each record says which).
import type { NumberType, PortableGroup } from '../../src/domain/types.js';
import { block, carrier, type Dataset, dataset, ported, provider, tollfree } from '../support/dataset.js';

export const TOLLFREE_NPAS = [800, 822, 833, 844, 855, 866, 877, 888];
export const NON_GEOGRAPHIC_NPAS = [
  456, 500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 533, 544, 566, 577, 588, 600, 622, 700, 710, 900,
];
export const SPECIAL_USE_NXXS = [555, 950, 958, 959, 976];
export const N11_CODES = [211, 311, 411, 511, 611, 711, 811, 911];

const AK = { lata: 832, state: 'AK', rateCenter: 'ANCHORAGE' };

export const world: Dataset = dataset({
  carriers: [
    carrier('8824', 'Level3', 'CLEC'),
    carrier('683G', 'Flowroute', 'IPES'),
    carrier('TMOB', 'T-Mobile', 'WIRELESS'),
    carrier('PCS1', 'Sprint PCS', 'PCS'),
    // Wireless reseller on a CLEC: the holder's category (not the underlying's) decides the type.
    carrier('WRS1', 'Wireless Reseller', 'W RESELLER', '8824'),
    carrier('PRS1', 'PCS Reseller', 'P RESELLER', 'TMOB'),
    carrier('RSL1', 'Line Reseller', 'L RESELLER', '8824'),
    carrier('RSL2', 'Reseller of a reseller', 'CLEC', 'RSL1'),
    // A CLEC whose numbers ride on a wireless network: still long-code when not ported.
    carrier('CLR1', 'CLEC on T-Mobile', 'CLEC', 'TMOB'),
    carrier('RSLX', 'Orphan reseller', 'CLEC', 'GHST'),
    carrier('RS6G', 'Flowroute reseller', 'L RESELLER', '683G'),
    carrier('ILEC1', 'Old Telco', 'ILEC'),
    carrier('NOCAT', 'No category', null),
    carrier('LGT01', 'Centurylink', 'RESPORG'),
    carrier('FWR01', 'Flowroute', 'RESPORG'),
    carrier('RORG2', 'RespOrg reseller', 'RESPORG', 'LGT01'),
    carrier('RORG3', 'RespOrg on Flowroute', 'RESPORG', 'FWR01'),
    carrier('RORG4', 'RespOrg orphan', 'RESPORG', 'GONE1'),
  ],
  blocks: [
    block(206, 420, 'A', '8824'),
    // Thousands-block 5 has its own holder, LATA and rate centre; the rest falls back to A.
    block(206, 421, 'A', '8824'),
    block(206, 421, 5, 'TMOB', { lata: 676, rateCenter: 'TACOMA' }),
    // Only thousands-block 3 exists.
    block(206, 422, 3, '8824'),
    // The exchange is not portable but thousands-block 7 is (and the other way round in 424).
    block(206, 423, 'A', '8824', { portable: false }),
    block(206, 423, 7, '8824'),
    block(206, 424, 'A', '8824'),
    block(206, 424, 2, '8824', { portable: false }),
    // coc_type decides for not-ported numbers.
    block(206, 425, 'A', '8824', { cocType: 'PMC' }),
    block(206, 426, 'A', '8824', { cocType: 'RCC' }),
    block(206, 427, 'A', '8824', { cocType: 'VOI' }),
    // the holder's category decides for not-ported numbers.
    block(206, 430, 'A', 'TMOB'),
    block(206, 431, 'A', 'PCS1'),
    block(206, 432, 'A', 'WRS1'),
    block(206, 433, 'A', 'PRS1'),
    block(206, 434, 'A', 'RSL1'),
    block(206, 435, 'A', 'NOPE'),
    block(206, 436, 'A', 'CLR1'),
    block(206, 437, 'A', 'RSL2'),
    block(206, 438, 'A', 'RSLX'),
    block(206, 439, 'A', 'NOCAT'),
    block(206, 440, 'A', 'ILEC1'),
    // on network: held by the gaining provider, or by its reseller.
    block(206, 441, 'A', '683G'),
    block(206, 442, 'A', 'RS6G'),
    // The thousands-block holder's category, not the exchange holder's.
    block(206, 443, 'A', 'TMOB'),
    block(206, 443, 4, '8824'),
    block(206, 444, 'A', '8824'),
    block(206, 444, 6, 'TMOB'),
    block(206, 444, 8, '8824', { cocType: 'PMC' }),
    // An NXX whose middle digit is 9 is an ordinary exchange.
    block(206, 290, 'A', '8824'),
    block(509, 420, 'A', '8824', { lata: 676, rateCenter: 'SPOKANE' }),
    block(907, 420, 'A', '8824', AK),
    block(907, 421, 'A', 'TMOB', AK),
    block(907, 500, 'A', '8824', { lata: 834, state: 'AK', rateCenter: 'JUNEAU' }),
    // Toll-free numbers never look at blocks.
    block(800, 420, 'A', '8824'),
  ],
  ported: [
    ported(2064200001, 'TMOB', 'wireless'),
    ported(2064200002, 'TMOB', 'vowifi'),
    ported(2064200003, 'TMOB', 'prepaid_wireless'),
    ported(2064200004, 'TMOB', 'wireline'),
    ported(2064200005, 'TMOB', 'voip'),
    ported(2064200006, 'TMOB', 'class2_voip'),
    ported(2064200007, 'RSL2', 'wireline'),
    ported(2064200008, '683G', 'voip'),
    ported(2064200009, 'NOPE2', 'wireline'),
    ported(2064200010, 'RSLX', 'voip'),
    ported(2064300001, '8824', 'wireline'),
    ported(2064250001, '8824', 'wireline'),
    ported(2064410001, '8824', 'wireline'),
    ported(2064229999, 'TMOB', 'wireless'),
    ported(2064230001, 'TMOB', 'wireless'),
    ported(5094200001, 'TMOB', 'wireline'),
    ported(9074200001, 'TMOB', 'wireless'),
  ],
  tollfree: [
    tollfree(8444205780, 'LGT01', 'WORKING'),
    tollfree(8004205781, 'LGT01', 'ASSIGNED'),
    tollfree(8004205782, 'LGT01', 'RESERVED'),
    tollfree(8004205783, 'LGT01', 'SPARE'),
    tollfree(8004205784, 'LGT01', 'DISCONNECT'),
    tollfree(8004205785, 'LGT01', 'TRANSITIONAL'),
    tollfree(8004205786, 'LGT01', 'UNAVAILABLE'),
    tollfree(8004205787, 'LGT01', 'SUSPENDED'),
    tollfree(8004205789, 'RORG2', 'WORKING'),
    tollfree(8004205790, 'FWR01', 'WORKING'),
    tollfree(8004205791, 'RORG3', 'WORKING'),
    tollfree(8004205792, 'RORG4', 'WORKING'),
    tollfree(8004205793, 'UNKN9', 'WORKING'),
    ...TOLLFREE_NPAS.map((npa) => tollfree(npa * 10_000_000 + 4201234, 'LGT01', 'WORKING')),
  ],
  coverage: {
    providers: [
      provider('PEER', 'Peering partner', ['long-code'], { latas: [832], states: ['AK'] }),
      provider('683G', 'Flowroute', ['long-code', 'wireless'], { latas: '*', excludeLatas: [834] }),
      provider('FWR01', 'Flowroute', ['tollfree']),
    ],
  },
});

/** A group as the tables write it: the group's fields without its numbers. */
export type GroupKey = Omit<PortableGroup, 'numbers'>;

const GAINING_NAMES: Record<string, string> = {
  '683G': 'Flowroute',
  PEER: 'Peering partner',
  FWR01: 'Flowroute',
};

export function grp(
  currentId: string,
  currentName: string,
  numberType: NumberType,
  lata: number | null,
  gainingId = numberType === 'tollfree' ? 'FWR01' : '683G',
  gainingName = GAINING_NAMES[gainingId] ?? gainingId,
): GroupKey {
  return {
    current_service_provider_name: currentName,
    current_service_provider_id: currentId,
    gaining_service_provider_name: gainingName,
    gaining_service_provider_id: gainingId,
    number_type_associated: numberType,
    lata,
  };
}
