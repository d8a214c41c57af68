// The port order as the API shows it (docs/spec/orders.md §2): a JSON:API resource with snake_case
// attributes. `pin` is write-only and has no place here (`pin_set` says whether one is held); the
// serializer drops anything not listed, so nothing unlisted can leak out.
import { type TSchema, Type } from '@sinclair/typebox';
import { BLOCKER_CODES } from '../../../domain/orders/blockers.js';
import { REASON_CODES } from '../../../domain/orders/reason-codes.js';
import {
  CANCEL_REASONS,
  DOCUMENT_TYPES,
  NUMBER_STATUSES,
  ORDER_STATUSES,
} from '../../../domain/orders/types.js';
import { NUMBER_TYPES } from '../../../domain/types.js';
import { StringEnum } from '../common.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Every free-text attribute is bounded (brief §7: bodies and lists bounded). */
export const MAX_TEXT = 200;
export const Text = (max = MAX_TEXT) => Type.String({ maxLength: max });
export const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const CarrierSchema = Type.Object({ id: Type.String(), name: Type.String() });

export const ServiceAddressSchema = Type.Object({
  street: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  zip: Nullable(Type.String()),
  country: Nullable(Type.String()),
});

const EndUserOut = Type.Object({
  subscriber_type: Nullable(StringEnum(['business', 'residential'] as const)),
  entity_name: Nullable(Type.String()),
  authorized_person: Nullable(Type.String()),
  account_number: Nullable(Type.String()),
  pin_set: Type.Boolean({ description: 'Whether a PIN is held; the PIN itself is never returned.' }),
  btn: Nullable(Type.String()),
  service_address: Nullable(ServiceAddressSchema),
});

const FocSchema = Type.Object({
  date: Type.String(),
  window_start: Nullable(Type.String()),
  window_end: Nullable(Type.String()),
});

export const BlockerSchema = Type.Object({ code: StringEnum(BLOCKER_CODES), field: Type.String() });

export const OrderAttributesSchema = Type.Object({
  account: Type.String(),
  group_id: Type.String(),
  customer_reference: Nullable(Type.String()),
  alias: Nullable(Type.String()),
  version: Type.Integer(),
  number_type: StringEnum(NUMBER_TYPES),
  losing_carrier: CarrierSchema,
  resellers: Type.Array(CarrierSchema),
  gaining_carrier: CarrierSchema,
  lata: Nullable(Type.Integer()),
  port_kind: StringEnum(['simple', 'non_simple'] as const),
  numbers: Type.Array(
    Type.Object({
      number: Type.String(),
      status: StringEnum(NUMBER_STATUSES),
      foc_date: Nullable(Type.String()),
      rejection: Nullable(Type.Object({ code: StringEnum(REASON_CODES), detail: Type.String() })),
    }),
  ),
  end_user: EndUserOut,
  port_type: Nullable(StringEnum(['full', 'partial'] as const)),
  remaining_numbers_action: Nullable(StringEnum(['keep', 'disconnect'] as const)),
  new_btn: Nullable(Type.String()),
  target_resporg: Nullable(Type.String()),
  requested_foc_date: Nullable(Type.String()),
  foc: Nullable(FocSchema),
  foc_history: Type.Array(
    Type.Object({
      date: Type.String(),
      window_start: Nullable(Type.String()),
      window_end: Nullable(Type.String()),
      replaced_at: Type.String(),
    }),
  ),
  status: StringEnum(ORDER_STATUSES),
  reason: Nullable(
    Type.Object({
      code: StringEnum(REASON_CODES),
      detail: Type.String(),
      fields: Type.Array(Type.String()),
      numbers: Type.Array(Type.String()),
    }),
  ),
  cancel_stage: Nullable(StringEnum(ORDER_STATUSES)),
  cancel_reason: Nullable(StringEnum(CANCEL_REASONS)),
  pon: Nullable(Type.String()),
  external_ref: Nullable(Type.String()),
  split_from: Nullable(Type.String()),
  blockers: Type.Array(BlockerSchema, { description: 'What still stops `submit`.' }),
  documents: Type.Array(
    Type.Object({
      id: Type.String(),
      type: StringEnum(DOCUMENT_TYPES),
      filename: Type.String(),
      content_type: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
      uploaded_at: Type.String(),
    }),
  ),
  created_at: Type.String(),
  updated_at: Type.String(),
  status_updated_at: Type.String(),
  submitted_at: Nullable(Type.String()),
  completed_at: Nullable(Type.String()),
});

export const OrderResourceSchema = Type.Object({
  type: Type.Literal('portorder'),
  id: Type.String(),
  attributes: OrderAttributesSchema,
  links: Type.Object({ self: Type.String() }),
});

export const OrderResponseSchema = Type.Object({ data: OrderResourceSchema });

export const OrderListResponseSchema = Type.Object({
  data: Type.Array(OrderResourceSchema),
  links: Type.Object({ next: Nullable(Type.String()) }),
});
