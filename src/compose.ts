// The composition root: the one place that builds portcheck's parts, in
// order (config → store → snapshot holder → key verifier → HTTP app), for
// `portcheck serve`, for the commands that read data, and for background
// workers. Nothing below imports it; the HTTP stack is loaded only when an
// app is built, so that the other commands never pay for it.
import { existsSync } from 'node:fs';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { type HolderLogger, SnapshotHolder } from './cache/snapshot-holder.js';
import { type Config, snapshotFileOf } from './config.js';
import { type DemoKey, demoKeyMessage, seedDemoIfEmpty } from './demo/seed-demo.js';
import { DEFAULT_ORDER_SETTINGS, type OrderSettings } from './domain/orders/settings.js';
import { parseRetrySchedule } from './domain/webhooks/retry-schedule.js';
import type { Listening } from './http/server.js';
import { KeyVerifier } from './keys/verifier.js';
import { OrderService } from './orders/service.js';
import { startOrderTimers } from './orders/timer-worker.js';
import { openStore } from './store/open.js';
import type { Store } from './store/store.js';
import { AddressGuard } from './webhooks/address-guard.js';
import { WebhookService } from './webhooks/service.js';
import { DeliveryWorker, type WorkerLogger } from './webhooks/worker.js';

/** The parts every entry point shares. */
export interface Service {
  readonly config: Config;
  readonly store: Store;
  /** The numbering snapshot; `await holder.load()` before reading `holder.current`. */
  readonly holder: SnapshotHolder;
  readonly verifier: KeyVerifier;
  /** Stops the holder's polling and closes the store. Idempotent. */
  close(): Promise<void>;
}

export interface OpenServiceOptions {
  /** Where the holder reports loads and failures (default: nowhere). */
  logger?: HolderLogger;
  /** Refuse a SQLite file that is not there, instead of creating an empty database. */
  mustExist?: boolean;
  /** For entry points that only read: no migration, and a database in a read-only folder works. */
  readOnly?: boolean;
  /**
   * Follow the store's pushed notes (default true): long-running entry points
   * do; a one-shot command passes false so that no listening connection is
   * opened for nothing.
   */
  followChanges?: boolean;
  /**
   * A long-running server: SQLite's WAL checkpoints run on a worker thread, off the requests
   * (store/sqlite/checkpointer.ts); a failure of that is logged once through `logger`.
   */
  backgroundCheckpoints?: boolean;
}

/**
 * Throws when `config` names a SQLite file that is not there: reading
 * commands should not leave an empty database behind a typo.
 */
export function assertDatabaseExists(config: Pick<Config, 'dbPath' | 'databaseUrl'>): void {
  if (!config.databaseUrl && !existsSync(config.dbPath)) {
    throw new Error(
      `no database at ${config.dbPath}: run "portcheck serve" (fills a new one with the demo data) or "portcheck import" first, or pass --db`,
    );
  }
}

/** config → store → snapshot holder → key verifier. */
export async function openService(config: Config, options: OpenServiceOptions = {}): Promise<Service> {
  if (options.mustExist) assertDatabaseExists(config);
  const store = await openStore({
    dbPath: config.dbPath,
    databaseUrl: config.databaseUrl,
    readOnly: options.readOnly,
    encryptionKey: config.encryptionKey,
    ...(options.backgroundCheckpoints
      ? { backgroundCheckpoints: { onError: (message: string) => options.logger?.warn({}, message) } }
      : {}),
  });
  const holder = new SnapshotHolder(store, options.logger, snapshotFileOf(config));
  const verifier = new KeyVerifier(store.keys, {
    refreshMs: config.reloadIntervalMs,
    log: options.logger,
  });
  const unsubscribe =
    options.followChanges === false ? () => {} : followStoreChanges(store, holder, verifier);
  let closing: Promise<void> | null = null;
  return {
    config,
    store,
    holder,
    verifier,
    close: () => {
      closing ??= (async () => {
        unsubscribe();
        holder.stop();
        await store.close();
      })();
      return closing;
    },
  };
}

/**
 * Routes a store's pushed notes (PostgreSQL's LISTEN/NOTIFY) to the parts
 * that cache what changed: an import reloads the snapshot, a key change
 * reloads the keys. A store that cannot push leaves both to their polling,
 * which stays armed either way. Returns the unsubscribe function.
 */
export function followStoreChanges(
  store: Store,
  holder: Pick<SnapshotHolder, 'notify'>,
  verifier: Pick<KeyVerifier, 'changed'>,
): () => void {
  if (!store.subscribe) return () => {};
  return store.subscribe((change) => {
    if (change === 'data') holder.notify();
    else verifier.changed();
  });
}

/** The port-order settings (docs/spec/orders.md §4, §6) from the configuration; the rest are the spec's. */
export function orderSettingsOf(config: Config): OrderSettings {
  return {
    ...DEFAULT_ORDER_SETTINGS,
    timeZone: config.orderTimeZone,
    cutoff: config.orderCutoff,
    lockWindowHours: config.orderLockWindowHours,
    draftIdleDays: config.orderDraftIdleDays,
    exceptionIdleDays: config.orderExceptionIdleDays,
  };
}

/** The port-order service over a service's store and snapshot; `onCommit` after each committed change. */
export function orderServiceOf(
  service: Pick<Service, 'store' | 'holder' | 'config'>,
  clock?: () => Date,
  onCommit?: () => void,
): OrderService {
  return new OrderService({
    orders: service.store.orders,
    snapshot: () => service.holder.current,
    settings: orderSettingsOf(service.config),
    clock,
    onCommit,
  });
}

/** The webhook endpoints' service (the API's and the CLI's); `onQueued` when deliveries were queued. */
export function webhookServiceOf(
  parts: { config: Config; store: Store },
  onQueued?: () => void,
): WebhookService {
  return new WebhookService({
    store: parts.store.webhooks,
    guard: AddressGuard.fromSetting(parts.config.webhookAllow),
    rotationOverlapMs: parts.config.webhookRotationOverlapMs,
    onQueued,
  });
}

/** The delivery worker over a store, configured from the settings (not started). */
export function deliveryWorkerOf(
  parts: { config: Config; store: Store },
  log?: WorkerLogger,
): DeliveryWorker {
  const { config } = parts;
  return new DeliveryWorker({
    store: parts.store.webhooks,
    guard: AddressGuard.fromSetting(config.webhookAllow),
    schedule: parseRetrySchedule(config.webhookRetrySchedule),
    timeoutMs: config.webhookTimeoutMs,
    pollMs: config.webhookPollMs,
    log,
  });
}

/** … → the HTTP app over a service's parts (not listening yet). */
export async function buildHttpApp(
  service: Service,
  logger?: FastifyBaseLogger,
  orders: OrderService | null = orderServiceOf(service),
  webhooks: WebhookService | null = webhookServiceOf(service),
): Promise<FastifyInstance> {
  const { buildApp } = await import('./http/app.js');
  const { config, store, holder, verifier } = service;
  return buildApp({
    config,
    store,
    holder,
    verifier,
    logger,
    ...(orders ? { orders } : {}),
    ...(webhooks ? { webhooks } : {}),
  });
}

export interface StartServerOptions {
  /** A pino logger; by default JSON lines on stdout at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Close gracefully on SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** Fill an empty database with the demo data and make a demo key (default true). */
  seedDemo?: boolean;
  /** `ACCESS:SECRET` for that demo key (default: the environment's PORTCHECK_DEMO_KEY, else random). */
  demoKey?: string;
  /**
   * Where the one-time demo key message goes: a person's terminal, never the
   * JSON log stream on stdout (default: stderr).
   */
  print?: (text: string) => void;
  /** After this long, connections still open at shutdown are cut (default 10 s). */
  shutdownTimeoutMs?: number;
}

export interface RunningServer extends Listening {
  /** The demo key when this start seeded an empty database, else null. */
  demoKey: DemoKey | null;
}

const toTerminal = (text: string) => process.stderr.write(`${text}\n`);

/**
 * `portcheck serve`: composes the service, seeds an empty database with the
 * demo data, builds the app and hands it to http/server.ts, which listens,
 * loads the snapshot, keeps it fresh and shuts down gracefully.
 */
export async function startServer(config: Config, opts: StartServerOptions = {}): Promise<RunningServer> {
  const { createLogger } = await import('./http/logger.js');
  const logger = opts.logger ?? createLogger(config.logLevel);
  const service = await openService(config, { logger, backgroundCheckpoints: true });
  try {
    const fixed = opts.demoKey ?? process.env.PORTCHECK_DEMO_KEY;
    const seeded =
      opts.seedDemo === false
        ? { seeded: false, key: null }
        : await seedDemoIfEmpty(service.store, { demoKey: fixed });
    if (service.store.kind === 'postgres' && config.encryptionKey === undefined) {
      // Numbers, keys and imports work without it; port orders and webhook endpoints are refused until it is set.
      logger.warn(
        'PORTCHECK_ENCRYPTION_KEY is not set: port orders and webhook endpoints on PostgreSQL are refused until it is (64 hex characters, e.g. "openssl rand -hex 32", the same on every instance)',
      );
    }
    // The delivery worker runs beside the app: woken by every change committed here, polling for
    // other processes' and for retries coming due.
    const worker = config.webhookPollMs > 0 ? deliveryWorkerOf(service, logger) : null;
    const wake = () => worker?.wake();
    const orders = orderServiceOf(service, undefined, wake);
    const app = await buildHttpApp(service, logger, orders, webhookServiceOf(service, wake));
    // The port-order timers and the delivery worker stop with the app (before the store closes).
    let timers: ReturnType<typeof startOrderTimers> | null = null;
    app.addHook('onClose', async () => {
      await timers?.stop();
      await worker?.stop();
    });
    const { listen } = await import('./http/server.js');
    const running = await listen(app, service, {
      logger,
      handleSignals: opts.handleSignals,
      shutdownTimeoutMs: opts.shutdownTimeoutMs,
    });
    if (orders && config.orderTimersIntervalMs > 0) {
      timers = startOrderTimers(orders, config.orderTimersIntervalMs, logger);
    }
    worker?.start();
    if (seeded.key) (opts.print ?? toTerminal)(demoKeyMessage(running.url, seeded.key, Boolean(fixed)));
    return { ...running, demoKey: seeded.key };
  } catch (err) {
    await service.close().catch(() => {});
    throw err;
  }
}
