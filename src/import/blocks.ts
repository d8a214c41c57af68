import type { CsvDataset } from './csv-dataset.js';
import { carrierId, digits, type Report, required, show, state } from './fields.js';

const COC_TYPE = /^[A-Z0-9]{3}$/;

/** `A` (the whole exchange) is -1; `0`–`9` are thousands-blocks. */
function blockId(value: string, report: Report): number | undefined {
  if (value === 'A' || value === 'a') return -1;
  if (value.length === 1 && value >= '0' && value <= '9') return Number(value);
  report('block_id', `${show(value)} is not A (the whole exchange) or a digit 0 to 9`);
  return undefined;
}

/** Empty means EOC, the ordinary end office; otherwise a LERG type such as PMC, RCC, VOI or SP1. */
function cocType(value: string, report: Report): string | undefined {
  if (value === '') return 'EOC';
  const upper = value.toUpperCase();
  if (COC_TYPE.test(upper)) return upper;
  report('coc_type', `${show(value)} is not a LERG exchange type (3 letters or digits, e.g. EOC, PMC, RCC)`);
  return undefined;
}

function portable(value: string, report: Report): boolean | undefined {
  const upper = value.toUpperCase();
  if (upper === '' || upper === 'Y') return true;
  if (upper === 'N') return false;
  report('portable', `${show(value)} is not Y or N`);
  return undefined;
}

export const blocks: CsvDataset = {
  dataset: 'blocks',
  columns: ['npa', 'nxx', 'block_id', 'lata', 'ocn', 'rate_center', 'state', 'coc_type', 'portable'],
  required: ['npa', 'nxx', 'block_id', 'lata', 'ocn', 'rate_center', 'state'],
  keyColumn: 'npa,nxx,block_id',
  parse(get, { line, report }) {
    const npa = digits(get('npa'), 3, 'npa', report);
    const nxx = digits(get('nxx'), 3, 'nxx', report);
    const block = blockId(get('block_id'), report);
    const lata = digits(get('lata'), 3, 'lata', report);
    const ocn = carrierId(get('ocn'), 'ocn', report);
    const rateCenter = required(get('rate_center'), 'rate_center', report);
    const st = state(get('state'), 'state', report);
    const coc = cocType(get('coc_type'), report);
    const lnp = portable(get('portable'), report);
    if (
      npa === undefined ||
      nxx === undefined ||
      block === undefined ||
      lata === undefined ||
      ocn === undefined ||
      rateCenter === undefined ||
      st === undefined ||
      coc === undefined ||
      lnp === undefined
    ) {
      return null;
    }
    return {
      dataset: 'blocks',
      line,
      record: { npa, nxx, blockId: block, lata, ocn, rateCenter, state: st, cocType: coc, portable: lnp },
    };
  },
};
