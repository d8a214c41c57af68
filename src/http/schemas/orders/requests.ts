// The bodies and queries of the port-order routes (docs/spec/orders.md §4, §9, §10). Shapes and
// bounds only: whether a value fits the order is the domain's to say (422 invalid_input and friends).
import { Type } from '@sinclair/typebox';
import { ACTION_NAMES, CANCEL_REASONS } from '../../../domain/orders/types.js';
import { StringEnum } from '../common.js';
import { DATE_PATTERN, Nullable, Text } from './order.js';

const Number_ = Type.String({ minLength: 1, maxLength: 20 });
const CheckedNumber = Type.String({
  description: 'A phone number; one that is not is listed among the nonportable, not refused.',
});

const ServiceAddressIn = Type.Object(
  {
    street: Type.Optional(Nullable(Text())),
    unit: Type.Optional(Nullable(Text(50))),
    city: Type.Optional(Nullable(Text(100))),
    state: Type.Optional(Nullable(Text(50))),
    zip: Type.Optional(Nullable(Text(20))),
    country: Type.Optional(Nullable(Text(50))),
  },
  { additionalProperties: false },
);

export const EndUserIn = Type.Object(
  {
    subscriber_type: Type.Optional(Nullable(StringEnum(['business', 'residential'] as const))),
    entity_name: Type.Optional(Nullable(Text())),
    authorized_person: Type.Optional(Nullable(Text())),
    account_number: Type.Optional(Nullable(Text(64))),
    pin: Type.Optional(Nullable(Text(32))),
    btn: Type.Optional(Nullable(Text(20))),
    service_address: Type.Optional(Nullable(ServiceAddressIn)),
  },
  { additionalProperties: false },
);

const Resource = <T extends ReturnType<typeof Type.Object>>(attributes: T) =>
  Type.Object({
    data: Type.Object({
      type: Type.Literal('portorder'),
      id: Type.Optional(Type.String({ maxLength: 64 })),
      attributes,
    }),
  });

export function createOrderBody(maxNumbers: number) {
  return Resource(
    Type.Object(
      {
        // As the check's: a number that is not one is reported among the nonportable, not refused.
        numbers: Type.Array(CheckedNumber, { minItems: 1, maxItems: maxNumbers }),
        end_user: Type.Optional(EndUserIn),
        requested_foc_date: Type.Optional(Nullable(Type.String({ pattern: DATE_PATTERN }))),
        customer_reference: Type.Optional(Nullable(Text(100))),
        alias: Type.Optional(Nullable(Text())),
        account: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      },
      { additionalProperties: false },
    ),
  );
}

export const PatchOrderBody = Resource(
  Type.Object(
    {
      customer_reference: Type.Optional(Nullable(Text(100))),
      alias: Type.Optional(Nullable(Text())),
      end_user: Type.Optional(EndUserIn),
      port_type: Type.Optional(Nullable(StringEnum(['full', 'partial'] as const))),
      remaining_numbers_action: Type.Optional(Nullable(StringEnum(['keep', 'disconnect'] as const))),
      new_btn: Type.Optional(Nullable(Text(20))),
      target_resporg: Type.Optional(Nullable(Text(5))),
      requested_foc_date: Type.Optional(Nullable(Type.String({ pattern: DATE_PATTERN }))),
      port_kind: Type.Optional(Nullable(StringEnum(['simple', 'non_simple'] as const))),
    },
    { additionalProperties: false },
  ),
);

export function numbersBody(maxNumbers: number) {
  return Type.Object(
    {
      add: Type.Optional(Type.Array(Number_, { maxItems: maxNumbers })),
      remove: Type.Optional(Type.Array(Number_, { maxItems: maxNumbers })),
    },
    { additionalProperties: false },
  );
}

/** Every action's members in one object; which ones an action needs is checked by the route. */
export function actionBody(maxNumbers: number) {
  const numbers = Type.Array(Number_, { minItems: 1, maxItems: maxNumbers });
  return Type.Object(
    {
      occurred_at: Type.Optional(Type.String({ maxLength: 40 })),
      pon: Type.Optional(Nullable(Text(64))),
      external_ref: Type.Optional(Nullable(Text(100))),
      code: Type.Optional(Type.String({ maxLength: 64 })),
      detail: Type.Optional(Text(1000)),
      fields: Type.Optional(Type.Array(Text(100), { maxItems: 50 })),
      numbers: Type.Optional(numbers),
      foc_date: Type.Optional(Type.String({ maxLength: 10 })),
      window_start: Type.Optional(Nullable(Type.String({ maxLength: 5 }))),
      window_end: Type.Optional(Nullable(Type.String({ maxLength: 5 }))),
      requested_foc_date: Type.Optional(Type.String({ maxLength: 10 })),
      ported_numbers: Type.Optional(numbers),
      force: Type.Optional(Type.Boolean()),
      reason: Type.Optional(StringEnum(CANCEL_REASONS)),
    },
    { additionalProperties: false },
  );
}

export const ActionParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  name: StringEnum(ACTION_NAMES),
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({ maxLength: 200, description: 'One state, or several comma-separated.' }),
    ),
    number: Type.Optional(Number_),
    losing_carrier: Type.Optional(Type.String({ maxLength: 64 })),
    account: Type.Optional(Type.String({ maxLength: 100 })),
    customer_reference: Type.Optional(Text(100)),
    created_after: Type.Optional(Type.String({ maxLength: 40 })),
    created_before: Type.Optional(Type.String({ maxLength: 40 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const EventsQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: 200 })),
    order_id: Type.Optional(Type.String({ maxLength: 64 })),
    type: Type.Optional(Type.String({ maxLength: 64 })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  { additionalProperties: false },
);
