import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type Config, snapshotFileOf } from '../config.js';
import { seedDemoIfEmpty } from '../demo/seed-demo.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';
import { createLogger } from './logger.js';
import { SnapshotHolder } from './snapshot-holder.js';

export interface StartServerOptions {
  /** A pino logger; by default JSON lines on stdout at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Close gracefully on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** Fill an empty database with the demo data and print a demo key (default true). */
  seedDemo?: boolean;
  /** Where the one-time demo key message goes (default console.log). */
  print?: (text: string) => void;
  /** After this long, connections still open at shutdown are cut (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  holder: SnapshotHolder;
  /** e.g. `http://127.0.0.1:3000` */
  url: string;
  /** The demo key when this start seeded an empty database (printed once), else null. */
  demoKey: { accessKey: string; secretKey: string } | null;
  /** Graceful stop: refuse new requests (503), let in-flight ones finish, then close the store. Idempotent. */
  close(): Promise<void>;
}

function demoKeyMessage(url: string, key: { accessKey: string; secretKey: string }): string {
  return [
    'The database was empty: it now holds the demo data. Demo API key (shown only this once):',
    `  access key: ${key.accessKey}`,
    `  secret key: ${key.secretKey}`,
    'Try it:',
    `  curl -u '${key.accessKey}:${key.secretKey}' -H 'Content-Type: application/json' \\`,
    `    -d '{"numbers": ["12064205780", "18444205780", "15552348976"]}' ${url}/portorders/portability`,
  ].join('\n');
}

/**
 * `portcheck serve`: opens the store, seeds an empty one with the demo data,
 * listens, loads the numbering snapshot and keeps it fresh, and shuts down
 * gracefully on SIGINT/SIGTERM.
 */
export async function startServer(config: Config, opts: StartServerOptions = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const store = await openStore({ dbPath: config.dbPath, databaseUrl: config.databaseUrl });
  let app: FastifyInstance | null = null;
  const holder = new SnapshotHolder(store, logger, snapshotFileOf(config));
  try {
    const seeded = opts.seedDemo === false ? { seeded: false, key: null } : await seedDemoIfEmpty(store);
    app = await buildApp({ config, store, holder, logger });
    // Listen before the first load so that /healthz answers 503 meanwhile.
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    await holder.load();
    holder.startPolling(config.reloadIntervalMs);
    if (seeded.key) (opts.print ?? console.log)(demoKeyMessage(url, seeded.key));

    const running = app;
    let closing: Promise<void> | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down: finishing requests in flight');
      close().catch((err: unknown) => logger.error({ err }, 'shutdown failed'));
    };
    const close = (): Promise<void> => {
      closing ??= (async () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        holder.stop();
        const force = setTimeout(
          () => running.server.closeAllConnections(),
          opts.shutdownTimeoutMs ?? 10_000,
        );
        force.unref();
        try {
          await running.close();
        } finally {
          clearTimeout(force);
          await store.close();
          logger.info('stopped');
        }
      })();
      return closing;
    };
    if (opts.handleSignals !== false) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    return { app: running, store, holder, url, demoKey: seeded.key, close };
  } catch (err) {
    holder.stop();
    await app?.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
}
