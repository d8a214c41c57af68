// GET /v2/whoami: who the signed-in key is, so that a client (the web page) shows only what the
// key's role may do. No secret and no hash: the access key is the caller's own user name.
import { Type } from '@sinclair/typebox';
import { ACTION_NAMES, ORDER_STATUSES, ROLES } from '../../domain/orders/types.js';
import { StringEnum } from './common.js';

export const WhoamiResponseSchema = Type.Object({
  data: Type.Object({
    access_key: Type.String(),
    name: Type.String(),
    account: Type.String(),
    role: StringEnum(ROLES),
    actions: Type.Object(
      Object.fromEntries(ORDER_STATUSES.map((s) => [s, Type.Array(StringEnum(ACTION_NAMES))])),
      {
        description:
          "For each order state, the actions of docs/spec/orders.md §4 this key's role may take from it " +
          '(guards such as blockers or the lock window are checked when the action is taken).',
      },
    ),
  }),
});
