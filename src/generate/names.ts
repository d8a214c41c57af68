// Plausible, made-up names: carriers and rate centres that read like LERG data without naming
// real companies or copying anyone's list.

import type { Rng } from './prng.js';

const PLACE_ROOTS = [
  'ASH',
  'BEAR',
  'BIRCH',
  'BLUE',
  'BROOK',
  'CEDAR',
  'CLEAR',
  'COLD',
  'COPPER',
  'CROSS',
  'DEER',
  'EAGLE',
  'ELM',
  'FAIR',
  'FALL',
  'FOX',
  'GLEN',
  'GOLD',
  'GRAND',
  'GREEN',
  'HAZEL',
  'HIGH',
  'HOLLY',
  'IRON',
  'LAKE',
  'LAUREL',
  'LIME',
  'LONG',
  'MAPLE',
  'MARSH',
  'MEADOW',
  'MILL',
  'OAK',
  'ORCHARD',
  'PINE',
  'PLAIN',
  'RED',
  'RIDGE',
  'RIVER',
  'ROCK',
  'ROSE',
  'SALT',
  'SAND',
  'SILVER',
  'SPRING',
  'STONE',
  'SUMMIT',
  'SUN',
  'WALNUT',
  'WATER',
  'WHITE',
  'WILLOW',
  'WIND',
  'WOLF',
] as const;
const PLACE_SUFFIXES = [
  'BURG',
  'BURY',
  'DALE',
  'FIELD',
  'FORD',
  'HAVEN',
  'HILL',
  'LAND',
  'MONT',
  'PORT',
  'TON',
  'VALE',
  'VIEW',
  'VILLE',
  'WOOD',
  'WORTH',
] as const;
const PLACE_PREFIXES = ['NORTH ', 'SOUTH ', 'EAST ', 'WEST ', 'NEW ', 'FORT ', 'MOUNT ', 'PORT '] as const;
const PLACE_WORDS = [' CITY', ' CENTER', ' FALLS', ' HEIGHTS', ' JUNCTION', ' SPRINGS', ' VALLEY'] as const;

/** An upper-case town name such as `NORTH CEDARFIELD` or `MAPLE FALLS`. */
function placeName(rng: Rng): string {
  let name = rng.pick(PLACE_ROOTS);
  if (rng.chance(0.7)) name += rng.pick(PLACE_SUFFIXES);
  else name += rng.pick(PLACE_WORDS);
  if (rng.chance(0.2)) name = rng.pick(PLACE_PREFIXES) + name;
  return name;
}

/** `n` distinct town names (the rate centres of one state). */
export function placeNames(rng: Rng, n: number): string[] {
  const names = new Set<string>();
  while (names.size < n) names.add(placeName(rng));
  return [...names];
}

const BRAND_WORDS = [
  'Allied',
  'Apex',
  'Arrow',
  'Atlas',
  'Beacon',
  'Bluebird',
  'Bridge',
  'Canyon',
  'Cardinal',
  'Cascade',
  'Centennial',
  'Citadel',
  'Clearwave',
  'Compass',
  'Continental',
  'Crest',
  'Delta',
  'Echo',
  'Empire',
  'Frontier',
  'Gateway',
  'Granite',
  'Harbor',
  'Heartland',
  'Horizon',
  'Keystone',
  'Liberty',
  'Lumen',
  'Meridian',
  'Mesa',
  'Metro',
  'Mountain',
  'Nexus',
  'Northstar',
  'Orbit',
  'Pacific',
  'Palmetto',
  'Patriot',
  'Pioneer',
  'Prairie',
  'Quantum',
  'Redwood',
  'Ridgeline',
  'Sierra',
  'Signal',
  'Skyline',
  'Summit',
  'Tidewater',
  'Titan',
  'Tri-County',
  'Unity',
  'Valley',
  'Vector',
  'Vista',
  'Yankee',
] as const;

const CATEGORY_SUFFIXES: Record<string, readonly string[]> = {
  RBOC: ['Bell Telephone Company', 'Bell Inc.'],
  ILEC: ['Telephone Company', 'Telephone Cooperative', 'Rural Telephone Co.', 'Mutual Telephone Co.'],
  ICO: ['Telephone Company, Inc.', 'Telecom Inc.'],
  CLEC: ['Communications, LLC', 'Telecom, LLC', 'Networks, Inc.', 'Fiber, LLC'],
  ULEC: ['Broadband, Inc.', 'Connect, LLC'],
  CAP: ['Access, Inc.', 'Transport, LLC'],
  IPES: ['Voice, LLC', 'VoIP, Inc.', 'Cloud Communications, Inc.'],
  IC: ['Long Distance, Inc.', 'Interexchange, LLC'],
  GENERAL: ['Services, Inc.'],
  INTL: ['International, Ltd.', 'Global Telecom S.A.'],
  'L RESELLER': ['Phone Service, LLC', 'Home Phone, Inc.'],
  'P RESELLER': ['PCS Resale, LLC', 'Prepaid, Inc.'],
  'W RESELLER': ['Mobile, LLC', 'Wireless Resale, Inc.'],
  PCS: ['PCS, LLC', 'Personal Communications, Inc.'],
  WIRELESS: ['Wireless, Inc.', 'Cellular, LLC', 'Mobility, LLC'],
  RESPORG: ['Toll-Free Services, Inc.', '800 Services, LLC', 'RespOrg, LLC'],
};

/** A company name for a carrier of this category; an occasional comma or quote exercises CSV quoting. */
export function carrierName(rng: Rng, category: string): string {
  const suffixes = CATEGORY_SUFFIXES[category] ?? ['Telecom, Inc.'];
  let name = `${rng.pick(BRAND_WORDS)} ${rng.pick(suffixes)}`;
  if (rng.chance(0.15)) name = `${rng.pick(BRAND_WORDS)} ${name}`;
  if (rng.chance(0.02)) name = `"${rng.pick(BRAND_WORDS)}" ${name}`;
  return name;
}

/** RFC 4180 field quoting, only where needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
