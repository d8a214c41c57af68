import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import { decodeSnapshot, encodeSnapshot, readStamp } from '../../src/domain/snapshot-codec.js';
import { block, buildSnapshot, carrier, dataset, ported, provider, tollfree } from '../support/dataset.js';

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
  return buildSnapshot(
    dataset({
      carriers: [
        carrier('RSLR', 'Reseller', 'L RESELLER', '8824'),
        carrier('8824', 'Level3', 'CLEC'),
        carrier('WLS1', 'Wireless One', 'WIRELESS'),
        // 9,000 carriers interned before LGT01 push its toll-free values past 16 bits (the Uint32 path).
        ...Array.from({ length: 9000 }, (_, i) => carrier(`C${i}`, `Carrier ${i}`)),
      ],
      blocks: [
        block(206, 420, 'A', '8824'),
        block(206, 420, 7, 'WLS1'),
        block(503, 555, 'A', 'RSLR', { lata: 672, rateCenter: 'PORTLAND', state: 'OR', portable: false }),
      ],
      ported: [ported(2064201234, 'RSLR', 'wireline'), ported(2064207001, '8824', 'vowifi')],
      tollfree: [tollfree(8444205780, 'LGT01', 'WORKING'), tollfree(8004205780, 'LGT01', 'DISCONNECT')],
      coverage: {
        providers: [
          provider('683G', 'Flowroute', ['long-code', 'wireless'], { latas: '*', excludeLatas: [672] }),
          provider('FWR01', 'Flowroute', ['tollfree'], { hypernetwork: true }),
        ],
      },
    }),
  );
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
    const bytes = concat(encodeSnapshot(original, 'v7', crc32));
    const { snapshot, stamp } = decodeSnapshot(bytes, crc32);
    expect(stamp).toBe('v7');
    expect(readStamp(bytes)).toBe('v7');
    expect(snapshot.stats).toEqual(original.stats);
    expect([...snapshot.providerHypernetwork]).toEqual([0, 1]);
    expect(snapshot.tollfree.parts().values).toBeInstanceOf(Uint32Array);
    expect(snapshot.ported.parts().values).toBeInstanceOf(Uint16Array);
    expect(JSON.stringify(checkPortability(snapshot, numbers))).toBe(
      JSON.stringify(checkPortability(original, numbers)),
    );
  });

  it('round-trips a snapshot with empty arrays (each still covered by the checksum)', () => {
    const empty = buildSnapshot(dataset({}));
    const { snapshot } = decodeSnapshot(concat(encodeSnapshot(empty, 'e', crc32)), crc32);
    expect(snapshot.stats).toEqual(empty.stats);
  });

  it('decodes from an unaligned copy', () => {
    const bytes = concat(encodeSnapshot(sample(), 's', crc32));
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const { snapshot } = decodeSnapshot(shifted.subarray(3), crc32);
    expect(checkPortability(snapshot, ['12064201234']).portable.numbers).toEqual(['12064201234']);
  });

  it('refuses other files and truncated ones', () => {
    expect(readStamp(new TextEncoder().encode('SQLite format 3'))).toBeNull();
    expect(() => decodeSnapshot(new Uint8Array(4), crc32)).toThrow(/not a portcheck snapshot/);
    const bytes = concat(encodeSnapshot(sample(), 's', crc32));
    expect(() => decodeSnapshot(bytes.subarray(0, bytes.length - 100), crc32)).toThrow(/truncated/);
  });

  it('refuses a single flipped bit anywhere, the checksum field included', () => {
    const bytes = concat(encodeSnapshot(sample(), 's', crc32));
    for (const at of [9, 13, 30, bytes.length >> 1, bytes.length - 1]) {
      const damaged = bytes.slice();
      damaged[at] ^= 0x10;
      expect(() => decodeSnapshot(damaged, crc32)).toThrow(/checksum mismatch|header|truncated|size/);
    }
  });
});
