// The webhook routes' bodies, queries and answers (docs/spec/orders.md §7). An endpoint's secret is
// only in the answers to its creation and its rotation (EndpointWithSecret); every other schema lacks
// it, so the serialiser could not write it even if it were at hand.
import { Type } from '@sinclair/typebox';
import { EVENT_TYPES } from '../../domain/orders/types.js';
import { StringEnum } from './common.js';

const Instant = Type.String({ description: 'ISO 8601 instant' });
const NullableString = (o: { maxLength?: number; description?: string } = {}) =>
  Type.Union([Type.String(o), Type.Null()]);
const EventTypes = Type.Array(StringEnum(EVENT_TYPES), {
  maxItems: EVENT_TYPES.length,
  description: 'The event types sent; empty (the default) is every type.',
});
const DeliveryStatus = StringEnum(['pending', 'delivered', 'failed'] as const);

const endpointFields = {
  id: Type.String({ description: 'we_…' }),
  type: Type.Literal('webhook_endpoint'),
  url: Type.String(),
  event_types: Type.Array(Type.String()),
  account: NullableString({ description: "Only this account's events; null for every account." }),
  description: NullableString(),
  enabled: Type.Boolean(),
  disabled_reason: NullableString({ description: '`gone` (the receiver answered 410) or `admin`.' }),
  previous_secret_expires_at: Type.Union([Instant, Type.Null()], {
    description: 'While a rotation lasts: when the previous secret stops signing.',
  }),
  created_at: Instant,
  updated_at: Instant,
};

export const EndpointSchema = Type.Object(endpointFields);
export const EndpointResponse = Type.Object({ data: EndpointSchema });
export const EndpointListResponse = Type.Object({ data: Type.Array(EndpointSchema) });
export const EndpointWithSecretResponse = Type.Object({
  data: Type.Object({
    ...endpointFields,
    secret: Type.String({ description: 'whsec_…: shown this once, never again.' }),
  }),
});

export const DeliverySchema = Type.Object({
  id: Type.String({ description: 'dlv_…' }),
  type: Type.Literal('webhook_delivery'),
  endpoint_id: Type.String(),
  event_id: Type.String({ description: 'The webhook-id of every attempt.' }),
  event_type: Type.String(),
  account: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  next_attempt_at: Type.Union([Instant, Type.Null()]),
  last_attempt_at: Type.Union([Instant, Type.Null()]),
  last_status: Type.Union([Type.Integer(), Type.Null()]),
  last_error: NullableString(),
  created_at: Instant,
});
export const DeliveryResponse = Type.Object({ data: DeliverySchema });
export const DeliveryListResponse = Type.Object({ data: Type.Array(DeliverySchema) });
export const ReplayResponse = Type.Object({
  data: Type.Object({ replayed: Type.Integer({ description: 'How many deliveries were queued again.' }) }),
});

const Url = Type.String({ minLength: 1, maxLength: 2000 });
const Account = Type.String({ minLength: 1, maxLength: 100 });
const Description = Type.String({ maxLength: 500 });

export const CreateEndpointBody = Type.Object(
  {
    url: Url,
    event_types: Type.Optional(EventTypes),
    account: Type.Optional(Type.Union([Account, Type.Null()])),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
  },
  { additionalProperties: false },
);

export const PatchEndpointBody = Type.Object(
  {
    url: Type.Optional(Url),
    event_types: Type.Optional(EventTypes),
    account: Type.Optional(Type.Union([Account, Type.Null()])),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ReplayBody = Type.Object(
  {
    since: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601; inclusive' })),
    until: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601; exclusive' })),
    status: Type.Optional(DeliveryStatus),
  },
  { additionalProperties: false },
);

export const WebhookIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const DeliveriesQuery = Type.Object(
  {
    endpoint_id: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(DeliveryStatus),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  },
  { additionalProperties: false },
);
