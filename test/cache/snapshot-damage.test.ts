// A damaged snapshot file is never trusted: zeroed ranges, flipped bits, truncation and appended
// bytes are all caught before use, the snapshot is rebuilt from the database (answers exactly as
// from the rows), the file is rewritten, and the reason is reported once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFromStore, type LoadedSnapshot, loadSnapshot } from '../../src/cache/snapshot-file.js';
import { writePortabilityBody } from '../../src/domain/response-writer.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { block, carrier, ported, provider, tollfree } from '../support/dataset.js';
import { writeDataset } from '../support/store-dataset.js';

let dir: string;
let store: Store;
let cache: string;
/** The file as written for the current data: every test damages a copy of it. */
let good: Buffer;
/** The answer from the rows, as the API's bytes. */
let expected: string;

const SPIDS = ['8824', 'ZED1', 'WLS1', 'RSLR'];
const SV_TYPES = ['wireline', 'wireless', 'voip', 'prepaid_wireless'] as const;
const EXCHANGES = [420, 421, 555, 777, 901];

/** Ported, in-block, toll-free and unknown numbers, so every array of the snapshot is consulted. */
const NUMBERS: string[] = [];
for (let i = 0; i < 400; i++)
  NUMBERS.push(`1206${EXCHANGES[i % 5]}${String((i * 37) % 10_000).padStart(4, '0')}`);
for (let i = 0; i < 40; i++) NUMBERS.push(`1844420${String(5_700 + i).padStart(4, '0')}`);
NUMBERS.push('15035551234', '19995551234', '12064200000');

const answer = (snapshot: Snapshot) => Buffer.from(writePortabilityBody(snapshot, NUMBERS)).toString('utf8');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portcheck-damage-'));
  store = await openStore({ dbPath: join(dir, 'p.db') });
  await writeDataset(store, {
    carriers: [
      carrier('8824', 'Level3', 'CLEC'),
      carrier('ZED1', 'Zed Mobile', 'WIRELESS', '8824'),
      carrier('WLS1', 'Wireless One', 'WIRELESS'),
      carrier('RSLR', 'Reseller', 'L RESELLER', '8824'),
      carrier('LGT01', 'Lightyear', null),
    ],
    blocks: [
      ...EXCHANGES.map((nxx, i) => block(206, nxx, 'A', SPIDS[i % 4], { lata: 674 + (i % 2) })),
      block(206, 421, 3, 'WLS1'),
      block(206, 777, 5, 'RSLR', { portable: false }),
    ],
    ported: Array.from({ length: 3_000 }, (_, i) =>
      ported(
        2_060_000_000 + EXCHANGES[i % 5] * 10_000 + ((i * 7_919) % 10_000),
        SPIDS[i % 4],
        SV_TYPES[i % 4],
      ),
    ),
    tollfree: Array.from({ length: 30 }, (_, i) =>
      tollfree(8_444_205_700 + i, 'LGT01', i % 3 ? 'WORKING' : 'DISCONNECT'),
    ),
    coverage: {
      providers: [
        provider('GAIN', 'Gain', ['long-code', 'wireless'], { latas: '*', excludeLatas: [675] }),
        provider('FWR01', 'Flowroute', ['tollfree']),
      ],
    },
  });
  cache = join(dir, 'p.db.snapshot');
  expected = answer((await buildFromStore(store)).snapshot);
  expect((await loadSnapshot(store, cache)).source).toBe('store');
  good = readFileSync(cache);
  const trusted = await loadSnapshot(store, cache);
  expect(trusted.source).toBe('file');
  expect(answer(trusted.snapshot)).toBe(expected);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Writes `damaged` as the snapshot file and loads: it must be refused for a reason, the
 * answers must be those of the rows, and the file must be rewritten whole.
 */
async function expectRebuilt(damaged: Uint8Array): Promise<LoadedSnapshot> {
  expect(Buffer.compare(Buffer.from(damaged), good)).not.toBe(0); // the damage changed something
  writeFileSync(cache, damaged);
  const loaded = await loadSnapshot(store, cache);
  expect(loaded.source).toBe('store');
  expect(loaded.rejected).toEqual(expect.any(String));
  expect(loaded.cacheError).toBeUndefined();
  expect(answer(loaded.snapshot)).toBe(expected);
  expect(readFileSync(cache).equals(good)).toBe(true);
  return loaded;
}

function zeroed(from: number, length: number): Buffer {
  const copy = Buffer.from(good);
  copy.fill(0, from, from + length);
  return copy;
}

function flipped(bits: readonly number[]): Buffer {
  const copy = Buffer.from(good);
  for (const bit of bits) copy[bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

describe('a damaged snapshot file', () => {
  it('is rebuilt when a range is zeroed: in the framing, the header, inside the arrays, at the end', async () => {
    const n = good.length;
    const ranges: Array<[number, number]> = [
      [0, 8], // magic
      [8, 4],
      [12, 4],
      [16, 8],
      [30, 40], // the JSON header
      [Math.floor(n * 0.3), 64],
      [Math.floor(n * 0.5), 1],
      [Math.floor(n * 0.7), 1_024],
      [n - 64, 64],
    ];
    for (const [from, length] of ranges) {
      // A range that was zero already damages nothing: move it onto the nearest non-zero byte.
      let at = from;
      while (at < n && good.subarray(at, at + length).every((b) => b === 0)) at++;
      if (at >= n) at = Math.max(0, good.findLastIndex((b) => b !== 0) - length + 1);
      await expectRebuilt(zeroed(at, length));
    }
  });

  it('is rebuilt when single bits or many bits are flipped anywhere', async () => {
    const bits = good.length * 8;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uniqueArray(fc.nat(bits - 1), { minLength: 1, maxLength: 1 }),
          fc.uniqueArray(fc.nat(bits - 1), { minLength: 2, maxLength: 64 }),
          fc.uniqueArray(fc.nat(bits - 1), { minLength: 4_096, maxLength: 4_096 }),
        ),
        async (positions) => {
          await expectRebuilt(flipped(positions));
        },
      ),
      { numRuns: 60, seed: 20_260_509 },
    );
  });

  it('is rebuilt when truncated at any length', async () => {
    const n = good.length;
    for (const length of [0, 1, 7, 8, 12, 16, 23, 24, 100, n >> 1, n - 8, n - 4, n - 1]) {
      const loaded = await expectRebuilt(good.subarray(0, length));
      expect(loaded.rejected).toMatch(/truncated/);
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(n - 1), async (length) => {
        expect((await expectRebuilt(good.subarray(0, length))).rejected).toMatch(/truncated/);
      }),
      { numRuns: 30, seed: 20_260_510 },
    );
  });

  it('is rebuilt when bytes were appended', async () => {
    for (const extra of [[0], [0x78], [0, 0, 0, 0, 0, 0, 0, 0]]) {
      const loaded = await expectRebuilt(Buffer.concat([good, Buffer.from(extra)]));
      expect(loaded.rejected).toMatch(/size/);
    }
  });

  it('names the reason: not a snapshot file, another format, a checksum mismatch', async () => {
    expect((await expectRebuilt(Buffer.from('SQLite format 3\0 and more bytes'))).rejected).toMatch(
      /not a portcheck snapshot file/,
    );
    const older = Buffer.from(good);
    older.write('PCSNAP03', 0, 'latin1');
    expect((await expectRebuilt(older)).rejected).toMatch(/another version of portcheck/);
    expect((await expectRebuilt(zeroed(good.length >> 1, 4_096))).rejected).toMatch(/checksum mismatch/);
  });

  it('that is merely older than the database is not called damaged', async () => {
    await writeDataset(store, { tollfree: [tollfree(8_444_205_799, 'LGT01')] });
    try {
      const loaded = await loadSnapshot(store, cache);
      expect(loaded.source).toBe('store');
      expect(loaded.rejected).toBeUndefined();
    } finally {
      // Back to the data every other test expects.
      await writeDataset(
        store,
        {
          tollfree: Array.from({ length: 30 }, (_, i) =>
            tollfree(8_444_205_700 + i, 'LGT01', i % 3 ? 'WORKING' : 'DISCONNECT'),
          ),
        },
        { replace: true },
      );
      expected = answer((await buildFromStore(store)).snapshot);
      await loadSnapshot(store, cache);
      good = readFileSync(cache);
    }
  });
});
