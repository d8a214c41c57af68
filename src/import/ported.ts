import { SV_TYPES, type SvType } from '../domain/types.js';
import type { CsvDataset } from './csv-dataset.js';
import { carrierId, oneOf, show, tenDigitNumber } from './fields.js';
import { portedLineParser } from './ported-lines.js';

const ACTIONS = ['upsert', 'delete'] as const;
/** sv_type exactly as spelled in SV_TYPES: the common case, looked up without normalising. */
const SV_TYPE_AS_SPELLED = new Map<string, SvType>(SV_TYPES.map((t) => [t, t]));

// Checks for the common case, char by char without allocating; anything else
// goes through the shared checks in fields.ts, which also word the problems.
const isDigit = (c: number) => c >= 48 && c <= 57;

/** 10 ASCII digits. */
function isTenDigits(value: string): boolean {
  if (value.length !== 10) return false;
  for (let i = 0; i < 10; i++) if (!isDigit(value.charCodeAt(i))) return false;
  return true;
}

/** Already a carrier id as carrierId() would return it: 3 to 8 upper-case letters or digits. */
function isUpperCarrierId(value: string): boolean {
  const n = value.length;
  if (n < 3 || n > 8) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (!isDigit(c) && (c < 65 || c > 90)) return false;
  }
  return true;
}

export const ported: CsvDataset = {
  dataset: 'ported',
  columns: ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid', 'action'],
  required: ['tn', 'spid', 'sv_type'],
  keyColumn: 'tn',
  parse(get, { line, replace, report }) {
    const rawTn = get('tn');
    const tn = isTenDigits(rawTn) ? Number(rawTn) : tenDigitNumber(rawTn, 'tn', report);
    const rawSpid = get('spid');
    const spid = isUpperCarrierId(rawSpid) ? rawSpid : carrierId(rawSpid, 'spid', report);
    const rawSvType = get('sv_type');
    const svType = SV_TYPE_AS_SPELLED.get(rawSvType) ?? oneOf(rawSvType, SV_TYPES, 'sv_type', report);
    const rawLrn = get('lrn');
    let lrn: string | null | undefined = rawLrn === '' ? null : rawLrn;
    if (lrn !== null && !isTenDigits(lrn)) {
      report('lrn', `${show(rawLrn)} is not 10 digits`);
      lrn = undefined;
    }
    const rawAlt = get('alt_spid');
    const altSpid =
      rawAlt === '' || isUpperCarrierId(rawAlt) ? rawAlt || null : carrierId(rawAlt, 'alt_spid', report);
    const rawAction = get('action');
    let action = rawAction === '' ? 'upsert' : oneOf(rawAction, ACTIONS, 'action', report);
    if (action === 'delete' && replace) {
      report('action', 'with --replace, rows must not say delete (the file is the whole dataset)');
      action = undefined;
    }
    if (
      tn === undefined ||
      spid === undefined ||
      svType === undefined ||
      lrn === undefined ||
      altSpid === undefined ||
      action === undefined
    ) {
      return null;
    }
    return { dataset: 'ported', line, action, record: { tn, spid, svType, lrn, altSpid } };
  },
  lineParser: portedLineParser,
};
