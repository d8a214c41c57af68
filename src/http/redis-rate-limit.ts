// The per-key quota counted across a fleet of instances in Redis. Fixed
// windows aligned on the clock's minutes (every instance agrees on which
// window a request falls in, given NTP-synchronised clocks), one round trip
// per request: a Lua script increments the window's counter and sets its
// expiry on the first increment, atomically.
//
// Fail-open: when Redis cannot be reached, requests are still served, each
// instance counting alone in memory (its own per-instance quota) until Redis
// is back. The quota protects capacity, not security (every request is still
// authenticated), and a Redis outage must not take the checks down with it.
// The loss and the return are logged once each, never per request.
import { createClient } from 'redis';
import {
  decisionOf,
  MemoryRateLimiter,
  type RateDecision,
  type RateLimiter,
  type RateLimiterStatus,
  WINDOW_MS,
} from './rate-limit.js';

const TAKE = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** A Redis reply later than this counts as Redis being down for this request. */
const COMMAND_TIMEOUT_MS = 250;

/** How often a Redis that stopped answering is asked again (one PING, never a request). */
const PROBE_EVERY_MS = 1000;

/** The slice of a pino logger the limiter uses. */
export interface LimiterLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RedisRateLimiterOptions {
  url: string;
  perMinute: number;
  log?: LimiterLogger;
  /** Namespace of the counters (default `portcheck:rl:`); tests use their own. */
  prefix?: string;
  now?: () => number;
}

/** The URL without its password, for logs. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}

export class RedisRateLimiter implements RateLimiter {
  readonly perMinute: number;
  private readonly client;
  private readonly fallback: MemoryRateLimiter;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly log: LimiterLogger | undefined;
  private readonly where: string;
  private down = false;
  private closed = false;
  private probing = false;
  private probedAt = Number.NEGATIVE_INFINITY;

  constructor(options: RedisRateLimiterOptions) {
    this.perMinute = options.perMinute;
    this.prefix = options.prefix ?? 'portcheck:rl:';
    this.now = options.now ?? Date.now;
    this.log = options.log;
    this.where = shown(options.url);
    this.fallback = new MemoryRateLimiter(options.perMinute, this.now);
    this.client = createClient({
      url: options.url,
      // Never queue a request's count while disconnected: fail at once, count in memory.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
      },
    });
    // Without a listener an 'error' would crash the process; each one is a retry, logged once per outage.
    this.client.on('error', (err: Error) => this.wentDown(err));
    this.client.on('ready', () => this.cameBack());
    this.client.connect().catch((err: Error) => this.wentDown(err));
  }

  take(key: string): Promise<RateDecision> {
    // Not connected (yet, or any more): the 'error' event has logged why, if anything went wrong.
    if (!this.client.isReady) return Promise.resolve(this.fallback.take(key));
    // Connected but not answering (a hung Redis): no request waits on it; one probe at a time asks.
    if (this.down) {
      this.probe();
      return Promise.resolve(this.fallback.take(key));
    }
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    const windowEnd = (window + 1) * WINDOW_MS;
    return new Promise<RateDecision>((resolve) => {
      // node-redis's own command timeout stops once a command is written: this one covers the answer.
      const timer = setTimeout(() => {
        this.wentDown(new Error(`no answer from Redis within ${COMMAND_TIMEOUT_MS} ms`));
        resolve(this.fallback.take(key));
      }, COMMAND_TIMEOUT_MS);
      this.client
        .eval(TAKE, {
          keys: [`${this.prefix}${key}:${window}`],
          // A little past the window's end, so that a counter never vanishes inside it.
          arguments: [String(windowEnd - now + 5000)],
        })
        .then(
          (count) => {
            clearTimeout(timer);
            resolve(decisionOf(this.perMinute, Number(count), windowEnd, now));
          },
          (err: Error) => {
            clearTimeout(timer);
            this.wentDown(err);
            resolve(this.fallback.take(key));
          },
        );
    });
  }

  /** While down on a live connection: a PING at most every PROBE_EVERY_MS; its answer means Redis is back. */
  private probe(): void {
    const at = performance.now();
    if (this.probing || at - this.probedAt < PROBE_EVERY_MS) return;
    this.probing = true;
    this.probedAt = at;
    this.client.ping().then(
      () => {
        this.probing = false;
        this.cameBack();
      },
      () => {
        this.probing = false;
      },
    );
  }

  status(): RateLimiterStatus {
    return { backend: 'redis', degraded: this.down || !this.client.isReady };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // A clean QUIT only when Redis answers; otherwise nothing is worth waiting for.
    if (this.client.isReady && !this.down) await this.client.close().catch(() => this.client.destroy());
    else this.client.destroy();
  }

  private wentDown(err: Error): void {
    if (this.down || this.closed) return;
    this.down = true;
    this.log?.error(
      { err, redis: this.where },
      'Redis unreachable: the rate limit is counted per instance until it is back (requests still served)',
    );
  }

  private cameBack(): void {
    if (!this.down) return;
    this.down = false;
    this.log?.info(
      { redis: this.where },
      'Redis reachable again: the rate limit is counted across the fleet',
    );
  }
}
