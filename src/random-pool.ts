// Small random values (ids, IVs) from a pool refilled from the CSPRNG 8 KiB at a time: one
// randomBytes(16) call costs several microseconds of call overhead, and creating the orders of a
// 10,000-number request needs tens of thousands of them. Every byte is handed out once.
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL = Buffer.allocUnsafe(8192);
let offset = POOL.length;

/** The most one call takes from the pool; more is drawn from the CSPRNG directly. */
const MAX_POOLED = 256;

/** `size` fresh random bytes (a copy the caller owns). */
export function randomBytesPooled(size: number): Buffer {
  if (size > MAX_POOLED) return randomBytes(size);
  return useRandomBytes(size, (pool, at) => Buffer.from(pool.subarray(at, at + size)));
}

/**
 * `size` (at most 256) fresh random bytes, read by `use` in place at pool[at..at + size) and wiped
 * after: no copy, for a caller that turns them into something else at once (an id's characters).
 */
export function useRandomBytes<T>(size: number, use: (pool: Buffer, at: number) => T): T {
  if (size > MAX_POOLED) throw new RangeError(`at most ${MAX_POOLED} pooled random bytes at a time`);
  if (offset + size > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const at = offset;
  offset += size;
  try {
    return use(POOL, at);
  } finally {
    // The handed-out bytes are wiped from the pool, so they exist in one place only.
    POOL.fill(0, at, at + size);
  }
}
