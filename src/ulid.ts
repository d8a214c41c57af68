// Ids that sort by creation time (a ULID's layout: 48 bits of milliseconds, then 80 random bits, in
// Crockford's base32). Listed by id they come out in creation order, and a new one goes in at the end
// of an index on ids, not on a random page of it.
import { useRandomBytes } from './random-pool.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODES = Array.from(CROCKFORD, (c) => c.charCodeAt(0));
const RANDOM_CHARS = 16;

// A create makes two ids per order within a millisecond or two: the time part is made once for each.
let lastMs = Number.NaN;
let lastHead = '';
const codes: number[] = new Array(RANDOM_CHARS).fill(0);

export function ulid(now: Date): string {
  const ms = now.getTime();
  if (ms !== lastMs) {
    lastHead = timePart(ms);
    lastMs = ms;
  }
  useRandomBytes(RANDOM_CHARS, (pool, at) => {
    for (let i = 0; i < RANDOM_CHARS; i++) codes[i] = CODES[pool[at + i] & 31];
  });
  return lastHead + String.fromCharCode.apply(null, codes);
}

/** The milliseconds as ten base32 characters, most significant first. */
function timePart(ms: number): string {
  let time = ms;
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  return head;
}
