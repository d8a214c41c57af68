// A plain reference implementation of docs/spec/rules.md, written straight from its text over plain
// arrays of records: linear scans, strings, no indexes. It is slow on purpose and exists only
// so that the property test can compare the real core against something obviously right.
import type {
  BlockRecord,
  CarrierRecord,
  CoverageProvider,
  NonportableDetail,
  NumberType,
  PortabilityResult,
  PortabilityResultV2,
  PortableGroup,
  Reason,
} from '../../src/domain/types.js';
import type { Dataset } from '../support/dataset.js';

const NON_GEOGRAPHIC_NPAS = [
  '456',
  '500',
  '521',
  '522',
  '523',
  '524',
  '525',
  '526',
  '527',
  '528',
  '529',
  '533',
  '544',
  '566',
  '577',
  '588',
  '600',
  '622',
  '700',
  '710',
  '900',
];
const SPECIAL_USE_NXXS = ['555', '950', '958', '959', '976'];
const TOLLFREE_NPAS = ['800', '822', '833', '844', '855', '866', '877', '888'];
const N11_CODES = ['211', '311', '411', '511', '611', '711', '811', '911'];
const DIGITS = '0123456789';

function allAsciiDigits(s: string): boolean {
  for (const ch of s) if (!DIGITS.includes(ch)) return false;
  return true;
}

/** §1: the canonical form, or null when the string cannot be canonicalised. */
export function referenceCanonical(raw: string): string | null {
  const s = raw.startsWith('+') ? raw.slice(1) : raw;
  if (!allAsciiDigits(s)) return null;
  if (s.length === 10) return `1${s}`;
  if (s.length === 11 && s[0] === '1') return s;
  return null;
}

type Verdict =
  | { kind: 'nonportable'; reason: Reason }
  | {
      kind: 'portable';
      underlyingId: string;
      gaining: CoverageProvider;
      numberType: NumberType;
      lata: number | null;
    };

function findCarrier(d: Dataset, id: string): CarrierRecord | undefined {
  return d.carriers.find((c) => c.id === id);
}

/** §3 step 5: follow underlying_id until a carrier without one, or an id not in the dataset. */
function underlying(d: Dataset, id: string): string {
  let current = id;
  for (;;) {
    const c = findCarrier(d, current);
    if (c === undefined || c.underlyingId === null) return current;
    current = c.underlyingId;
  }
}

function findBlock(d: Dataset, npa: number, nxx: number, blockId: number): BlockRecord | undefined {
  return d.blocks.find((b) => b.npa === npa && b.nxx === nxx && b.blockId === blockId);
}

function coverageMatches(p: CoverageProvider, type: NumberType, b: BlockRecord): boolean {
  if (!p.numberTypes.includes(type)) return false;
  if (p.latas === undefined) return false;
  if (p.latas !== '*' && !p.latas.includes(b.lata)) return false;
  if (p.excludeLatas?.includes(b.lata)) return false;
  if (p.states !== undefined && !p.states.includes(b.state)) return false;
  if (p.rateCenters !== undefined) {
    const key = `${b.state}:${b.rateCenter}`.toUpperCase();
    if (!p.rateCenters.some((rc) => rc.toUpperCase() === key)) return false;
  }
  return true;
}

function judgeLocal(d: Dataset, tn: string): Verdict {
  const npa = Number(tn.slice(0, 3));
  const nxx = Number(tn.slice(3, 6));
  const x = Number(tn.slice(6, 7));
  const b = findBlock(d, npa, nxx, x) ?? findBlock(d, npa, nxx, -1);
  if (b === undefined) return { kind: 'nonportable', reason: 'unassigned' };
  if (!b.portable) return { kind: 'nonportable', reason: 'not_lnp_capable' };
  const portedRecord = d.ported.find((p) => p.tn === Number(tn));
  const current = portedRecord !== undefined ? portedRecord.spid : b.ocn;
  let numberType: NumberType;
  if (portedRecord !== undefined) {
    const wirelessSv = ['wireless', 'vowifi', 'prepaid_wireless'];
    numberType = wirelessSv.includes(portedRecord.svType) ? 'wireless' : 'long-code';
  } else {
    const holder = findCarrier(d, b.ocn);
    const wirelessCategories = ['WIRELESS', 'PCS', 'W RESELLER', 'P RESELLER'];
    const wirelessCoc = b.cocType === 'PMC' || b.cocType === 'RCC';
    const wirelessHolder =
      holder !== undefined && holder.category !== null && wirelessCategories.includes(holder.category);
    numberType = wirelessCoc || wirelessHolder ? 'wireless' : 'long-code';
  }
  const underlyingId = underlying(d, current);
  const gaining = d.coverage.providers.find((p) => coverageMatches(p, numberType, b));
  if (gaining === undefined) return { kind: 'nonportable', reason: 'no_coverage' };
  if (gaining.id === underlyingId) return { kind: 'nonportable', reason: 'on_network' };
  return { kind: 'portable', underlyingId, gaining, numberType, lata: b.lata };
}

function judgeTollfree(d: Dataset, tn: string): Verdict {
  const record = d.tollfree.find((t) => t.number === Number(tn));
  if (record === undefined || record.status === 'SPARE') return { kind: 'nonportable', reason: 'unassigned' };
  if (['DISCONNECT', 'TRANSITIONAL', 'UNAVAILABLE', 'SUSPENDED'].includes(record.status)) {
    return { kind: 'nonportable', reason: 'not_in_service' };
  }
  const underlyingId = underlying(d, record.resporgId);
  const gaining = d.coverage.providers.find((p) => p.numberTypes.includes('tollfree'));
  if (gaining === undefined) return { kind: 'nonportable', reason: 'no_coverage' };
  if (gaining.id === underlyingId) return { kind: 'nonportable', reason: 'on_network' };
  return { kind: 'portable', underlyingId, gaining, numberType: 'tollfree', lata: null };
}

/** §2, steps 2–5, for a canonical number. */
function judge(d: Dataset, canonical: string): Verdict {
  const tn = canonical.slice(1);
  const npa = tn.slice(0, 3);
  const nxx = tn.slice(3, 6);
  const invalid =
    npa[0] === '0' ||
    npa[0] === '1' ||
    nxx[0] === '0' ||
    nxx[0] === '1' ||
    npa[1] === '9' ||
    N11_CODES.includes(npa) ||
    N11_CODES.includes(nxx);
  if (invalid) return { kind: 'nonportable', reason: 'invalid_number' };
  const tollfree = TOLLFREE_NPAS.includes(npa);
  if (NON_GEOGRAPHIC_NPAS.includes(npa) || (!tollfree && SPECIAL_USE_NXXS.includes(nxx))) {
    return { kind: 'nonportable', reason: 'special_use' };
  }
  return tollfree ? judgeTollfree(d, tn) : judgeLocal(d, tn);
}

/** docs/spec/rules.md end to end; `detail` is left empty (it is free text). */
export function referenceCheck(d: Dataset, numbers: readonly string[]): PortabilityResult {
  const seen: string[] = [];
  const portableNumbers: string[] = [];
  const groups: PortableGroup[] = [];
  const nonportableNumbers: string[] = [];
  const details: NonportableDetail[] = [];
  for (const raw of numbers) {
    const canonical = referenceCanonical(raw);
    const shown = canonical ?? raw;
    if (seen.includes(shown)) continue;
    seen.push(shown);
    const verdict: Verdict =
      canonical === null ? { kind: 'nonportable', reason: 'invalid_number' } : judge(d, canonical);
    if (verdict.kind === 'nonportable') {
      nonportableNumbers.push(shown);
      details.push({ number: shown, reason: verdict.reason, detail: '' });
      continue;
    }
    portableNumbers.push(shown);
    let group = groups.find(
      (g) =>
        g.current_service_provider_id === verdict.underlyingId &&
        g.gaining_service_provider_id === verdict.gaining.id &&
        g.number_type_associated === verdict.numberType &&
        g.lata === verdict.lata,
    );
    if (group === undefined) {
      group = {
        current_service_provider_name: findCarrier(d, verdict.underlyingId)?.name ?? verdict.underlyingId,
        current_service_provider_id: verdict.underlyingId,
        gaining_service_provider_name: verdict.gaining.name,
        gaining_service_provider_id: verdict.gaining.id,
        number_type_associated: verdict.numberType,
        lata: verdict.lata,
        numbers: [],
      };
      groups.push(group);
    }
    group.numbers.push(shown);
  }
  return {
    portable: { numbers: portableNumbers, groups },
    nonportable: { numbers: nonportableNumbers, details },
  };
}

/**
 * The v2 path's answer (api.md "The v2 path"), from the same judgement: every
 * list holds the numbers exactly as sent (the first spelling of a repeated
 * number), and hypernetwork_enabled the portable ones whose gaining provider
 * says `hypernetwork: true`. `detail` is left empty.
 */
export function referenceCheckV2(d: Dataset, numbers: readonly string[]): PortabilityResultV2 {
  const seen: string[] = [];
  const result: PortabilityResultV2 = {
    portable: [],
    nonportable: [],
    hypernetwork_enabled: [],
    groups: [],
    details: [],
  };
  for (const raw of numbers) {
    const canonical = referenceCanonical(raw);
    const key = canonical ?? raw;
    if (seen.includes(key)) continue;
    seen.push(key);
    const verdict: Verdict =
      canonical === null ? { kind: 'nonportable', reason: 'invalid_number' } : judge(d, canonical);
    if (verdict.kind === 'nonportable') {
      result.nonportable.push(raw);
      result.details.push({ number: raw, reason: verdict.reason, detail: '' });
      continue;
    }
    result.portable.push(raw);
    if (verdict.gaining.hypernetwork === true) result.hypernetwork_enabled.push(raw);
    let group = result.groups.find(
      (g) =>
        g.current_service_provider_id === verdict.underlyingId &&
        g.gaining_service_provider_id === verdict.gaining.id &&
        g.number_type_associated === verdict.numberType &&
        g.lata === verdict.lata,
    );
    if (group === undefined) {
      group = {
        current_service_provider_name: findCarrier(d, verdict.underlyingId)?.name ?? verdict.underlyingId,
        current_service_provider_id: verdict.underlyingId,
        gaining_service_provider_name: verdict.gaining.name,
        gaining_service_provider_id: verdict.gaining.id,
        number_type_associated: verdict.numberType,
        lata: verdict.lata,
        numbers: [],
      };
      result.groups.push(group);
    }
    group.numbers.push(raw);
  }
  return result;
}
