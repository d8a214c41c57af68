// A real portcheck server for the browser tests: a temp SQLite database holding
// the seed example (test/fixtures/seed), one API key, the API from
// buildApp with the port-order routes plus the web page, listening on
// 127.0.0.1 at a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SnapshotHolder } from '../../src/cache/snapshot-holder.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_ORDER_SETTINGS } from '../../src/domain/orders/settings.js';
import { buildApp } from '../../src/http/app.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { OrderService } from '../../src/orders/service.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { seedStore } from '../support/store-dataset.js';

export interface WebServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  orders: OrderService;
  key: { accessKey: string; secretKey: string };
  close(): Promise<void>;
}

export async function startWebServer(options: { maxNumbers: number }): Promise<WebServer> {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-web-'));
  const config = loadConfig(
    {
      port: 0,
      dbPath: join(dir, 'web.db'),
      maxNumbers: options.maxNumbers,
      logLevel: 'silent',
      rateLimitPerMinute: 0,
    },
    {},
  );
  const store = await openStore({ dbPath: config.dbPath });
  await seedStore(store);
  const key = await createApiKey(store, 'web page test');
  const holder = new SnapshotHolder(store);
  await holder.load();
  // The real clock: the page offers the FOC dates the server computes from it.
  const orders = new OrderService({
    orders: store.orders,
    snapshot: () => holder.current,
    settings: DEFAULT_ORDER_SETTINGS,
  });
  // buildApp serves the page itself, as `portcheck serve` does.
  const app = await buildApp({ config, store, holder, orders });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    app,
    store,
    orders,
    key: { accessKey: key.accessKey, secretKey: key.secretKey },
    async close() {
      holder.stop();
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
