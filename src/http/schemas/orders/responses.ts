// The other answers of the port-order routes: creation, a group, events, FOC dates, reason codes.
import { Type } from '@sinclair/typebox';
import { REASON_CODES } from '../../../domain/orders/reason-codes.js';
import { EVENT_TYPES } from '../../../domain/orders/types.js';
import { REASONS } from '../../../domain/types.js';
import { StringEnum } from '../common.js';
import { Nullable, OrderResourceSchema } from './order.js';

const Nonportable = Type.Object({
  number: Type.String(),
  reason: StringEnum(REASONS),
  detail: Type.String(),
});

export const CreateResponseSchema = Type.Object({
  data: Type.Array(OrderResourceSchema),
  meta: Type.Object({
    group_id: Type.String(),
    nonportable: Type.Object({ numbers: Type.Array(Type.String()), details: Type.Array(Nonportable) }),
  }),
});

export const GroupResponseSchema = Type.Object({
  data: Type.Object({
    type: Type.Literal('portorder_group'),
    id: Type.String(),
    attributes: Type.Object({
      status: StringEnum(['requires_action', 'in_progress', 'completed', 'cancelled'] as const),
    }),
    links: Type.Object({ self: Type.String() }),
  }),
  included: Type.Array(OrderResourceSchema),
});

export const ActionResponseSchema = Type.Object({
  data: OrderResourceSchema,
  included: Type.Optional(Type.Array(OrderResourceSchema, { description: 'split: the new order.' })),
});

export const EventsResponseSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      type: StringEnum(EVENT_TYPES),
      order_id: Type.String(),
      account: Type.String(),
      seq: Type.Integer(),
      occurred_at: Type.String(),
      data: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  links: Type.Object({ next: Nullable(Type.String()) }),
});

export const FocDatesResponseSchema = Type.Object({
  data: Type.Object({
    lead_business_days: Type.Integer(),
    earliest: Type.String(),
    latest: Type.String(),
    dates: Type.Array(Type.String()),
  }),
});

export const ReasonCodesResponseSchema = Type.Object({
  data: Type.Array(
    Type.Object({ code: StringEnum(REASON_CODES), fix: Type.String(), fields: Type.Array(Type.String()) }),
  ),
});
