// Small random values (ids, IVs) from a pool refilled from the CSPRNG 8 KiB at a time: one
// randomBytes(16) call costs several microseconds of call overhead, and creating the orders of a
// 10,000-number request needs tens of thousands of them. Every byte is handed out once.
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL = Buffer.allocUnsafe(8192);
let offset = POOL.length;

/** `size` fresh random bytes (a copy the caller owns). */
export function randomBytesPooled(size: number): Buffer {
  if (size > 256) return randomBytes(size);
  if (offset + size > POOL.length) {
    randomFillSync(POOL);
    offset = 0;
  }
  const out = Buffer.from(POOL.subarray(offset, offset + size));
  // The handed-out bytes are wiped from the pool, so they exist in one place only.
  POOL.fill(0, offset, offset + size);
  offset += size;
  return out;
}
