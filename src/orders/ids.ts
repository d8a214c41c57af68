// The ids of orders, groups and documents: `po_…` ids listed by id come out in creation order.
import { ulid } from '../ulid.js';

export type IdKind = 'po' | 'grp' | 'doc';

export const newId = (kind: IdKind, now: Date): string => `${kind}_${ulid(now)}`;
