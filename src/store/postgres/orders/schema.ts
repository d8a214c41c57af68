// The port orders' tables (a migration of ../schema.ts), as in the SQLite store (sqlite/orders/schema.ts):
// the order is one JSON document (`body`, its sensitive fields encrypted, kept as text exactly as
// written), the columns beside it what filters, uniqueness and timers need. Text that is compared or
// sorted uses the "C" collation, so that lists and cursors order as on SQLite (bytewise).
export const ORDERS_MIGRATION = `
CREATE TABLE orders (
  id                 text COLLATE "C" PRIMARY KEY,
  account            text COLLATE "C" NOT NULL,
  group_id           text COLLATE "C" NOT NULL,
  status             text COLLATE "C" NOT NULL,
  customer_reference text COLLATE "C",
  losing_carrier_id  text COLLATE "C" NOT NULL,
  created_at         text COLLATE "C" NOT NULL,
  updated_at         text COLLATE "C" NOT NULL,
  version            integer NOT NULL,
  -- The FOC date while the order is foc_confirmed and its foc_overdue event is still owed, else NULL.
  foc_watch          text COLLATE "C",
  body               text NOT NULL
);
-- Lists are newest first (created_at, then id) under each filter; the first page reads an index range.
CREATE INDEX orders_by_created ON orders (created_at, id);
CREATE INDEX orders_by_status ON orders (status, created_at, id);
CREATE INDEX orders_by_account ON orders (account, created_at, id);
CREATE INDEX orders_by_account_status ON orders (account, status, created_at, id);
CREATE INDEX orders_by_losing_carrier ON orders (losing_carrier_id, created_at, id);
CREATE INDEX orders_by_reference ON orders (account, customer_reference) WHERE customer_reference IS NOT NULL;
CREATE INDEX orders_by_group ON orders (group_id);
CREATE INDEX orders_idle ON orders (status, updated_at);
CREATE INDEX orders_foc_watch ON orders (foc_watch) WHERE foc_watch IS NOT NULL;

-- Every number of every order; open while the number holds its place (the order neither completed nor
-- cancelled, the number neither ported nor cancelled). The partial unique index is the rule "a number
-- in at most one open order", enforced by the database across every instance.
CREATE TABLE order_numbers (
  order_id text COLLATE "C" NOT NULL,
  number   text COLLATE "C" NOT NULL,
  open     boolean NOT NULL,
  PRIMARY KEY (order_id, number)
);
CREATE UNIQUE INDEX order_numbers_open ON order_numbers (number) WHERE open;
CREATE INDEX order_numbers_by_number ON order_numbers (number, order_id);

-- The audit trail. position comes from an identity, drawn while the writer holds the events'
-- advisory lock (events.ts), so that it increases in commit order.
CREATE TABLE order_events (
  position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  order_id    text COLLATE "C" NOT NULL,
  account     text COLLATE "C" NOT NULL,
  seq         integer NOT NULL,
  type        text COLLATE "C" NOT NULL,
  occurred_at text NOT NULL,
  data        text NOT NULL,
  UNIQUE (order_id, seq)
);
CREATE INDEX order_events_by_account ON order_events (account, position);
CREATE INDEX order_events_by_type ON order_events (type, position);

CREATE TABLE order_documents (
  order_id     text COLLATE "C" NOT NULL,
  document_id  text COLLATE "C" NOT NULL,
  content_type text NOT NULL,
  filename     text NOT NULL,
  bytes        bytea NOT NULL,
  PRIMARY KEY (order_id, document_id)
);

-- carrier_id '' stands for every carrier (NULL would not take part in the key).
CREATE TABLE holidays (
  date       text COLLATE "C" NOT NULL,
  carrier_id text COLLATE "C" NOT NULL,
  name       text NOT NULL,
  PRIMARY KEY (date, carrier_id)
);

CREATE TABLE idempotency (
  scope        text COLLATE "C" NOT NULL,
  key          text COLLATE "C" NOT NULL,
  request_hash text NOT NULL,
  created_at   text COLLATE "C" NOT NULL,
  status       integer,
  body         text,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_by_created ON idempotency (created_at);
`;
