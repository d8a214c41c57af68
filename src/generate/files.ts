// Rendering of the small files (carriers.csv, blocks.csv) from the models.

import { CARRIERS_HEADER, type CarrierSet } from './carriers.js';
import type { ChunkWriter } from './chunk-writer.js';
import { BLOCKS_HEADER, COC_TYPES, type ExchangeModel } from './exchanges.js';
import { csvField } from './names.js';

export async function writeCarriers(w: ChunkWriter, carriers: CarrierSet): Promise<number> {
  w.push(CARRIERS_HEADER);
  for (const c of carriers.all) {
    await w.write(`${c.id},${csvField(c.name)},${c.category},${c.underlyingId ?? ''}\n`);
  }
  return carriers.all.length;
}

export async function writeBlocks(w: ChunkWriter, ex: ExchangeModel): Promise<number> {
  let rows = 0;
  w.push(BLOCKS_HEADER);
  for (let e = 0; e < ex.count; e++) {
    const npa = Math.floor(ex.npaNxx[e] / 1000);
    const nxx = ex.npaNxx[e] % 1000;
    const rc = ex.rateCenters[ex.rateCenter[e]];
    const where = `${rc.lata},`;
    const place = `,${rc.name},${rc.state},`;
    const coc = ex.blankCoc[e] ? '' : COC_TYPES[ex.cocType[e]];
    const portable = ex.portableA[e] ? (ex.blankPortable[e] ? '' : 'Y') : 'N';
    let text = `${npa},${nxx},A,${where}${ex.holders[ex.holder[e]].id}${place}${coc},${portable}\n`;
    for (let t = ex.thousandsStart[e]; t < ex.thousandsStart[e + 1]; t++) {
      const b = ex.thousands[t];
      text += `${npa},${nxx},${b.block},${where}${ex.holders[b.holder].id}${place}${b.cocType},${b.portable ? 'Y' : 'N'}\n`;
      rows++;
    }
    rows++;
    if (w.push(text)) await w.flush();
  }
  return rows;
}

export function renderCoverage(coverage: unknown): string {
  return `${JSON.stringify(coverage, null, 2)}\n`;
}
