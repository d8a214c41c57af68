// The webhooks' tables (a migration of ../schema.ts), as in the SQLite store (sqlite/webhooks/schema.ts):
// endpoints keep their signing secrets encrypted with the FieldCipher, never plain; deliveries are the
// outbox, one row per event and matching endpoint, written in the event's transaction (outbox.ts) and
// claimed under a lease (deliveries.ts). Instants are ISO text in the "C" collation, compared as on
// SQLite.
export const WEBHOOKS_MIGRATION = `
CREATE TABLE webhook_endpoints (
  id                         text COLLATE "C" PRIMARY KEY,
  url                        text NOT NULL,
  -- The event types sent, in the order given; {} is every type.
  event_types                text[] COLLATE "C" NOT NULL,
  account                    text COLLATE "C",
  -- The current secret and, during a rotation, the previous one: FieldCipher values.
  secret                     text NOT NULL,
  previous_secret            text,
  previous_secret_expires_at text COLLATE "C",
  enabled                    boolean NOT NULL,
  disabled_reason            text,
  description                text,
  created_at                 text COLLATE "C" NOT NULL,
  updated_at                 text COLLATE "C" NOT NULL
);

CREATE TABLE webhook_deliveries (
  -- Drawn by the outbox under the events' advisory lock: increasing in commit order.
  seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id              text COLLATE "C" NOT NULL UNIQUE,
  -- Deleting an endpoint removes its deliveries; the outbox locks the endpoints it queues for (KEY
  -- SHARE), so a concurrent delete waits for the change or the change skips the deleted endpoint.
  endpoint_id     text COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- order_events.position of the event sent (its body is read from there at each attempt).
  event_position  bigint NOT NULL,
  event_id        text COLLATE "C" NOT NULL,
  event_type      text COLLATE "C" NOT NULL,
  account         text COLLATE "C" NOT NULL,
  status          text COLLATE "C" NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  -- Attempts since it was last queued (created, redelivered, replayed): what the retry schedule counts.
  round_attempts  integer NOT NULL DEFAULT 0,
  next_attempt_at text COLLATE "C",
  last_attempt_at text COLLATE "C",
  last_status     integer,
  last_error      text,
  lease_token     text COLLATE "C",
  lease_until     text COLLATE "C",
  created_at      text COLLATE "C" NOT NULL
);
-- claimDue: one endpoint's due pending deliveries, earliest first, read from an index range.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at, seq)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at, seq);
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (status, seq);
`;
