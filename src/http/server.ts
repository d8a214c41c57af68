import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { SnapshotHolder } from '../cache/snapshot-holder.js';
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';

/** What listening needs of the composed service (src/compose.ts). */
export interface ServedParts {
  readonly config: Config;
  readonly store: Store;
  readonly holder: SnapshotHolder;
  /** Stops the holder and closes the store. */
  close(): Promise<void>;
}

export interface ListenOptions {
  logger: FastifyBaseLogger;
  /** Close gracefully on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** After this long, connections still open at shutdown are cut (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface Listening {
  app: FastifyInstance;
  store: Store;
  holder: SnapshotHolder;
  /** e.g. `http://127.0.0.1:3000` */
  url: string;
  /** Graceful stop: refuse new requests (503), let in-flight ones finish, then close the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * The listening and shutdown part of `portcheck serve`: listens, loads the
 * numbering snapshot and keeps it fresh, and shuts down gracefully on
 * SIGINT/SIGTERM. The app and its parts come from the composition root.
 */
export async function listen(
  app: FastifyInstance,
  parts: ServedParts,
  opts: ListenOptions,
): Promise<Listening> {
  const { config, holder, logger } = { ...parts, logger: opts.logger };
  try {
    // Listen before the first load so that /healthz answers 503 meanwhile.
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    await holder.load();
    holder.startPolling(config.reloadIntervalMs);

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
        const force = setTimeout(() => app.server.closeAllConnections(), opts.shutdownTimeoutMs ?? 10_000);
        force.unref();
        try {
          await app.close();
        } finally {
          clearTimeout(force);
          await parts.close();
          logger.info('stopped');
        }
      })();
      return closing;
    };
    if (opts.handleSignals !== false) {
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    }
    return { app, store: parts.store, holder, url, close };
  } catch (err) {
    holder.stop();
    await app.close().catch(() => {});
    throw err;
  }
}
