import { CARRIER_CATEGORIES } from '../domain/types.js';
import type { CsvDataset } from './csv-dataset.js';
import { carrierId, oneOf, optionalCarrierId, required } from './fields.js';

export const carriers: CsvDataset = {
  dataset: 'carriers',
  columns: ['id', 'name', 'category', 'underlying_id'],
  required: ['id', 'name'],
  keyColumn: 'id',
  parse(get, { line, report }) {
    const id = carrierId(get('id'), 'id', report);
    const name = required(get('name'), 'name', report);
    const rawCategory = get('category');
    const category = rawCategory === '' ? null : oneOf(rawCategory, CARRIER_CATEGORIES, 'category', report);
    const underlyingId = optionalCarrierId(get('underlying_id'), 'underlying_id', report);
    if (id === undefined || name === undefined || category === undefined || underlyingId === undefined)
      return null;
    return { dataset: 'carriers', line, record: { id, name, category, underlyingId } };
  },
};
