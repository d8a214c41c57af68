import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EMBEDDED_HEADER,
  loadReferenceData,
  parseLatas,
  parseNpaReport,
  renderEmbeddedModule,
} from '../../src/generate/reference-data.js';
import { EMBEDDED_LATAS, EMBEDDED_NPAS } from '../../src/generate/reference-embedded.js';
import { LATAS, NPA_REPORT } from '../support/fixtures.js';

describe('reference data', () => {
  it('the embedded copy matches test/fixtures', () => {
    const npas = parseNpaReport(readFileSync(NPA_REPORT));
    const latas = parseLatas(readFileSync(LATAS, 'utf8'));
    expect(EMBEDDED_NPAS.map(([npa, state]) => ({ npa, state }))).toEqual(npas);
    expect(EMBEDDED_LATAS.map(([lata, name, state]) => ({ lata, name, state }))).toEqual(latas);
  });

  it('the embedded module starts with the header its generator writes', () => {
    const file = readFileSync(new URL('../../src/generate/reference-embedded.ts', import.meta.url), 'utf8');
    expect(file.startsWith(`${EMBEDDED_HEADER}\n`)).toBe(true);
    expect(renderEmbeddedModule([], []).startsWith(`${EMBEDDED_HEADER}\n`)).toBe(true);
  });

  it('takes the embedded copy unless a file is named', () => {
    const ref = loadReferenceData();
    expect(ref.source).toBe('embedded NPAs, embedded LATAs');
    expect(ref.npas).toEqual(EMBEDDED_NPAS.map(([npa, state]) => ({ npa, state })));
    const fromFiles = loadReferenceData({ npaReport: NPA_REPORT, latas: LATAS });
    expect(fromFiles.source).toBe(`${NPA_REPORT}, ${LATAS}`);
    expect(fromFiles.npas).toEqual(ref.npas);
    expect(fromFiles.latas).toEqual(ref.latas);
  });

  it('keeps geographic in-service US NPAs with a two-letter state only', () => {
    const byNpa = new Map(EMBEDDED_NPAS.map(([npa, state]) => [npa, state]));
    expect(byNpa.get(206)).toBe('WA');
    expect(byNpa.get(907)).toBe('AK');
    for (const npa of [800, 500, 900, 787, 340, 204, 416]) expect(byNpa.has(npa)).toBe(false);
    expect(EMBEDDED_NPAS.length).toBeGreaterThan(300);
  });

  it('parses a report with a short row and a LATA list with spelled-out states', () => {
    const csv = [
      'File Date,03/04/2020',
      'NPA_ID,type_of_code,USE,LOCATION,COUNTRY,IN_SERVICE',
      '206,General Purpose Code,G,WA,US,Y',
      '207,General Purpose Code,G,ME,US',
      '340,General Purpose Code,G,USVI,US,Y',
      '416,General Purpose Code,G,ON,CANADA,Y',
      '500,Personal Communication Service,N,,US,Y',
    ].join('\n');
    expect(parseNpaReport(csv)).toEqual([{ npa: 206, state: 'WA' }]);
    const tsv =
      'lata\tname\tstate\n228\tDelaware\tDelaware\n836\tWake Island\tWake Island\n674\tSeattle\tWA\n';
    expect(parseLatas(tsv)).toEqual([
      { lata: 228, name: 'Delaware', state: 'DE' },
      { lata: 674, name: 'Seattle', state: 'WA' },
    ]);
  });

  it('refuses an explicitly given path that does not exist', () => {
    expect(() => loadReferenceData({ npaReport: '/nonexistent/npa.csv' })).toThrow();
  });
});
