import { describe, expect, it } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import { SnapshotBuilder } from '../../src/domain/snapshot.js';
import { decodeSnapshot, encodeSnapshot, readStamp } from '../../src/domain/snapshot-codec.js';

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function sample() {
  const b = new SnapshotBuilder();
  b.carrier({ id: 'RSLR', name: 'Reseller', category: 'L RESELLER', underlyingId: '8824' });
  b.carrier({ id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null });
  b.carrier({ id: 'WLS1', name: 'Wireless One', category: 'WIRELESS', underlyingId: null });
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
  b.block({
    npa: 206,
    nxx: 420,
    blockId: 7,
    lata: 674,
    ocn: 'WLS1',
    rateCenter: 'SEATTLE',
    state: 'WA',
    cocType: 'EOC',
    portable: true,
  });
  b.block({
    npa: 503,
    nxx: 555,
    blockId: -1,
    lata: 672,
    ocn: 'RSLR',
    rateCenter: 'PORTLAND',
    state: 'OR',
    cocType: 'EOC',
    portable: false,
  });
  b.ported(2064201234, 'RSLR', 'wireline');
  b.ported(2064207001, '8824', 'vowifi');
  // 9,000 carriers interned before LGT01 push its toll-free values past 16 bits (the Uint32 path).
  for (let i = 0; i < 9000; i++)
    b.carrier({ id: `C${i}`, name: `Carrier ${i}`, category: null, underlyingId: null });
  b.tollfree(8444205780, 'LGT01', 'WORKING');
  b.tollfree(8004205780, 'LGT01', 'DISCONNECT');
  b.coverage({
    providers: [
      {
        id: '683G',
        name: 'Flowroute',
        numberTypes: ['long-code', 'wireless'],
        latas: '*',
        excludeLatas: [672],
      },
      { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
    ],
  });
  return b.build();
}

const numbers = [
  '12064201234',
  '12064207001',
  '12064207002',
  '12064200000',
  '15035551234',
  '18444205780',
  '18004205780',
  'x',
];

describe('snapshot codec', () => {
  it('round-trips to a snapshot that answers identically', () => {
    const original = sample();
    const bytes = concat(encodeSnapshot(original, 'v7'));
    const { snapshot, stamp } = decodeSnapshot(bytes);
    expect(stamp).toBe('v7');
    expect(readStamp(bytes)).toBe('v7');
    expect(snapshot.stats).toEqual(original.stats);
    expect(snapshot.tollfree.parts().values).toBeInstanceOf(Uint32Array);
    expect(snapshot.ported.parts().values).toBeInstanceOf(Uint16Array);
    expect(JSON.stringify(checkPortability(snapshot, numbers))).toBe(
      JSON.stringify(checkPortability(original, numbers)),
    );
  });

  it('decodes from an unaligned copy', () => {
    const bytes = concat(encodeSnapshot(sample(), 's'));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { snapshot } = decodeSnapshot(shifted.subarray(3));
    expect(checkPortability(snapshot, ['12064201234']).portable.numbers).toEqual(['12064201234']);
  });

  it('refuses other files and truncated ones', () => {
    expect(readStamp(new TextEncoder().encode('SQLite format 3'))).toBeNull();
    expect(() => decodeSnapshot(new Uint8Array(4))).toThrow(/not a portcheck snapshot/);
    const bytes = concat(encodeSnapshot(sample(), 's'));
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 100))).toThrow(/truncated/);
  });
});
