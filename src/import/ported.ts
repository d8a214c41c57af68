import { SV_TYPES } from '../domain/types.js';
import type { CsvDataset } from './csv-dataset.js';
import { carrierId, oneOf, optionalCarrierId, show, tenDigitNumber } from './fields.js';

const LRN = /^[0-9]{10}$/;
const ACTIONS = ['upsert', 'delete'] as const;

export const ported: CsvDataset = {
  dataset: 'ported',
  columns: ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid', 'action'],
  required: ['tn', 'spid', 'sv_type'],
  keyColumn: 'tn',
  parse(get, { line, replace, report }) {
    const tn = tenDigitNumber(get('tn'), 'tn', report);
    const spid = carrierId(get('spid'), 'spid', report);
    const svType = oneOf(get('sv_type'), SV_TYPES, 'sv_type', report);
    const rawLrn = get('lrn');
    let lrn: string | null | undefined = rawLrn === '' ? null : rawLrn;
    if (lrn !== null && !LRN.test(lrn)) {
      report('lrn', `${show(rawLrn)} is not 10 digits`);
      lrn = undefined;
    }
    const altSpid = optionalCarrierId(get('alt_spid'), 'alt_spid', report);
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
};
