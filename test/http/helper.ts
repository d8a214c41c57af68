import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { SnapshotHolder } from '../../src/cache/snapshot-holder.js';
import { type Config, loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/http/logger.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import type { Store } from '../../src/store/store.js';
import { FakeStore } from './fake-store.js';

export interface BuildOptions {
  config?: Partial<Config>;
  /** Defaults to a FakeStore holding the seed example. */
  store?: Store;
  /** Load the snapshot before returning (default true). */
  load?: boolean;
}

export interface Built {
  app: FastifyInstance;
  store: Store;
  holder: SnapshotHolder;
  key: { accessKey: string; secretKey: string };
  /** `Authorization` header value for `key`. */
  auth: string;
  /** Every log line written so far, raw (JSON text). */
  logs: string[];
}

export function basic(accessKey: string, secret: string): string {
  return `Basic ${Buffer.from(`${accessKey}:${secret}`).toString('base64')}`;
}

/**
 * The app as `portcheck serve` builds it, minus the socket, with one API key
 * and every log line captured. Closed when the test ends (like fastify-demo's build(t)).
 */
export async function build(options: BuildOptions = {}): Promise<Built> {
  const config = loadConfig({ logLevel: 'trace', ...options.config }, {});
  const store = options.store ?? new FakeStore();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(config.logLevel, sink);
  const holder = new SnapshotHolder(store, logger);
  if (options.load !== false) await holder.load();
  const created = await createApiKey(store, 'test');
  const app = await buildApp({ config, store, holder, logger });
  onTestFinished(async () => {
    holder.stop();
    await app.close();
  });
  const key = { accessKey: created.accessKey, secretKey: created.secretKey };
  return { app, store, holder, key, auth: basic(key.accessKey, key.secretKey), logs };
}

/** POSTs a JSON body (object or raw string) to the portability route. */
export function post(
  built: Built,
  payload: unknown,
  headers: Record<string, string> = {},
  url = '/portorders/portability',
) {
  return built.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: built.auth, ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}
