// The app with the port-order and webhook routes over a real SQLite store (in a temp folder), keys of
// each role, a fixed clock and every log line captured. No delivery worker: these tests are about the
// API; test/webhooks/delivery-e2e.test.ts delivers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { SnapshotHolder } from '../../../src/cache/snapshot-holder.js';
import { loadConfig } from '../../../src/config.js';
import { DEFAULT_ORDER_SETTINGS } from '../../../src/domain/orders/settings.js';
import type { Actor } from '../../../src/domain/orders/types.js';
import { buildApp } from '../../../src/http/app.js';
import { createLogger } from '../../../src/http/logger.js';
import { createApiKey } from '../../../src/keys/api-keys.js';
import { KeyVerifier } from '../../../src/keys/verifier.js';
import { OrderService } from '../../../src/orders/service.js';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { AddressGuard } from '../../../src/webhooks/address-guard.js';
import { WebhookService } from '../../../src/webhooks/service.js';
import { loaded, ordersDataset } from '../../support/orders-data.js';
import { FakeStore } from '../fake-store.js';
import { basic } from '../helper.js';

export const NOW = new Date('2024-06-03T14:00:00Z');

export type Who = 'admin' | 'desk' | 'customer';

export interface HooksApp {
  app: FastifyInstance;
  store: SqliteStore;
  orders: OrderService;
  auth: Record<Who, string>;
  logs: string[];
}

export async function buildHooksApp(allow = ''): Promise<HooksApp> {
  const config = loadConfig({ logLevel: 'trace' }, {});
  const keys = new FakeStore(ordersDataset());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _e, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const holder = new SnapshotHolder(keys, logger);
  await holder.load();
  const verifier = new KeyVerifier(keys.keys, { refreshMs: 60_000 });
  const actors: Record<Who, Actor> = {
    admin: { role: 'admin', account: 'ops' },
    desk: { role: 'desk', account: 'ops' },
    customer: { role: 'customer', account: 'acct-a' },
  };
  const auth = {} as Record<Who, string>;
  for (const [name, actor] of Object.entries(actors) as [Who, Actor][]) {
    const k = await createApiKey(keys, name, actor);
    auth[name] = basic(k.accessKey, k.secretKey);
  }
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-hooks-http-'));
  const store = SqliteStore.open(join(dir, 'hooks.db'));
  const data = loaded(ordersDataset());
  const orders = new OrderService({
    orders: store.orders,
    snapshot: () => data,
    settings: DEFAULT_ORDER_SETTINGS,
    clock: () => NOW,
  });
  const webhooks = new WebhookService({
    store: store.webhooks,
    guard: AddressGuard.fromSetting(allow),
    clock: () => NOW,
  });
  const app = await buildApp({ config, store: keys, holder, logger, verifier, orders, webhooks });
  onTestFinished(async () => {
    holder.stop();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { app, store, orders, auth, logs };
}

export function call(
  built: HooksApp,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  auth: string | null,
  body?: unknown,
) {
  return built.app.inject({
    method,
    url,
    headers: {
      ...(auth === null ? {} : { authorization: auth }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

export async function addEndpoint(built: HooksApp, body: Record<string, unknown> = {}) {
  const res = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, {
    url: 'https://hooks.example.com/portcheck',
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`add endpoint: ${res.statusCode} ${res.body}`);
  return res.json().data as { id: string; secret: string } & Record<string, unknown>;
}
