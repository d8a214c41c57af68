import { TOLLFREE_STATUSES } from '../domain/types.js';
import type { CsvDataset } from './csv-dataset.js';
import { carrierId, oneOf, show, tenDigitNumber } from './fields.js';

/** docs/spec/rules.md §2 step 4. */
const TOLLFREE_NPAS = new Set([800, 822, 833, 844, 855, 866, 877, 888]);

export const tollfree: CsvDataset = {
  dataset: 'tollfree',
  columns: ['number', 'resporg_id', 'status'],
  required: ['number', 'resporg_id', 'status'],
  keyColumn: 'number',
  parse(get, { line, report }) {
    let number = tenDigitNumber(get('number'), 'number', report);
    if (number !== undefined && !TOLLFREE_NPAS.has(Math.floor(number / 10_000_000))) {
      report(
        'number',
        `${show(get('number'))} is not in a toll-free area code (${[...TOLLFREE_NPAS].join(' ')})`,
      );
      number = undefined;
    }
    const resporgId = carrierId(get('resporg_id'), 'resporg_id', report);
    const status = oneOf(get('status'), TOLLFREE_STATUSES, 'status', report);
    if (number === undefined || resporgId === undefined || status === undefined) return null;
    return { dataset: 'tollfree', line, record: { number, resporgId, status } };
  },
};
