import { describe, expect, it } from 'vitest';
import { type ImportDatasetName, importFile } from '../../src/import/run-import.js';
import { expectRefused, loadAll, SEED, useTempStore } from './helpers.js';

type Expected = { line: number; column: string | null; message: RegExp };

const CARRIERS = 'id,name,category,underlying_id';
const BLOCKS = 'npa,nxx,block_id,lata,ocn,rate_center,state,coc_type,portable';
const PORTED = 'tn,spid,sv_type,lrn,alt_spid,action';
const TOLLFREE = 'number,resporg_id,status';

/** Each case: a file that must be refused with exactly these problems. */
const CASES: [string, ImportDatasetName, string, Expected[], { replace?: boolean }?][] = [
  ['an empty file', 'carriers', '', [{ line: 1, column: null, message: /header line is required/ }]],
  [
    'a missing required column',
    'blocks',
    'npa,nxx,block_id,lata,ocn,state\n206,420,A,674,8824,WA\n',
    [{ line: 1, column: 'rate_center', message: /required column is missing/ }],
  ],
  [
    'a column named twice',
    'carriers',
    'id,name,ID\nAAA,A,BBB\n',
    [{ line: 1, column: 'id', message: /appears twice/ }],
  ],
  [
    'a wrong column count',
    'carriers',
    `${CARRIERS}\nAAA,A,,\nBBB,B\nCCC,C,,,extra\n`,
    [
      { line: 3, column: null, message: /has 2 fields, the header has 4/ },
      { line: 4, column: null, message: /has 5 fields, the header has 4/ },
    ],
  ],
  [
    'bad carrier ids, names and categories',
    'carriers',
    `${CARRIERS}\nAB,A,,\nABCDEFGHI,B,,\nAB-1,C,,\nAAA,,CLEC,\nBBB,B,TELCO,\nCCC,C,,X\n`,
    [
      { line: 2, column: 'id', message: /"AB" is not a carrier id/ },
      { line: 3, column: 'id', message: /not a carrier id/ },
      { line: 4, column: 'id', message: /not a carrier id/ },
      { line: 5, column: 'name', message: /required/ },
      { line: 6, column: 'category', message: /"TELCO" is not one of RBOC, ILEC/ },
      { line: 7, column: 'underlying_id', message: /"X" is not a carrier id/ },
    ],
  ],
  [
    'bad block values, several in one row',
    'blocks',
    [
      BLOCKS,
      '20,420,A,674,8824,SEATTLE,WA,,',
      '206,42a,B,674,8824,SEATTLE,WA,,',
      '206,420,10,67,8824,SEATTLE,WA,,',
      '206,420,A,674,8824,,WAS,,',
      '206,420,1,674,8824,SEATTLE,W1,EOCX,YES',
      '206,420,2,674,,SEATTLE,WA,,',
    ].join('\n'),
    [
      { line: 2, column: 'npa', message: /"20" is not 3 digits/ },
      { line: 3, column: 'nxx', message: /"42a" is not 3 digits/ },
      { line: 3, column: 'block_id', message: /"B" is not A .* or a digit/ },
      { line: 4, column: 'block_id', message: /"10"/ },
      { line: 4, column: 'lata', message: /"67" is not 3 digits/ },
      { line: 5, column: 'rate_center', message: /required/ },
      { line: 5, column: 'state', message: /"WAS" is not a two-letter state/ },
      { line: 6, column: 'state', message: /two-letter/ },
      { line: 6, column: 'coc_type', message: /"EOCX" is not a LERG exchange type/ },
      { line: 6, column: 'portable', message: /"YES" is not Y or N/ },
      { line: 7, column: 'ocn', message: /not a carrier id/ },
    ],
  ],
  [
    'bad ported values',
    'ported',
    [
      PORTED,
      '206420578,683G,wireless,,,',
      '22064205780,683G,wireless,,,',
      '2064205780,683G,cellular,,,',
      '2064205781,683G,voip,206555000,,',
      '2064205782,683G,voip,,A,',
      '2064205783,683G,voip,,,remove',
      ',,,,,',
    ].join('\n'),
    [
      { line: 2, column: 'tn', message: /"206420578" is not a number of 10 digits, or 11 beginning with 1/ },
      { line: 3, column: 'tn', message: /not a number of 10 digits/ },
      { line: 4, column: 'sv_type', message: /"cellular" is not one of wireline, wireless/ },
      { line: 5, column: 'lrn', message: /"206555000" is not 10 digits/ },
      { line: 6, column: 'alt_spid', message: /not a carrier id/ },
      { line: 7, column: 'action', message: /"remove" is not one of upsert, delete/ },
      { line: 8, column: 'tn', message: /not a number/ },
      { line: 8, column: 'spid', message: /not a carrier id/ },
      { line: 8, column: 'sv_type', message: /is not one of/ },
    ],
  ],
  [
    'delete rows in a replace import',
    'ported',
    `${PORTED}\n2064205780,683G,voip,,,upsert\n2064205781,683G,voip,,,DELETE\n`,
    [{ line: 3, column: 'action', message: /with --replace, rows must not say delete/ }],
    { replace: true },
  ],
  [
    'bad toll-free values',
    'tollfree',
    `${TOLLFREE}\n2064205780,LGT01,WORKING\n18009990000,LGT01,ACTIVE\n800999000,LG,WORKING\n`,
    [
      { line: 2, column: 'number', message: /"2064205780" is not in a toll-free area code/ },
      { line: 3, column: 'status', message: /"ACTIVE" is not one of SPARE, RESERVED/ },
      { line: 4, column: 'number', message: /not a number of 10 digits/ },
      { line: 4, column: 'resporg_id', message: /"LG" is not a carrier id/ },
    ],
  ],
  [
    'duplicate keys inside the file, also as 10 and 11 digits',
    'ported',
    `${PORTED}\n2064205780,683G,voip,,,\n2064205781,683G,voip,,,\n12064205780,8824,voip,,,delete\n`,
    [{ line: 4, column: 'tn', message: /duplicate key 2064205780: already on line 2/ }],
  ],
  [
    'duplicate block keys, A written in either case',
    'blocks',
    `${BLOCKS}\n206,420,A,674,8824,SEATTLE,WA,,\n206,420,a,674,8824,SEATTLE,WA,,\n`,
    [{ line: 3, column: 'npa,nxx,block_id', message: /duplicate key 206-420-A: already on line 2/ }],
  ],
  [
    'duplicate carrier ids differing in case',
    'carriers',
    `${CARRIERS}\nabc1,A,,\nABC1,B,,\n`,
    [{ line: 3, column: 'id', message: /duplicate key ABC1: already on line 2/ }],
  ],
  [
    'a circular reseller chain with the carriers already there',
    'carriers',
    `${CARRIERS}\n8824,Level3,CLEC,RES1\nRES1,Reseller,L RESELLER,683G\n683G,Flowroute,IPES,8824\n`,
    [
      {
        line: 0,
        column: 'underlying_id',
        message: /circular underlying_id chain: 683G -> 8824 -> RES1 -> 683G/,
      },
    ],
  ],
  [
    'broken CSV quoting, after the rows before it are checked',
    'carriers',
    `${CARRIERS}\nAB,A,,\n"CCC" x,C,,\nDDD,D,,\n`,
    [
      { line: 2, column: 'id', message: /not a carrier id/ },
      { line: 3, column: null, message: /not valid CSV: a closing quote must be followed by a comma/ },
    ],
  ],
  [
    'a quote inside an unquoted field',
    'tollfree',
    `${TOLLFREE}\n8444205780,LGT01,WORKING\n8444205781,LG"T01,WORKING\n`,
    [{ line: 3, column: null, message: /not valid CSV: a quote inside an unquoted field/ }],
  ],
  [
    'a quoted field never closed',
    'carriers',
    `${CARRIERS}\nAAA,A,,\n"BBB,B,,\nCCC,C,,\n`,
    [{ line: 3, column: null, message: /not valid CSV: a quoted field is never closed/ }],
  ],
];

describe('refused imports name the line and column, and change nothing', () => {
  const t = useTempStore();

  it.each(CASES)('%s', async (_, dataset, content, expected, options) => {
    for (const [ds, file] of [
      ['carriers', 'carriers.csv'],
      ['blocks', 'blocks.csv'],
      ['tollfree', 'tollfree.csv'],
    ] as const) {
      await importFile(t.store, ds, `${SEED}/${file}`);
    }
    await importFile(t.store, 'ported', t.file('p.csv', `${PORTED}\n2064205799,683G,voip,,,\n`));
    const before = await loadAll(t.store);

    const file = t.file('bad.csv', content);
    const { problems, total, message } = await expectRefused(() =>
      importFile(t.store, dataset, file, { replace: options?.replace }),
    );
    expect(problems.map((p) => ({ line: p.line, column: p.column }))).toEqual(
      expected.map((e) => ({ line: e.line, column: e.column })),
    );
    problems.forEach((p, i) => {
      expect(p.message).toMatch(expected[i].message);
    });
    expect(total).toBe(expected.length);
    expect(message).toContain('nothing was changed');

    expect(await loadAll(t.store)).toEqual(before);
    // A dry run is refused the same way.
    await expectRefused(() =>
      importFile(t.store, dataset, file, { replace: options?.replace, dryRun: true }),
    );
  });
});
