import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/run-import.js';
import { expectRefused, loadAll, SEED, useTempStore } from './helpers.js';

describe('coverage imports', () => {
  const t = useTempStore();

  it('normalises the form and replaces the whole configuration', async () => {
    await importFile(t.store, 'coverage', `${SEED}/coverage.json`);
    const file = t.file(
      'coverage.json',
      JSON.stringify({
        providers: [
          {
            id: 'peer',
            name: ' A peering carrier ',
            number_types: ['Long-Code', 'long-code'],
            latas: [832, 834],
            exclude_latas: [836],
            states: ['ak', 'HI'],
            rate_centers: ['wa: Seattle '],
          },
        ],
      }),
    );
    expect(await importFile(t.store, 'coverage', file)).toMatchObject({ read: 1, inserted: 1, deleted: 2 });
    expect((await loadAll(t.store)).sink.coverages).toEqual([
      {
        providers: [
          {
            id: 'PEER',
            name: 'A peering carrier',
            numberTypes: ['long-code'],
            latas: [832, 834],
            excludeLatas: [836],
            states: ['AK', 'HI'],
            rateCenters: ['WA:Seattle'],
          },
        ],
      },
    ]);
  });

  it('keeps "hypernetwork": true, and drops false as the default it is', async () => {
    const file = t.file(
      'coverage.json',
      JSON.stringify({
        providers: [
          { id: '683G', name: 'Flowroute', number_types: ['long-code'], latas: '*', hypernetwork: true },
          { id: 'FWR01', name: 'Flowroute', number_types: ['tollfree'], hypernetwork: false },
          { id: 'PEER', name: 'Peer', number_types: ['tollfree'] },
        ],
      }),
    );
    await importFile(t.store, 'coverage', file);
    expect((await loadAll(t.store)).sink.coverages).toEqual([
      {
        providers: [
          { id: '683G', name: 'Flowroute', numberTypes: ['long-code'], latas: '*', hypernetwork: true },
          { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
          { id: 'PEER', name: 'Peer', numberTypes: ['tollfree'] },
        ],
      },
    ]);
  });

  const CASES: [string, string, { line: number; column: string | null; message: RegExp }[]][] = [
    [
      'not JSON',
      '{\n  "providers": [\n    {"id": "683G",}\n  ]\n}',
      [{ line: 3, column: null, message: /not valid JSON/ }],
    ],
    ['not an object', '[]', [{ line: 0, column: '(root)', message: /must be an object/ }]],
    [
      'no providers',
      '{"provider": []}',
      [
        { line: 0, column: 'provider', message: /unknown key/ },
        { line: 0, column: 'providers', message: /is required/ },
      ],
    ],
    [
      'every key of a provider wrong',
      JSON.stringify({
        providers: [
          { id: '683G', name: 'ok', number_types: ['tollfree'] },
          {
            id: 'X',
            name: '',
            number_types: ['long-code', 'landline'],
            latas: [832, '834', 1000],
            exclude_latas: 832,
            states: ['WAS'],
            rate_centers: ['SEATTLE'],
            colour: 'red',
          },
          { name: 7, number_types: [] },
          { id: 'FWR01', name: 'F', number_types: ['wireless'] },
          { id: 'FWR02', name: 'F', number_types: ['wireless'], latas: 'all' },
          'nope',
        ],
      }),
      [
        { line: 0, column: 'providers[1].colour', message: /unknown key/ },
        { line: 0, column: 'providers[1].id', message: /"X" is not a carrier id/ },
        { line: 0, column: 'providers[1].name', message: /must not be empty/ },
        {
          line: 0,
          column: 'providers[1].number_types[1]',
          message: /"landline" is not one of long-code, wireless, tollfree/,
        },
        { line: 0, column: 'providers[1].latas[1]', message: /"834" is not a LATA/ },
        { line: 0, column: 'providers[1].latas[2]', message: /1000 is not a LATA/ },
        { line: 0, column: 'providers[1].exclude_latas', message: /must be an array/ },
        { line: 0, column: 'providers[1].states[0]', message: /"WAS" is not a two-letter state/ },
        { line: 0, column: 'providers[1].rate_centers[0]', message: /"SEATTLE" is not "STATE:RATE_CENTER"/ },
        { line: 0, column: 'providers[2].id', message: /is required/ },
        { line: 0, column: 'providers[2].name', message: /must be a string/ },
        { line: 0, column: 'providers[2].number_types', message: /non-empty array/ },
        { line: 0, column: 'providers[3].latas', message: /is required for long-code and wireless/ },
        { line: 0, column: 'providers[4].latas', message: /"all" is neither "\*" nor an array/ },
        { line: 0, column: 'providers[5]', message: /must be an object/ },
      ],
    ],
    [
      'a hypernetwork flag that is not a boolean',
      JSON.stringify({
        providers: [
          { id: '683G', name: 'F', number_types: ['tollfree'], hypernetwork: 'true' },
          { id: 'FWR01', name: 'F', number_types: ['tollfree'], hypernetwork: 1 },
          { id: 'PEER', name: 'P', number_types: ['tollfree'], hypernetwork: null },
        ],
      }),
      [
        { line: 0, column: 'providers[0].hypernetwork', message: /"true" is not true or false/ },
        { line: 0, column: 'providers[1].hypernetwork', message: /1 is not true or false/ },
        { line: 0, column: 'providers[2].hypernetwork', message: /null is not true or false/ },
      ],
    ],
  ];

  it.each(CASES)(
    'refuses %s, naming the key, and keeps the old configuration',
    async (_, content, expected) => {
      await importFile(t.store, 'coverage', `${SEED}/coverage.json`);
      const before = await loadAll(t.store);
      const { problems, total } = await expectRefused(() =>
        importFile(t.store, 'coverage', t.file('c.json', content)),
      );
      expect(problems.map(({ line, column }) => ({ line, column }))).toEqual(
        expected.map(({ line, column }) => ({ line, column })),
      );
      problems.forEach((p, i) => {
        expect(p.message).toMatch(expected[i].message);
      });
      expect(total).toBe(expected.length);
      expect(await loadAll(t.store)).toEqual(before);
    },
  );
});
