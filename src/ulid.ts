// Ids that sort by creation time (a ULID's layout: 48 bits of milliseconds, then 80 random bits, in
// Crockford's base32). Listed by id they come out in creation order, and a new one goes in at the end
// of an index on ids, not on a random page of it.
import { randomBytesPooled } from './random-pool.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(now: Date): string {
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytesPooled(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[bytes[i] & 31];
  return head + tail;
}
