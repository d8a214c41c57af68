import { createHash } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { parseRetrySchedule } from './domain/webhooks/retry-schedule.js';
import { AddressGuard } from './webhooks/address-guard.js';

/**
 * Server configuration, read and validated once at start-up. Command-line
 * flags arrive as `overrides`; the environment fills in the rest; then the
 * defaults below.
 *
 * | field                | environment                    | default                 | meaning |
 * |----------------------|--------------------------------|-------------------------|---------|
 * | `port`               | `PORT`                         | `3000`                  | TCP port to listen on (0 = any free port) |
 * | `host`               | `HOST`                         | `127.0.0.1`             | interface to bind; `0.0.0.0` for every interface |
 * | `dbPath`             | `PORTCHECK_DB`                 | `./data/portcheck.db`   | the embedded SQLite database |
 * | `databaseUrl`        | `DATABASE_URL`                 | (unset)                 | a PostgreSQL URL (`?schema=NAME`, default public); when set it wins over `dbPath` |
 * | `maxNumbers`         | `PORTCHECK_MAX_NUMBERS`        | `100000`                | most numbers accepted in one request |
 * | `bodyLimitBytes`     | `PORTCHECK_BODY_LIMIT`         | `4194304` (4 MiB)       | largest request body; 100,000 eleven-digit strings are ~1.5 MB |
 * | `rateLimitPerMinute` | `PORTCHECK_RATE_LIMIT`         | `600`                   | requests per API key per minute (0 = no limit) |
 * | `reloadIntervalMs`   | `PORTCHECK_RELOAD_INTERVAL_MS` | `2000`                  | how often the server looks for a finished import (must stay well under 5 s) |
 * | `logLevel`           | `LOG_LEVEL`                    | `info`                  | pino level: fatal, error, warn, info, debug, trace, silent |
 * | `trustProxy`         | `PORTCHECK_TRUST_PROXY`        | `false`                 | trust `X-Forwarded-*` (only behind a proxy you run) |
 * | `snapshotFile`       | `PORTCHECK_SNAPSHOT_FILE`      | `<dbPath>.snapshot`     | the snapshot's on-disk form for fast start-up; `off` disables it; with PostgreSQL `./portcheck-snapshot.<hash>.bin` |
 * | `headersTimeoutMs`   | `PORTCHECK_HEADERS_TIMEOUT_MS` | `10000`                 | a request's headers must arrive within this (408, connection closed) |
 * | `requestTimeoutMs`   | `PORTCHECK_REQUEST_TIMEOUT_MS` | `30000`                 | the whole request, headers and body, within this (408); at least `headersTimeoutMs` |
 * | `keepAliveTimeoutMs` | `PORTCHECK_KEEP_ALIVE_TIMEOUT_MS` | `72000`              | an idle keep-alive connection is closed after this; above the 60 s idle timeout of common load balancers |
 * | `connectionTimeoutMs`| `PORTCHECK_CONNECTION_TIMEOUT_MS` | `30000`              | a connection with no bytes moving either way for this long is closed (e.g. a client that stops reading its answer) |
 * | `maxInFlightBytes`   | `PORTCHECK_MAX_IN_FLIGHT_BYTES` | `67108864` (64 MiB)    | request bodies being checked at once, server-wide (503 server_busy beyond); a body counts at least 1 KiB |
 * | `maxInFlightBytesPerKey` | `PORTCHECK_MAX_IN_FLIGHT_BYTES_PER_KEY` | `16777216` (16 MiB) | the same for one API key |
 * | `authFailuresPerKey` | `PORTCHECK_AUTH_FAILURES_PER_KEY` | `20`                 | failed sign-ins per access key per minute before 429 (0 = no limit) |
 * | `authFailuresPerAddress` | `PORTCHECK_AUTH_FAILURES_PER_IP` | `100`        | failed sign-ins per client address per minute before 429 (0 = no limit) |
 * | `redisUrl`           | `REDIS_URL`                    | (unset)                 | a Redis URL: the per-key rate limit is counted across every instance sharing it; unset, per instance |
 * | `encryptionKey`      | `PORTCHECK_ENCRYPTION_KEY`     | (unset)                 | key of the orders' PIN and account number at rest: 64 hex characters or base64 of 32 bytes; unset, SQLite keeps `<db>.key` beside the database |
 * | `orderTimersIntervalMs` | `PORTCHECK_ORDER_TIMERS_INTERVAL_MS` | `60000`        | how often `serve` runs the port-order timers (expiry, abandonment, FOC overdue); 0 = never |
 * | `orderTimeZone`      | `PORTCHECK_ORDER_TIME_ZONE`    | `America/New_York`      | IANA zone of the port orders' dates, the submission cut-off and the lock window |
 * | `orderCutoff`        | `PORTCHECK_ORDER_CUTOFF`       | `13:00`                 | a submission after this local time counts as made the next business day |
 * | `orderLockWindowHours` | `PORTCHECK_ORDER_LOCK_WINDOW_HOURS` | `24`            | hours before the FOC in which request-supp and cancel are refused |
 * | `orderDraftIdleDays` | `PORTCHECK_ORDER_DRAFT_IDLE_DAYS` | `30`                 | a draft idle this long is cancelled (`expired`) |
 * | `orderExceptionIdleDays` | `PORTCHECK_ORDER_EXCEPTION_IDLE_DAYS` | `45`         | an exception idle this long is cancelled (`abandoned`) |
 * | `webhookAllow`       | `PORTCHECK_WEBHOOK_ALLOW`      | (empty)                 | CIDRs on loopback or private networks that webhook targets may use (comma or space separated); others are refused |
 * | `webhookRetrySchedule` | `PORTCHECK_WEBHOOK_RETRY_SCHEDULE` | `5,300,1800,7200,18000,36000,50400,72000,86400` | seconds before each retry of a failed delivery; after the last, it is `failed` |
 * | `webhookTimeoutMs`   | `PORTCHECK_WEBHOOK_TIMEOUT_MS` | `15000`                 | one delivery attempt's bound |
 * | `webhookRotationOverlapMs` | `PORTCHECK_WEBHOOK_ROTATION_OVERLAP_MS` | `86400000` (24 h) | how long the previous secret keeps signing after a rotation |
 * | `webhookPollMs`      | `PORTCHECK_WEBHOOK_POLL_MS`    | `1000`                  | how often `serve` looks for deliveries queued by other processes or due for a retry; 0 = no delivery worker |
 */
export const ConfigSchema = Type.Object(
  {
    port: Type.Integer({ minimum: 0, maximum: 65535 }),
    host: Type.String({ minLength: 1 }),
    dbPath: Type.String({ minLength: 1 }),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    maxNumbers: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
    bodyLimitBytes: Type.Integer({ minimum: 1024 }),
    rateLimitPerMinute: Type.Integer({ minimum: 0 }),
    reloadIntervalMs: Type.Integer({ minimum: 100, maximum: 60_000 }),
    logLevel: Type.Union([
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ]),
    trustProxy: Type.Boolean(),
    snapshotFile: Type.Optional(Type.String({ minLength: 1 })),
    headersTimeoutMs: Type.Integer({ minimum: 100 }),
    requestTimeoutMs: Type.Integer({ minimum: 100 }),
    keepAliveTimeoutMs: Type.Integer({ minimum: 100 }),
    connectionTimeoutMs: Type.Integer({ minimum: 100 }),
    maxInFlightBytes: Type.Integer({ minimum: 1024 }),
    maxInFlightBytesPerKey: Type.Integer({ minimum: 1024 }),
    authFailuresPerKey: Type.Integer({ minimum: 0 }),
    authFailuresPerAddress: Type.Integer({ minimum: 0 }),
    redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    // Checked below, so that a wrong key's text never appears in an error message.
    encryptionKey: Type.Optional(Type.String()),
    orderTimersIntervalMs: Type.Integer({ minimum: 0, maximum: 86_400_000 }),
    // Checked below against the runtime's time-zone database.
    orderTimeZone: Type.String({ minLength: 1, maxLength: 64 }),
    orderCutoff: Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }),
    orderLockWindowHours: Type.Integer({ minimum: 0, maximum: 720 }),
    orderDraftIdleDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    orderExceptionIdleDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    // Both checked below by their parsers, so that a mistake is named at start-up.
    webhookAllow: Type.String(),
    webhookRetrySchedule: Type.String({ minLength: 1 }),
    webhookTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
    webhookRotationOverlapMs: Type.Integer({ minimum: 0, maximum: 30 * 86_400_000 }),
    webhookPollMs: Type.Integer({ minimum: 0, maximum: 3_600_000 }),
  },
  { additionalProperties: false },
);

export type Config = Static<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze({
  port: 3000,
  host: '127.0.0.1',
  dbPath: './data/portcheck.db',
  maxNumbers: 100_000,
  bodyLimitBytes: 4 * 1024 * 1024,
  rateLimitPerMinute: 600,
  reloadIntervalMs: 2000,
  logLevel: 'info',
  trustProxy: false,
  // Headers come in one packet from any real client; 10 s forgives a slow
  // mobile link. A 4 MiB body at 1.5 Mbit/s takes about 22 s, hence 30 s.
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 72_000,
  connectionTimeoutMs: 30_000,
  // A full-size check holds its body and its answer (up to ~30 MB for 4 MiB
  // of distinct invalid strings): a key's 16 MiB is four of them (~130 MB),
  // the server's 64 MiB sixteen, while thousands of small checks fit.
  maxInFlightBytes: 64 * 1024 * 1024,
  maxInFlightBytesPerKey: 16 * 1024 * 1024,
  authFailuresPerKey: 20,
  authFailuresPerAddress: 100,
  orderTimersIntervalMs: 60_000,
  orderTimeZone: 'America/New_York',
  orderCutoff: '13:00',
  orderLockWindowHours: 24,
  orderDraftIdleDays: 30,
  orderExceptionIdleDays: 45,
  webhookAllow: '',
  webhookRetrySchedule: '5,300,1800,7200,18000,36000,50400,72000,86400',
  webhookTimeoutMs: 15_000,
  webhookRotationOverlapMs: 86_400_000,
  webhookPollMs: 1000,
});

type Kind = 'int' | 'string' | 'bool';

/** Which environment variable feeds which field, and how to read its text. */
const ENV: ReadonlyArray<[keyof Config, string, Kind]> = [
  ['port', 'PORT', 'int'],
  ['host', 'HOST', 'string'],
  ['dbPath', 'PORTCHECK_DB', 'string'],
  ['databaseUrl', 'DATABASE_URL', 'string'],
  ['maxNumbers', 'PORTCHECK_MAX_NUMBERS', 'int'],
  ['bodyLimitBytes', 'PORTCHECK_BODY_LIMIT', 'int'],
  ['rateLimitPerMinute', 'PORTCHECK_RATE_LIMIT', 'int'],
  ['reloadIntervalMs', 'PORTCHECK_RELOAD_INTERVAL_MS', 'int'],
  ['logLevel', 'LOG_LEVEL', 'string'],
  ['trustProxy', 'PORTCHECK_TRUST_PROXY', 'bool'],
  ['snapshotFile', 'PORTCHECK_SNAPSHOT_FILE', 'string'],
  ['headersTimeoutMs', 'PORTCHECK_HEADERS_TIMEOUT_MS', 'int'],
  ['requestTimeoutMs', 'PORTCHECK_REQUEST_TIMEOUT_MS', 'int'],
  ['keepAliveTimeoutMs', 'PORTCHECK_KEEP_ALIVE_TIMEOUT_MS', 'int'],
  ['connectionTimeoutMs', 'PORTCHECK_CONNECTION_TIMEOUT_MS', 'int'],
  ['maxInFlightBytes', 'PORTCHECK_MAX_IN_FLIGHT_BYTES', 'int'],
  ['maxInFlightBytesPerKey', 'PORTCHECK_MAX_IN_FLIGHT_BYTES_PER_KEY', 'int'],
  ['authFailuresPerKey', 'PORTCHECK_AUTH_FAILURES_PER_KEY', 'int'],
  ['authFailuresPerAddress', 'PORTCHECK_AUTH_FAILURES_PER_IP', 'int'],
  ['redisUrl', 'REDIS_URL', 'string'],
  ['encryptionKey', 'PORTCHECK_ENCRYPTION_KEY', 'string'],
  ['orderTimersIntervalMs', 'PORTCHECK_ORDER_TIMERS_INTERVAL_MS', 'int'],
  ['orderTimeZone', 'PORTCHECK_ORDER_TIME_ZONE', 'string'],
  ['orderCutoff', 'PORTCHECK_ORDER_CUTOFF', 'string'],
  ['orderLockWindowHours', 'PORTCHECK_ORDER_LOCK_WINDOW_HOURS', 'int'],
  ['orderDraftIdleDays', 'PORTCHECK_ORDER_DRAFT_IDLE_DAYS', 'int'],
  ['orderExceptionIdleDays', 'PORTCHECK_ORDER_EXCEPTION_IDLE_DAYS', 'int'],
  ['webhookAllow', 'PORTCHECK_WEBHOOK_ALLOW', 'string'],
  ['webhookRetrySchedule', 'PORTCHECK_WEBHOOK_RETRY_SCHEDULE', 'string'],
  ['webhookTimeoutMs', 'PORTCHECK_WEBHOOK_TIMEOUT_MS', 'int'],
  ['webhookRotationOverlapMs', 'PORTCHECK_WEBHOOK_ROTATION_OVERLAP_MS', 'int'],
  ['webhookPollMs', 'PORTCHECK_WEBHOOK_POLL_MS', 'int'],
];

/** 64 hex characters, or the base64 (or base64url) of 32 bytes: what store/field-cipher.ts takes. */
const ENCRYPTION_KEY = /^([0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function fromText(text: string, kind: Kind): unknown {
  const t = text.trim();
  if (kind === 'int') return /^-?\d+$/.test(t) ? Number(t) : t; // left as text, so the check names it
  if (kind === 'bool') {
    if (/^(1|true|yes|on)$/i.test(t)) return true;
    if (/^(0|false|no|off)$/i.test(t)) return false;
    return t;
  }
  return t;
}

/**
 * Builds the configuration: `overrides` (flags) over `env` over defaults.
 * Throws a ConfigError naming the first bad setting and where it came from.
 */
export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  const origin: Record<string, string> = {};
  for (const [field, name, kind] of ENV) {
    const text = env[name];
    if (text !== undefined && text.trim() !== '') {
      merged[field] = fromText(text, kind);
      origin[field] = `environment variable ${name}`;
    }
  }
  for (const [field, value] of Object.entries(overrides)) {
    if (value !== undefined) {
      merged[field] = value;
      origin[field] = `option ${field}`;
    }
  }
  if (!Value.Check(ConfigSchema, merged)) {
    const first = Value.Errors(ConfigSchema, merged).First();
    const field = first?.path.split('/')[1] ?? '';
    const where = origin[field] ?? (field ? `setting ${field}` : 'configuration');
    const shown = field in merged ? JSON.stringify(merged[field]) : 'nothing';
    throw new ConfigError(`Invalid ${where}: got ${shown}; ${first?.message ?? 'invalid value'}.`);
  }
  const config = merged as Config;
  if (config.encryptionKey !== undefined && !ENCRYPTION_KEY.test(config.encryptionKey)) {
    const where = origin.encryptionKey ?? 'setting encryptionKey';
    throw new ConfigError(
      `Invalid ${where}: must be 64 hex characters or the base64 of 32 bytes (e.g. the output of "openssl rand -hex 32"); its value is not shown.`,
    );
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.orderTimeZone });
  } catch {
    const where = origin.orderTimeZone ?? 'setting orderTimeZone';
    throw new ConfigError(
      `Invalid ${where}: got ${JSON.stringify(config.orderTimeZone)}; must be an IANA time zone such as America/Chicago.`,
    );
  }
  for (const [field, check] of [
    ['webhookAllow', (t: string) => AddressGuard.fromSetting(t)],
    ['webhookRetrySchedule', parseRetrySchedule],
  ] as const) {
    try {
      check(config[field]);
    } catch (err) {
      const where = origin[field] ?? `setting ${field}`;
      throw new ConfigError(`Invalid ${where}: ${(err as Error).message}.`);
    }
  }
  // node refuses a headers timeout longer than the whole-request one.
  if (config.requestTimeoutMs < config.headersTimeoutMs) {
    const where = origin.requestTimeoutMs ?? 'setting requestTimeoutMs';
    throw new ConfigError(
      `Invalid ${where}: got ${config.requestTimeoutMs}; must be at least the headers timeout (${config.headersTimeoutMs}).`,
    );
  }
  return config;
}

/**
 * Where the snapshot's on-disk form lives, or null when it is off: beside the
 * SQLite database by default; with PostgreSQL, in the working folder, named
 * after the database (see postgresSnapshotName).
 */
export function snapshotFileOf(
  config: Pick<Config, 'snapshotFile' | 'dbPath' | 'databaseUrl'>,
): string | null {
  if (config.snapshotFile === 'off') return null;
  if (config.snapshotFile) return config.snapshotFile;
  return config.databaseUrl ? postgresSnapshotName(config.databaseUrl) : `${config.dbPath}.snapshot`;
}

/**
 * `./portcheck-snapshot.<hash>.bin`: the hash is of user, host, port,
 * database and schema (not the password, nor other parameters), so that
 * instances in one folder on different databases or schemas never share a
 * file, and a changed password keeps it. The file is stamped with the
 * database's identity besides, so a wrong one is rebuilt, never trusted.
 */
export function postgresSnapshotName(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const identity = [
    decodeURIComponent(url.username),
    url.hostname,
    url.port || '5432',
    decodeURIComponent(url.pathname),
    url.searchParams.get('schema') ?? 'public',
  ].join('\n');
  return `./portcheck-snapshot.${createHash('sha256').update(identity).digest('hex').slice(0, 16)}.bin`;
}
