import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/run-import.js';
import { expectRefused, loadAll, useTempStore } from './helpers.js';
import { COCODES_NEW, COCODES_OLD, LATA_MAP, latin1Report } from './nanpa-files.js';

describe('nanpa-cocodes', () => {
  const t = useTempStore();
  const report = (name: string, lines: readonly string[]) => {
    const path = join(t.dir, name);
    writeFileSync(path, latin1Report(lines));
    return path;
  };
  const seedCarriers = () =>
    importFile(t.store, 'carriers', t.file('c.csv', 'id,name,category\n8233,Alascom (our name),ILEC\n'));

  it.each([
    ['the original header', COCODES_OLD],
    ['the newer header with Pooled Code, In Service and File Updated', COCODES_NEW],
  ])(
    'imports AS rows of %s as exchange blocks, adding new OCNs with their Latin-1 names',
    async (_, lines) => {
      await seedCarriers();
      const map = t.file('map.csv', LATA_MAP);
      const result = await importFile(t.store, 'nanpa-cocodes', report('allutlzd.txt', lines), {
        lataMap: map,
      });
      expect(result).toMatchObject({
        dataset: 'nanpa-cocodes',
        read: 4,
        inserted: 3,
        updated: 0,
        deleted: 0,
        skipped: 1,
        cocodes: { notAssigned: 1, unmapped: 0, carriersAdded: 2 },
      });

      const { sink } = await loadAll(t.store);
      expect(sink.blocks).toEqual([
        {
          npa: 787,
          nxx: 200,
          blockId: -1,
          lata: 820,
          ocn: '4012',
          rateCenter: 'SAN JUAN',
          state: 'PR',
          cocType: 'EOC',
          portable: true,
        },
        {
          npa: 907,
          nxx: 200,
          blockId: -1,
          lata: 832,
          ocn: '8233',
          rateCenter: 'ANCHORAGE',
          state: 'AK',
          cocType: 'EOC',
          portable: true,
        },
        {
          npa: 907,
          nxx: 201,
          blockId: -1,
          lata: 832,
          ocn: '732F',
          rateCenter: 'Anchorage',
          state: 'AK',
          cocType: 'EOC',
          portable: true,
        },
      ]);
      expect(sink.carriers).toEqual([
        { id: '4012', name: 'Compañía Telefónica de Borinquén', category: null, underlyingId: null },
        { id: '732F', name: 'Réseau Ümlaut Wireless', category: null, underlyingId: null },
        // Existing carriers are left exactly as they were.
        { id: '8233', name: 'Alascom (our name)', category: 'ILEC', underlyingId: null },
      ]);
    },
  );

  it('merges by default and replaces only the blocks with replace; carriers are never removed', async () => {
    const map = t.file('map.csv', LATA_MAP);
    await importFile(
      t.store,
      'blocks',
      t.file('b.csv', 'npa,nxx,block_id,lata,ocn,rate_center,state\n206,420,A,674,8824,SEATTLE,WA\n'),
    );
    await importFile(t.store, 'nanpa-cocodes', report('r.txt', COCODES_OLD), { lataMap: map });
    let { sink } = await loadAll(t.store);
    expect(sink.blocks.map((b) => `${b.npa}-${b.nxx}`)).toEqual(['206-420', '787-200', '907-200', '907-201']);

    const again = await importFile(t.store, 'nanpa-cocodes', report('r.txt', COCODES_OLD), {
      lataMap: map,
      replace: true,
    });
    expect(again).toMatchObject({ inserted: 0, updated: 3, deleted: 1, cocodes: { carriersAdded: 0 } });
    ({ sink } = await loadAll(t.store));
    expect(sink.blocks.map((b) => `${b.npa}-${b.nxx}`)).toEqual(['787-200', '907-200', '907-201']);
    expect(sink.carriers.map((c) => c.id)).toEqual(['4012', '732F', '8233']);
  });

  it('refuses unmapped rate centres, listing every one with its first line, and changes nothing', async () => {
    await seedCarriers();
    const before = await loadAll(t.store);
    const map = t.file('map.csv', 'state,rate_center,lata\nPR,San Juan,820\n');
    const lines = [
      ...COCODES_OLD,
      'AK\t907-202\t8233\tALASCOM          \tANCHORAGE \t        \tAS\t01/01/2001\tG   ',
    ];
    const { problems, total } = await expectRefused(() =>
      importFile(t.store, 'nanpa-cocodes', report('r.txt', lines), { lataMap: map }),
    );
    expect(total).toBe(1);
    expect(problems).toEqual([
      {
        line: 2,
        column: 'RateCenter',
        message: expect.stringMatching(/^AK "ANCHORAGE" is not in the LATA map \(3 rows, the first here\)/),
      },
    ]);
    expect(problems[0].message).toContain('--allow-unmapped');
    expect(await loadAll(t.store)).toEqual(before);
  });

  it('with allowUnmapped skips and counts those rows (and adds no carrier for them)', async () => {
    const map = t.file('map.csv', 'state,rate_center,lata\npr,  san juan ,820\n');
    const result = await importFile(t.store, 'nanpa-cocodes', report('r.txt', COCODES_OLD), {
      lataMap: map,
      allowUnmapped: true,
    });
    expect(result).toMatchObject({
      read: 4,
      inserted: 1,
      skipped: 3,
      cocodes: { notAssigned: 1, unmapped: 2, carriersAdded: 1 },
    });
    const { sink } = await loadAll(t.store);
    expect(sink.blocks.map((b) => `${b.state}:${b.rateCenter}:${b.lata}`)).toEqual(['PR:SAN JUAN:820']);
    expect(sink.carriers.map((c) => c.id)).toEqual(['4012']);
  });

  it('names the line and column of bad rows and of a bad LATA map, by file', async () => {
    const map = t.file('map.csv', LATA_MAP);
    const lines = [
      COCODES_OLD[0],
      'AK\t907200 \t8233\tALASCOM\tANCHORAGE\t\tAS\t\tI',
      'A1\t907-203\t82-33\tALASCOM\t   \t\tAS\t\tI',
      'AK\t907-204',
      'AK\t907-205\t8233\tALASCOM\tANCHORAGE\t\tAS\t\tI',
      'AK\t907-205\t8233\tALASCOM\tANCHORAGE\t\tAS\t\tI',
      'AK\t907-206\t\t\t\t\tUA\t\t',
    ];
    const refused = await expectRefused(() =>
      importFile(t.store, 'nanpa-cocodes', report('r.txt', lines), { lataMap: map }),
    );
    expect(refused.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'NPA-NXX'],
      [3, 'State'],
      [3, 'OCN'],
      [3, 'RateCenter'],
      [4, null],
      [6, 'NPA-NXX'],
    ]);
    expect(refused.problems[5].message).toBe('907-205 is listed twice: already on line 5');

    const badMap = t.file(
      'bad-map.csv',
      'State,Rate_Center,LATA,note\nAK,ANCHORAGE,83,x\nAK,JUNEAU,832\nAK,anchorage ,832,\nAK,Anchorage,834,\n',
    );
    const mapRefused = await expectRefused(() =>
      importFile(t.store, 'nanpa-cocodes', report('r.txt', COCODES_OLD), { lataMap: badMap }),
    );
    expect(mapRefused.problems).toEqual([
      { file: badMap, line: 2, column: 'lata', message: '"83" is not 3 digits' },
      { file: badMap, line: 3, column: null, message: 'has 3 fields, the header has 4' },
      {
        file: badMap,
        line: 5,
        column: 'lata',
        message: 'AK "Anchorage" is already mapped to LATA 832 on line 4',
      },
    ]);
    expect(mapRefused.message).toContain(`${badMap}: line 2, column lata:`);

    const noHeader = await expectRefused(() =>
      importFile(
        t.store,
        'nanpa-cocodes',
        report('r.txt', ['State\tNPA-NXX\tOCN\tCompany\tUse', ...lines.slice(1)]),
        {
          lataMap: map,
        },
      ),
    );
    expect(noHeader.problems).toEqual([
      { line: 1, column: 'RateCenter', message: 'this required column is missing from the header' },
    ]);
    expect(await t.store.isEmpty()).toBe(true);
  });

  it('validates without changing anything on a dry run', async () => {
    const map = t.file('map.csv', LATA_MAP);
    const result = await importFile(t.store, 'nanpa-cocodes', report('r.txt', COCODES_NEW), {
      lataMap: map,
      dryRun: true,
    });
    expect(result).toMatchObject({ dryRun: true, inserted: 3, cocodes: { carriersAdded: 3 } });
    expect(await t.store.isEmpty()).toBe(true);
    expect((await t.store.dataVersion()).version).toBe(0);
  });

  it('needs a LATA map', async () => {
    await expect(importFile(t.store, 'nanpa-cocodes', report('r.txt', COCODES_OLD))).rejects.toThrow(
      /--lata-map/,
    );
  });
});
