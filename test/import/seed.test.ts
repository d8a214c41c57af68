import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/run-import.js';
import { loadAll, SEED, useTempStore } from './helpers.js';

describe('importing the seed example', () => {
  const t = useTempStore();

  it('imports every seed file and loads back exactly its records', async () => {
    const reports = [];
    for (const [dataset, file] of [
      ['carriers', 'carriers.csv'],
      ['blocks', 'blocks.csv'],
      ['tollfree', 'tollfree.csv'],
      ['coverage', 'coverage.json'],
    ] as const) {
      reports.push(await importFile(t.store, dataset, `${SEED}/${file}`));
    }
    expect(reports.map((r) => r.version?.version)).toEqual([1, 2, 3, 4]);
    expect(reports.map(({ durationMs: _, version: __, ...r }) => r)).toEqual([
      { dataset: 'carriers', read: 4, inserted: 4, updated: 0, deleted: 0, skipped: 0, dryRun: false },
      { dataset: 'blocks', read: 1, inserted: 1, updated: 0, deleted: 0, skipped: 0, dryRun: false },
      { dataset: 'tollfree', read: 1, inserted: 1, updated: 0, deleted: 0, skipped: 0, dryRun: false },
      { dataset: 'coverage', read: 2, inserted: 2, updated: 0, deleted: 0, skipped: 0, dryRun: false },
    ]);

    const { sink, version } = await loadAll(t.store);
    expect(version.version).toBe(4);
    expect(sink.carriers).toEqual([
      { id: '683G', name: 'Flowroute', category: 'IPES', underlyingId: null },
      { id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null },
      { id: 'FWR01', name: 'Flowroute', category: 'RESPORG', underlyingId: null },
      { id: 'LGT01', name: 'Centurylink', category: 'RESPORG', underlyingId: null },
    ]);
    expect(sink.blocks).toEqual([
      {
        npa: 206,
        nxx: 420,
        blockId: -1,
        lata: 674,
        ocn: '8824',
        rateCenter: 'SEATTLE',
        state: 'WA',
        cocType: 'EOC',
        portable: true,
      },
    ]);
    expect(sink.tollfreeRows).toEqual([[8_444_205_780, 'LGT01', 'WORKING']]);
    expect(sink.coverages).toEqual([
      {
        providers: [
          { id: '683G', name: 'Flowroute', numberTypes: ['long-code', 'wireless'], latas: '*' },
          { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
        ],
      },
    ]);
  });

  it('imports a ported file', async () => {
    const file = t.file(
      'ported.csv',
      'tn,spid,sv_type,lrn,alt_spid,action\n12064205781,683G,wireless,2065550000,,\n2064205782,8824,voip,,ALT1,upsert\n',
    );
    const report = await importFile(t.store, 'ported', file);
    expect(report).toMatchObject({ read: 2, inserted: 2, updated: 0, deleted: 0 });
    expect((await loadAll(t.store)).sink.portedRows).toEqual([
      [2_064_205_781, '683G', 'wireless'],
      [2_064_205_782, '8824', 'voip'],
    ]);
  });
});
