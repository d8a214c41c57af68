// The webhooks' tables in the accounts file (a migration of accounts-schema.ts). Endpoints keep their
// signing secrets encrypted with the FieldCipher, never plain. Deliveries are the outbox: one row per
// event and matching endpoint, written in the event's transaction (outbox.ts), claimed under a lease.
export const WEBHOOKS_SCHEMA = `
CREATE TABLE webhook_endpoints (
  id                         TEXT PRIMARY KEY,
  url                        TEXT NOT NULL,
  -- JSON array of event types; [] is every type.
  event_types                TEXT NOT NULL,
  account                    TEXT,
  -- The current secret and, during a rotation, the previous one: FieldCipher values.
  secret                     TEXT NOT NULL,
  previous_secret            TEXT,
  previous_secret_expires_at TEXT,
  enabled                    INTEGER NOT NULL,
  disabled_reason            TEXT,
  description                TEXT,
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE webhook_deliveries (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  endpoint_id     TEXT NOT NULL,
  -- order_events.position of the event sent (its body is read from there at each attempt).
  event_position  INTEGER NOT NULL,
  event_id        TEXT NOT NULL,
  event_type      TEXT NOT NULL,
  account         TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  -- Attempts since it was last queued (created, redelivered, replayed): what the retry schedule counts.
  round_attempts  INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_attempt_at TEXT,
  last_status     INTEGER,
  last_error      TEXT,
  lease_token     TEXT,
  lease_until     TEXT,
  created_at      TEXT NOT NULL
);
-- claimDue: one endpoint's due pending deliveries, earliest first, read from an index range.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at, seq)
  WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at, seq);
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (status, seq);
`;
