// Ids that sort by creation time (a ULID's layout: 48 bits of milliseconds, then 80 random bits, in
// Crockford's base32), so that `po_…` ids listed by id come out in creation order.
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulid(now: Date): string {
  let time = now.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = CROCKFORD[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[bytes[i] & 31];
  return head + tail;
}

export type IdKind = 'po' | 'grp' | 'doc';

export const newId = (kind: IdKind, now: Date): string => `${kind}_${ulid(now)}`;
