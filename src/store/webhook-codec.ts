// What both adapters store of webhook endpoints and deliveries, so that the two read and write them
// alike (as orders-codec.ts does for orders): the columns in order, and each row to and from its
// record, the endpoint's secrets through the FieldCipher both ways so that no database holds one in
// plain text. Each adapter only converts what its database stores differently (SQLite keeps the
// event types as JSON text and `enabled` as 0/1; PostgreSQL as text[] and boolean).
import type { FieldCipher } from './field-cipher.js';
import type { DeliveryStatus, WebhookDelivery, WebhookEndpoint } from './webhook-store.js';

export const ENDPOINT_COLUMNS = `id, url, event_types, account, secret, previous_secret, previous_secret_expires_at, enabled,
  disabled_reason, description, created_at, updated_at`;

/** An endpoint's row in ENDPOINT_COLUMNS order, its types and `enabled` as the record has them. */
export type EndpointRow = [
  id: string,
  url: string,
  eventTypes: string[],
  account: string | null,
  secret: string,
  previousSecret: string | null,
  previousSecretExpiresAt: string | null,
  enabled: boolean,
  disabledReason: string | null,
  description: string | null,
  createdAt: string,
  updatedAt: string,
];

export function endpointRow(e: WebhookEndpoint, cipher: FieldCipher): EndpointRow {
  const [current, previous] = e.secrets;
  if (current === undefined) throw new Error(`webhook endpoint ${e.id} has no secret`);
  return [
    e.id,
    e.url,
    e.eventTypes,
    e.account,
    cipher.encrypt(current),
    previous === undefined ? null : cipher.encrypt(previous),
    e.previousSecretExpiresAt,
    e.enabled,
    e.disabledReason,
    e.description,
    e.createdAt,
    e.updatedAt,
  ];
}

export function endpointOf(r: EndpointRow, cipher: FieldCipher): WebhookEndpoint {
  const [
    id,
    url,
    eventTypes,
    account,
    secret,
    previous,
    expires,
    enabled,
    reason,
    description,
    created,
    updated,
  ] = r;
  return {
    id,
    url,
    eventTypes,
    account,
    secrets:
      previous === null ? [cipher.decrypt(secret)] : [cipher.decrypt(secret), cipher.decrypt(previous)],
    previousSecretExpiresAt: expires,
    enabled,
    disabledReason: reason,
    description,
    createdAt: created,
    updatedAt: updated,
  };
}

/** A delivery's columns (table alias `d`), in DeliveryRow order. */
export const DELIVERY_COLUMNS = `d.id, d.endpoint_id, d.event_id, d.event_type, d.account, d.status, d.attempts, d.round_attempts,
  d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.created_at`;

export type DeliveryRow = [
  id: string,
  endpointId: string,
  eventId: string,
  eventType: string,
  account: string,
  status: DeliveryStatus,
  attempts: number,
  roundAttempts: number,
  nextAttemptAt: string | null,
  lastAttemptAt: string | null,
  lastStatus: number | null,
  lastError: string | null,
  createdAt: string,
];

/** How many leading fields of a claim's row are the delivery's. */
export const DELIVERY_FIELDS = 13;

export const deliveryOf = (r: DeliveryRow): WebhookDelivery => ({
  id: r[0],
  endpointId: r[1],
  eventId: r[2],
  eventType: r[3],
  account: r[4],
  status: r[5],
  attempts: r[6],
  roundAttempts: r[7],
  nextAttemptAt: r[8],
  lastAttemptAt: r[9],
  lastStatus: r[10],
  lastError: r[11],
  createdAt: r[12],
});

/** Keeps a receiver's error text short in the record. */
export const MAX_ERROR = 500;
