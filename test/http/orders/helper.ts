// The app with the port-order routes over the real SQLite OrderStore (in a temp folder), keys of several accounts and
// roles, a fixed clock, the numbering data swappable (an import) and every log line captured.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import type { LoadedSnapshot } from '../../../src/cache/snapshot-holder.js';
import { SnapshotHolder } from '../../../src/cache/snapshot-holder.js';
import { loadConfig } from '../../../src/config.js';
import { DEFAULT_ORDER_SETTINGS } from '../../../src/domain/orders/settings.js';
import type { Actor } from '../../../src/domain/orders/types.js';
import { buildApp } from '../../../src/http/app.js';
import { createLogger } from '../../../src/http/logger.js';
import { createApiKey } from '../../../src/keys/api-keys.js';
import { KeyVerifier } from '../../../src/keys/verifier.js';
import { OrderService } from '../../../src/orders/service.js';
import type { OrderStore } from '../../../src/store/orders-store.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { END_USER, loaded, ordersDataset } from '../../support/orders-data.js';
import { FakeStore } from '../fake-store.js';
import { basic } from '../helper.js';

export const NOW = new Date('2024-06-03T14:00:00Z');

export interface OrdersApp {
  app: FastifyInstance;
  orders: OrderStore;
  service: OrderService;
  /** Swaps the numbering data the orders are checked against (an import). */
  data: { current: LoadedSnapshot };
  auth: { a: string; a2: string; b: string; desk: string };
  logs: string[];
}

export async function buildOrdersApp(): Promise<OrdersApp> {
  const config = loadConfig({ logLevel: 'trace' }, {});
  const store = new FakeStore(ordersDataset());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _e, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const holder = new SnapshotHolder(store, logger);
  await holder.load();
  const verifier = new KeyVerifier(store.keys, { refreshMs: 60_000 });
  const auth = {} as OrdersApp['auth'];
  const actors: Record<keyof OrdersApp['auth'], Actor> = {
    a: { role: 'customer', account: 'acct-a' },
    a2: { role: 'customer', account: 'acct-a' },
    b: { role: 'customer', account: 'acct-b' },
    desk: { role: 'desk', account: 'ops' },
  };
  for (const [name, actor] of Object.entries(actors) as [keyof OrdersApp['auth'], Actor][]) {
    const k = await createApiKey(store, name, actor);
    auth[name] = basic(k.accessKey, k.secretKey);
  }
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-orders-http-'));
  const sqlite = await SqliteStore.open(join(dir, 'orders.db'), {});
  const orders = sqlite.orders;
  const data = { current: loaded(ordersDataset()) };
  const service = new OrderService({
    orders,
    snapshot: () => data.current,
    settings: DEFAULT_ORDER_SETTINGS,
    clock: () => NOW,
  });
  const app = await buildApp({ config, store, holder, logger, verifier, orders: service });
  onTestFinished(async () => {
    holder.stop();
    await app.close();
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { app, orders, service, data, auth, logs };
}

export function call(
  built: OrdersApp,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  auth: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return built.app.inject({
    method,
    url,
    headers: {
      authorization: auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

export const createBody = (numbers: string[], extra: Record<string, unknown> = {}) => ({
  data: {
    type: 'portorder',
    attributes: {
      numbers,
      end_user: {
        subscriber_type: END_USER.subscriberType,
        entity_name: END_USER.entityName,
        authorized_person: END_USER.authorizedPerson,
        account_number: END_USER.accountNumber,
        pin: END_USER.pin,
        btn: END_USER.btn,
        service_address: END_USER.serviceAddress,
      },
      requested_foc_date: '2024-06-14',
      ...extra,
    },
  },
});

/** Creates orders as `auth` and returns the response body. */
export async function create(
  built: OrdersApp,
  auth: string,
  numbers: string[],
  extra: Record<string, unknown> = {},
) {
  const res = await call(built, 'POST', '/v2/portorders', auth, createBody(numbers, extra));
  if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
  return res.json();
}
