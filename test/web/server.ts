// A real portcheck server for the browser tests: a temp SQLite database holding
// the seed example (/work/shared/examples/seed), one API key, the API from
// buildApp plus the web page, listening on 127.0.0.1 at a free port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { SnapshotHolder } from '../../src/http/snapshot-holder.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { openStore } from '../../src/store/open.js';
import type { StagedRow, Store } from '../../src/store/store.js';

export interface WebServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  key: { accessKey: string; secretKey: string };
  close(): Promise<void>;
}

/** The seed example's records (examples/seed/*.csv and coverage.json), written through the Store interface. */
async function importSeed(store: Store): Promise<void> {
  const batches: StagedRow[][] = [
    [
      {
        dataset: 'carriers',
        line: 2,
        record: { id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null },
      },
      {
        dataset: 'carriers',
        line: 3,
        record: { id: 'LGT01', name: 'Centurylink', category: 'RESPORG', underlyingId: null },
      },
      {
        dataset: 'carriers',
        line: 4,
        record: { id: '683G', name: 'Flowroute', category: 'IPES', underlyingId: null },
      },
      {
        dataset: 'carriers',
        line: 5,
        record: { id: 'FWR01', name: 'Flowroute', category: 'RESPORG', underlyingId: null },
      },
    ],
    [
      {
        dataset: 'blocks',
        line: 2,
        record: {
          npa: 206,
          nxx: 420,
          blockId: -1,
          lata: 674,
          ocn: '8824',
          rateCenter: 'SEATTLE',
          state: 'WA',
          cocType: 'EOC',
          portable: true,
        },
      },
    ],
    [{ dataset: 'tollfree', line: 2, record: { number: 8444205780, resporgId: 'LGT01', status: 'WORKING' } }],
  ];
  for (const rows of batches) {
    const session = await store.beginImport(rows[0].dataset, { replace: true });
    await session.write(rows);
    await session.commit();
  }
  const coverage = await store.beginImport('coverage', { replace: true });
  await coverage.writeCoverage({
    providers: [
      { id: '683G', name: 'Flowroute', numberTypes: ['long-code', 'wireless'], latas: '*' },
      { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
    ],
  });
  await coverage.commit();
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
  await importSeed(store);
  const key = await createApiKey(store, 'web page test');
  const holder = new SnapshotHolder(store);
  await holder.load();
  // buildApp serves the page itself, as `portcheck serve` does.
  const app = await buildApp({ config, store, holder });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    app,
    store,
    key: { accessKey: key.accessKey, secretKey: key.secretKey },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
