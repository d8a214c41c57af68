import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { SnapshotHolder } from '../cache/snapshot-holder.js';
import type { Config } from '../config.js';
import { MAX_DOCUMENT_BYTES } from '../domain/orders/content-type.js';
import { KeyVerifier } from '../keys/verifier.js';
import type { OrderService } from '../orders/service.js';
import type { Store } from '../store/store.js';
import type { WebhookService } from '../webhooks/service.js';
import { type AuthGuards, authenticate } from './auth.js';
import { FailureThrottle } from './auth-throttle.js';
import { ApiError } from './errors/catalogue.js';
import { installErrorHandling, sendError } from './errors/handler.js';
import { handleClientError, handleExpectation } from './errors/raw.js';
import { InFlight } from './in-flight.js';
import { createLogger, requestLoggerFactory } from './logger.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { healthzRoute } from './routes/healthz.js';
import { openapiRoute } from './routes/openapi.js';
import { JSON_API_TYPE, portabilityRoutes } from './routes/portability.js';
import { registerWebRoutes } from './routes/web.js';
import { whoamiRoute } from './routes/whoami.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies API keys; call `keyVerifier.invalidate()` after revoking a key in this process. */
    keyVerifier: KeyVerifier;
  }
}

export interface AppDeps {
  config: Config;
  store: Store;
  holder: SnapshotHolder;
  /** A pino logger; by default one writing JSON to stdout at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Defaults to one over `store.keys` that re-checks the key version every `config.reloadIntervalMs`. */
  verifier?: KeyVerifier;
  /** The port-order service; without one the /portorders order routes are not served. */
  orders?: OrderService;
  /** The webhook service; without one the /webhooks routes are not served. */
  webhooks?: WebhookService;
}

const shuttingDown = Symbol('portcheck.shuttingDown');
type Closable = FastifyInstance & { [shuttingDown]?: boolean };

/**
 * From now on every new request gets 503 shutting_down (with
 * `Connection: close`) while those in flight finish. `app.close()` does this
 * by itself; call it first to refuse work before closing starts.
 */
export function markShuttingDown(app: FastifyInstance): void {
  (app as Closable)[shuttingDown] = true;
}

/**
 * Builds the HTTP API (routes, schemas, errors, auth, limits, logs) without
 * listening: tests drive it with `app.inject`, server.ts adds the socket.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store, holder } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    // Slow or stalled clients are cut (see config.ts): node answers 408
    // through clientErrorHandler below and closes the connection.
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // node looks for expired requests this often (its default, 30 s, would double the timeouts).
      connectionsCheckingInterval: Math.min(1000, Math.ceil(config.headersTimeoutMs / 4)),
      // node would answer a missing Host with an empty 400; the onRequest hook answers it instead.
      requireHostHeader: false,
    },
    clientErrorHandler: (error, socket) => handleClientError(logger, error, socket),
    // A URL fastify cannot decode (`/%zz`) or route: its own bodies would echo the path back.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        sendError(request, reply, new ApiError('not_found', 'There is nothing at this address.'));
      } else {
        sendError(request, reply, new ApiError('bad_request', 'The request URL is not valid.'));
      }
    },
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    childLoggerFactory: requestLoggerFactory,
    // One line per request, written in onResponse below, instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // Our own hook answers with the catalogue's shutting_down body instead.
    return503OnClosing: false,
    ajv: {
      // Fastify coerces types by default: 5 would pass as "5" and a bare
      // string as a one-element array. The API must refuse both.
      customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false },
    },
  }) as FastifyInstance;

  const verifier =
    deps.verifier ?? new KeyVerifier(store.keys, { refreshMs: config.reloadIntervalMs, log: logger });
  app.decorate('keyVerifier', verifier);
  app.decorateRequest('apiKey', null);
  app.decorateRequest('actor', null);
  app.decorateRequest('keyName', null);

  app.server.on('checkExpectation', (request, res) => handleExpectation(logger, request, res));

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const raw = request.raw;
    if (raw.headers.host === undefined && raw.httpVersionMajor === 1 && raw.httpVersionMinor === 1) {
      done(new ApiError('bad_request', 'An HTTP/1.1 request must carry a Host header.'));
      return;
    }
    if ((app as Closable)[shuttingDown]) {
      done(
        new ApiError('shutting_down', 'The server is shutting down; retry on another instance or shortly.', {
          headers: { connection: 'close' },
        }),
      );
      return;
    }
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        accessKey: request.apiKey ?? undefined,
      },
      'request',
    );
    done();
  });
  app.addHook('preClose', async () => markShuttingDown(app));
  // Responses finishing during shutdown close their connection, so that an
  // idle keep-alive socket does not hold the server open until the timeout.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if ((app as Closable)[shuttingDown]) reply.header('connection', 'close');
    done(null, payload);
  });

  // JSON and JSON:API bodies share fastify's JSON parser; everything else is 415.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(JSON_API_TYPE, { parseAs: 'string' }, parseJson);

  installErrorHandling(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'portcheck',
        description:
          'Number portability checks for North American carriers (Port Orders "Check Portability").',
        version: '1',
      },
      components: {
        securitySchemes: {
          basic: {
            type: 'http',
            scheme: 'basic',
            description: 'Access key as user name, secret as password.',
          },
        },
      },
    },
  });

  const limiter = await rateLimiterOf(config, logger);
  if (limiter) app.addHook('onClose', () => limiter.close());
  const guards: AuthGuards = {
    limiter,
    inFlight: new InFlight(config.maxInFlightBytes, config.maxInFlightBytesPerKey),
    bodyLimit: config.bodyLimitBytes,
    failuresPerKey: config.authFailuresPerKey > 0 ? new FailureThrottle(config.authFailuresPerKey) : null,
    failuresPerAddress:
      config.authFailuresPerAddress > 0 ? new FailureThrottle(config.authFailuresPerAddress) : null,
  };
  await app.register(portabilityRoutes, {
    holder,
    maxNumbers: config.maxNumbers,
    authenticate: authenticate(verifier, guards),
  });
  await app.register(whoamiRoute, { authenticate: authenticate(verifier, guards) });
  if (deps.orders) {
    const { orderRoutes } = await import('./routes/orders/index.js');
    await app.register(orderRoutes, {
      service: deps.orders,
      maxNumbers: config.maxNumbers,
      authenticate: authenticate(verifier, guards),
    });
    // Its own plugin: it reads any body as bytes (and loads pdf-lib). A document may outweigh the
    // JSON body limit, so it weighs up to 10 MiB among the bodies in flight.
    const { documentRoutes } = await import('./routes/orders/documents.js');
    await app.register(documentRoutes, {
      service: deps.orders,
      authenticate: authenticate(verifier, {
        ...guards,
        bodyLimit: Math.max(guards.bodyLimit, MAX_DOCUMENT_BYTES),
      }),
    });
  }
  if (deps.webhooks) {
    const { webhookRoutes } = await import('./routes/webhooks/index.js');
    await app.register(webhookRoutes, {
      service: deps.webhooks,
      authenticate: authenticate(verifier, guards),
    });
  }
  await app.register(healthzRoute, { holder, store, limiter });
  await app.register(openapiRoute);
  await registerWebRoutes(app, { maxNumbers: config.maxNumbers });
  // Not made ready here, so callers may still register more.
  return app;
}

/** In memory, or in Redis when configured (its client loaded only then); null for no limit. */
async function rateLimiterOf(config: Config, logger: FastifyBaseLogger): Promise<RateLimiter | null> {
  if (config.rateLimitPerMinute <= 0) return null;
  if (!config.redisUrl) return new MemoryRateLimiter(config.rateLimitPerMinute);
  const { RedisRateLimiter } = await import('./redis-rate-limit.js');
  return new RedisRateLimiter({ url: config.redisUrl, perMinute: config.rateLimitPerMinute, log: logger });
}
