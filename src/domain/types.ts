// Record and result types shared by every layer. Pure data: no I/O here.

export const NUMBER_TYPES = ['long-code', 'wireless', 'tollfree'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

export const REASONS = [
  'invalid_number',
  'special_use',
  'unassigned',
  'not_lnp_capable',
  'not_in_service',
  'no_coverage',
  'on_network',
] as const;
export type Reason = (typeof REASONS)[number];

export const CARRIER_CATEGORIES = [
  'RBOC',
  'ILEC',
  'ICO',
  'CLEC',
  'ULEC',
  'CAP',
  'IPES',
  'IC',
  'GENERAL',
  'INTL',
  'L RESELLER',
  'P RESELLER',
  'W RESELLER',
  'PCS',
  'WIRELESS',
  'RESPORG',
] as const;
export type CarrierCategory = (typeof CARRIER_CATEGORIES)[number];

export const SV_TYPES = [
  'wireline',
  'wireless',
  'voip',
  'vowifi',
  'prepaid_wireless',
  'class2_voip',
] as const;
export type SvType = (typeof SV_TYPES)[number];

export const TOLLFREE_STATUSES = [
  'SPARE',
  'RESERVED',
  'ASSIGNED',
  'WORKING',
  'DISCONNECT',
  'TRANSITIONAL',
  'UNAVAILABLE',
  'SUSPENDED',
] as const;
export type TollfreeStatus = (typeof TOLLFREE_STATUSES)[number];

export interface CarrierRecord {
  id: string;
  name: string;
  /** Upper-case LERG category, or null when unknown. */
  category: CarrierCategory | null;
  underlyingId: string | null;
}

/** `blockId` is -1 for the whole exchange (`A`), 0–9 for a thousands-block. */
export interface BlockRecord {
  npa: number;
  nxx: number;
  blockId: number;
  lata: number;
  ocn: string;
  rateCenter: string;
  state: string;
  /** Upper-case; `EOC` when the file left it empty. */
  cocType: string;
  portable: boolean;
}

/** `tn` is the ten-digit number as an integer (NPA NXX XXXX). */
export interface PortedRecord {
  tn: number;
  spid: string;
  svType: SvType;
  lrn: string | null;
  altSpid: string | null;
}

/** `number` is the ten-digit number as an integer. */
export interface TollfreeRecord {
  number: number;
  resporgId: string;
  status: TollfreeStatus;
}

export interface CoverageProvider {
  id: string;
  name: string;
  numberTypes: NumberType[];
  /** `'*'` for every LATA; absent only for toll-free-only providers. */
  latas?: '*' | number[];
  excludeLatas?: number[];
  states?: string[];
  /** `STATE:RATE_CENTER`, compared case-insensitively. */
  rateCenters?: string[];
  /** The v2 answer lists the numbers this provider gains in `hypernetwork_enabled`; absent means false. */
  hypernetwork?: boolean;
}

export interface Coverage {
  providers: CoverageProvider[];
}

/** The wire shape of one group (docs/spec/api.md), built once by the core. */
export interface PortableGroup {
  current_service_provider_name: string;
  current_service_provider_id: string;
  gaining_service_provider_name: string;
  gaining_service_provider_id: string;
  number_type_associated: NumberType;
  lata: number | null;
  numbers: string[];
}

export interface NonportableDetail {
  number: string;
  reason: Reason;
  detail: string;
}

/**
 * The `data` member of the Check Portability response (the beta path). Numbers
 * in canonical form, except those that cannot be canonicalised (as sent).
 * http/schemas/portability.ts publishes the same shape and checks at compile
 * time that its schema's type is this one.
 */
export interface PortabilityResult {
  portable: { numbers: string[]; groups: PortableGroup[] };
  nonportable: { numbers: string[]; details: NonportableDetail[] };
}

/**
 * The `data` member of the v2 path's answer (api.md "The v2 path"): flat lists,
 * every number (in groups and details too) exactly as the client sent it.
 */
export interface PortabilityResultV2 {
  portable: string[];
  nonportable: string[];
  /** The portable numbers whose gaining provider is marked `hypernetwork`, in request order. */
  hypernetwork_enabled: string[];
  groups: PortableGroup[];
  details: NonportableDetail[];
}
