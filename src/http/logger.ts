import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream, pino } from 'pino';
import type { Config } from '../config.js';

/**
 * The service's structured logger: JSON lines, request-scoped children carry
 * `reqId`. Fastify's request serializer logs no headers; the redaction is a
 * second line of defence should anyone log a request's headers.
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): FastifyBaseLogger {
  const options = {
    level,
    redact: {
      // Port orders: the PIN and account number, should a body or an order ever be logged.
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        'request.headers.authorization',
        'body.data.attributes.end_user.pin',
        'body.data.attributes.end_user.account_number',
        'req.body.data.attributes.end_user.pin',
        'req.body.data.attributes.end_user.account_number',
        'end_user.pin',
        'end_user.account_number',
        'endUser.pin',
        'endUser.accountNumber',
        'order.endUser.pin',
        'order.endUser.accountNumber',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];

/**
 * A request's logger that makes its pino child (with the request id) only
 * when it first writes a line. At the usual levels a successful request
 * writes nothing but its one `info` line, so below `info` no child is made at
 * all; making one per request was a measurable share of a one-number check.
 */
class LazyRequestLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & { isLevelEnabled(level: string): boolean },
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {}

  private get log(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings, this.options);
    return this.made;
  }

  private enabled(level: Level): boolean {
    const made = this.made as (FastifyBaseLogger & { isLevelEnabled(level: string): boolean }) | undefined;
    return (made ?? this.parent).isLevelEnabled(level);
  }

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.log.level = level;
  }

  fatal(...args: unknown[]): void {
    if (this.enabled('fatal')) (this.log.fatal as (...a: unknown[]) => void)(...args);
  }
  error(...args: unknown[]): void {
    if (this.enabled('error')) (this.log.error as (...a: unknown[]) => void)(...args);
  }
  warn(...args: unknown[]): void {
    if (this.enabled('warn')) (this.log.warn as (...a: unknown[]) => void)(...args);
  }
  info(...args: unknown[]): void {
    if (this.enabled('info')) (this.log.info as (...a: unknown[]) => void)(...args);
  }
  debug(...args: unknown[]): void {
    if (this.enabled('debug')) (this.log.debug as (...a: unknown[]) => void)(...args);
  }
  trace(...args: unknown[]): void {
    if (this.enabled('trace')) (this.log.trace as (...a: unknown[]) => void)(...args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.log.child(bindings, options);
  }
}

/**
 * fastify's `childLoggerFactory`: a lazy child (see LazyRequestLogger) over a
 * pino logger, a plain child over anything else or when the route sets its
 * own level.
 */
export function requestLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
): FastifyBaseLogger {
  const pinoLike = logger as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  if (typeof pinoLike.isLevelEnabled !== 'function' || options?.level !== undefined) {
    return logger.child(bindings, options);
  }
  return new LazyRequestLogger(
    pinoLike as FastifyBaseLogger & { isLevelEnabled(level: string): boolean },
    bindings,
    options,
  ) as unknown as FastifyBaseLogger;
}
