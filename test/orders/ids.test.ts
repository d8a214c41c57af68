// Ids (src/ulid.ts, src/orders/ids.ts): a ULID's layout, in creation order, never repeated, and the
// random pool they draw from (src/random-pool.ts), which hands each byte out once and wipes it.
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/orders/ids.js';
import { randomBytesPooled, useRandomBytes } from '../../src/random-pool.js';
import { ulid } from '../../src/ulid.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const decodeTime = (id: string) => [...id.slice(0, 10)].reduce((t, c) => t * 32 + CROCKFORD.indexOf(c), 0);

describe('ulid', () => {
  it('is 26 Crockford base32 characters whose first ten are the milliseconds', () => {
    const at = new Date('2026-12-01T14:15:16.789Z');
    const id = ulid(at);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(decodeTime(id)).toBe(at.getTime());
  });

  it('sorts in creation order across milliseconds, and differs within one', () => {
    const t = Date.parse('2026-12-01T14:15:16.789Z');
    const ids = [0, 0, 0, 1, 1, 1000, 86_400_000].map((d) => ulid(new Date(t + d)));
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) {
      if (decodeTime(ids[i]) > decodeTime(ids[i - 1])) expect(ids[i] > (ids[i - 1] as string)).toBe(true);
    }
    expect(ids.map(decodeTime)).toEqual([0, 0, 0, 1, 1, 1000, 86_400_000].map((d) => t + d));
  });

  it('draws its random part from every character, and never repeats over many ids', () => {
    const now = new Date();
    const ids = Array.from({ length: 5000 }, () => ulid(now));
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.flatMap((id) => [...id.slice(10)]));
    expect(seen.size).toBe(32);
  });

  it('names its kind', () => {
    expect(newId('po', new Date())).toMatch(/^po_[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('the random pool', () => {
  it("wipes the bytes it lent once they are used, and gives copies that are the caller's", () => {
    let lent: { pool: Buffer; at: number } | null = null;
    const seen = useRandomBytes(32, (pool, at) => {
      lent = { pool, at };
      return Buffer.from(pool.subarray(at, at + 32));
    });
    expect(seen.some((b) => b !== 0)).toBe(true);
    const { pool, at } = lent as unknown as { pool: Buffer; at: number };
    expect([...pool.subarray(at, at + 32)].every((b) => b === 0)).toBe(true);
    const copy = randomBytesPooled(16);
    expect(copy).toHaveLength(16);
    expect(copy.buffer).not.toBe(pool.buffer);
  });

  it('wipes them even when the caller throws, and refuses more than it pools', () => {
    let lent: { pool: Buffer; at: number } | null = null;
    expect(() =>
      useRandomBytes(8, (pool, at) => {
        lent = { pool, at };
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const { pool, at } = lent as unknown as { pool: Buffer; at: number };
    expect([...pool.subarray(at, at + 8)].every((b) => b === 0)).toBe(true);
    expect(() => useRandomBytes(257, () => 0)).toThrow(RangeError);
    expect(randomBytesPooled(300)).toHaveLength(300);
  });
});
