import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/run-import.js';
import { expectRefused, loadAll, useTempStore } from './helpers.js';

describe('CSV files as people really write them', () => {
  const t = useTempStore();

  it('accepts any header case, any column order, extra columns, CRLF, a BOM, quotes and padding', async () => {
    const file = t.file(
      'blocks.csv',
      '\uFEFFNotes,Portable,STATE,Rate_Center,OCN,LATA,Block_ID,NXX,NPA\r\n' +
        '"a note, with a comma",n , wa ,"  SEATTLE ",8824 ,674,a,420,206\r\n' +
        '"multi\r\nline note",,Or,"PORTLAND, EAST",683g,672,7,555,503\r\n',
    );
    expect(await importFile(t.store, 'blocks', file)).toMatchObject({ read: 2, inserted: 2 });
    expect((await loadAll(t.store)).sink.blocks).toEqual([
      {
        npa: 206,
        nxx: 420,
        blockId: -1,
        lata: 674,
        ocn: '8824',
        rateCenter: 'SEATTLE',
        state: 'WA',
        cocType: 'EOC',
        portable: false,
      },
      {
        npa: 503,
        nxx: 555,
        blockId: 7,
        lata: 672,
        ocn: '683G',
        rateCenter: 'PORTLAND, EAST',
        state: 'OR',
        cocType: 'EOC',
        portable: true,
      },
    ]);
  });

  it('matches enum values case-insensitively and stores them in their canonical spelling', async () => {
    const carriers = t.file(
      'c.csv',
      'ID,NAME,CATEGORY,UNDERLYING_ID\nres1,Reseller,w  reseller,level\nlevel,L3,clec,\n',
    );
    await importFile(t.store, 'carriers', carriers);
    const ported = t.file('p.csv', 'TN,SPID,SV_TYPE,ACTION\n2064205780,683G,Prepaid_Wireless,UPSERT\n');
    await importFile(t.store, 'ported', ported);
    const tollfree = t.file('t.csv', 'Number,RespOrg_ID,Status\n18444205780,lgt01,working\n');
    await importFile(t.store, 'tollfree', tollfree);
    const { sink } = await loadAll(t.store);
    expect(sink.carriers).toEqual([
      { id: 'LEVEL', name: 'L3', category: 'CLEC', underlyingId: null },
      { id: 'RES1', name: 'Reseller', category: 'W RESELLER', underlyingId: 'LEVEL' },
    ]);
    expect(sink.portedRows).toEqual([[2_064_205_780, '683G', 'prepaid_wireless']]);
    expect(sink.tollfreeRows).toEqual([[8_444_205_780, 'LGT01', 'WORKING']]);
  });

  it('gives a row after a multi-line quoted field its own first line, and skips empty lines', async () => {
    const file = t.file('c.csv', 'id,name\n\nAAA,"two\nlines"\n\n\nBB,B\n');
    const { problems } = await expectRefused(() => importFile(t.store, 'carriers', file));
    expect(problems).toEqual([{ line: 7, column: 'id', message: expect.stringMatching(/"BB"/) }]);
  });

  it('keeps 100 problems in detail, counts them all and lists the first in the message', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `X-${i},n`).join('\n');
    const { problems, total, message } = await expectRefused(() =>
      importFile(t.store, 'carriers', t.file('c.csv', `id,name\n${rows}\n`)),
    );
    expect(total).toBe(150);
    expect(problems).toHaveLength(100);
    expect(problems[99].line).toBe(101);
    expect(message).toContain('150 problems');
    expect(message).toContain('line 2, column id: "X-0" is not a carrier id');
    expect(message).toContain('line 21, column id');
    expect(message).not.toContain('line 22, column id');
    expect(message).toContain('and 130 more');
  });

  it('reads ported lines the fast way and the general way alike, numbering lines across quoted records', async () => {
    const file = t.file(
      'p.csv',
      '\uFEFFtn,spid,sv_type,lrn,notes\r\n' +
        '2064205780,683G,wireless,2065550000,\r\n' + // fast
        ' 2064205781 ,683g,Voip,,padded\r\n' + // general: padding, case
        '\r\n' +
        '12064205782,0078,wireline,,\r\n' + // general: 11 digits
        '2064205783,0078,vowifi,,"a note\r\non two lines"\r\n' + // readCsv from here on
        '2064205784,683G,voip,,\r\n',
    );
    expect(await importFile(t.store, 'ported', file)).toMatchObject({ read: 5, inserted: 5 });
    expect((await loadAll(t.store)).sink.portedRows).toEqual([
      [2_064_205_780, '683G', 'wireless'],
      [2_064_205_781, '683G', 'voip'],
      [2_064_205_782, '0078', 'wireline'],
      [2_064_205_783, '0078', 'vowifi'],
      [2_064_205_784, '683G', 'voip'],
    ]);

    const bad = t.file(
      'bad.csv',
      'tn,spid,sv_type\n2064205790,683G,voip\n2064205791,683G,wifi\n"2064205792",683G,voip\n\n2064205793,6,voip\n',
    );
    const { problems } = await expectRefused(() => importFile(t.store, 'ported', bad));
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'sv_type'],
      [6, 'spid'],
    ]);
  });
});
