import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, loadConfig, snapshotFileOf } from '../../src/config.js';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    expect(loadConfig({}, {})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dbPath: './data/portcheck.db',
      maxNumbers: 100_000,
      bodyLimitBytes: 4 * 1024 * 1024,
      rateLimitPerMinute: 600,
      reloadIntervalMs: 2000,
      logLevel: 'info',
      trustProxy: false,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      connectionTimeoutMs: 30_000,
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
    expect(loadConfig({}, {})).toEqual(DEFAULT_CONFIG);
  });

  it('reads the environment, and flags win over it', () => {
    const env = {
      PORT: '8080',
      HOST: '0.0.0.0',
      PORTCHECK_DB: '/var/lib/pc.db',
      DATABASE_URL: 'postgres://localhost/pc',
      PORTCHECK_MAX_NUMBERS: '500',
      PORTCHECK_BODY_LIMIT: '65536',
      PORTCHECK_RATE_LIMIT: '0',
      PORTCHECK_RELOAD_INTERVAL_MS: '500',
      LOG_LEVEL: 'warn',
      PORTCHECK_TRUST_PROXY: 'true',
      PORTCHECK_HEADERS_TIMEOUT_MS: '5000',
      PORTCHECK_REQUEST_TIMEOUT_MS: '60000',
      PORTCHECK_KEEP_ALIVE_TIMEOUT_MS: '5000',
      PORTCHECK_CONNECTION_TIMEOUT_MS: '10000',
      PORTCHECK_MAX_IN_FLIGHT_BYTES: '16777216',
      PORTCHECK_MAX_IN_FLIGHT_BYTES_PER_KEY: '4194304',
      PORTCHECK_AUTH_FAILURES_PER_KEY: '0',
      PORTCHECK_AUTH_FAILURES_PER_IP: '5',
      PORTCHECK_ORDER_TIMERS_INTERVAL_MS: '0',
      PORTCHECK_ORDER_TIME_ZONE: 'America/Chicago',
      PORTCHECK_ORDER_CUTOFF: '15:30',
      PORTCHECK_ORDER_LOCK_WINDOW_HOURS: '48',
      PORTCHECK_ORDER_DRAFT_IDLE_DAYS: '10',
      PORTCHECK_ORDER_EXCEPTION_IDLE_DAYS: '20',
      PORTCHECK_WEBHOOK_ALLOW: '127.0.0.1/32, 10.0.0.0/8',
      PORTCHECK_WEBHOOK_RETRY_SCHEDULE: '1,2',
      PORTCHECK_WEBHOOK_TIMEOUT_MS: '2000',
      PORTCHECK_WEBHOOK_ROTATION_OVERLAP_MS: '60000',
      PORTCHECK_WEBHOOK_POLL_MS: '50',
    };
    expect(loadConfig({}, env)).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dbPath: '/var/lib/pc.db',
      databaseUrl: 'postgres://localhost/pc',
      maxNumbers: 500,
      bodyLimitBytes: 65536,
      rateLimitPerMinute: 0,
      reloadIntervalMs: 500,
      logLevel: 'warn',
      trustProxy: true,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 5000,
      connectionTimeoutMs: 10_000,
      maxInFlightBytes: 16_777_216,
      maxInFlightBytesPerKey: 4_194_304,
      authFailuresPerKey: 0,
      authFailuresPerAddress: 5,
      orderTimersIntervalMs: 0,
      orderTimeZone: 'America/Chicago',
      orderCutoff: '15:30',
      orderLockWindowHours: 48,
      orderDraftIdleDays: 10,
      orderExceptionIdleDays: 20,
      webhookAllow: '127.0.0.1/32, 10.0.0.0/8',
      webhookRetrySchedule: '1,2',
      webhookTimeoutMs: 2000,
      webhookRotationOverlapMs: 60_000,
      webhookPollMs: 50,
    });
    expect(loadConfig({ port: 9000, dbPath: 'x.db' }, env)).toMatchObject({ port: 9000, dbPath: 'x.db' });
  });

  it('refuses an unknown time zone or a malformed cut-off for the port orders, naming the setting', () => {
    expect(() => loadConfig({}, { PORTCHECK_ORDER_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /PORTCHECK_ORDER_TIME_ZONE.*IANA time zone/,
    );
    expect(() => loadConfig({}, { PORTCHECK_ORDER_CUTOFF: '1pm' })).toThrow(/PORTCHECK_ORDER_CUTOFF/);
  });

  it('names a bad webhook allow list or retry schedule at start-up', () => {
    expect(() => loadConfig({}, { PORTCHECK_WEBHOOK_ALLOW: '10.0.0.0/33' })).toThrow(
      /environment variable PORTCHECK_WEBHOOK_ALLOW.*10\.0\.0\.0\/33/,
    );
    expect(() => loadConfig({}, { PORTCHECK_WEBHOOK_RETRY_SCHEDULE: '5,,30' })).toThrow(
      /environment variable PORTCHECK_WEBHOOK_RETRY_SCHEDULE.*comma-separated seconds/,
    );
  });

  it('takes a Redis URL from REDIS_URL or the flag, the flag winning', () => {
    expect(loadConfig({}, { REDIS_URL: 'redis://r1:6379' }).redisUrl).toBe('redis://r1:6379');
    expect(loadConfig({ redisUrl: 'rediss://r2:6380' }, { REDIS_URL: 'redis://r1' }).redisUrl).toBe(
      'rediss://r2:6380',
    );
  });

  it("takes the orders' encryption key from PORTCHECK_ENCRYPTION_KEY, refusing a malformed one without showing it", () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({}, { PORTCHECK_ENCRYPTION_KEY: hex }).encryptionKey).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({}, { PORTCHECK_ENCRYPTION_KEY: b64 }).encryptionKey).toBe(b64);
    const bad = () => loadConfig({}, { PORTCHECK_ENCRYPTION_KEY: 'hunter2-secret' });
    expect(bad).toThrow(/environment variable PORTCHECK_ENCRYPTION_KEY: must be 64 hex characters/);
    expect(bad).not.toThrow(/hunter2/);
  });

  it('names the bad setting and where it came from', () => {
    expect(() => loadConfig({}, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { PORT: 'eighty' })).toThrow(/environment variable PORT: got "eighty"/);
    expect(() => loadConfig({}, { PORTCHECK_MAX_NUMBERS: '0' })).toThrow(/PORTCHECK_MAX_NUMBERS/);
    expect(() => loadConfig({}, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({}, { REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ port: 70000 })).toThrow(/option port: got 70000/);
    expect(() => loadConfig({}, { PORTCHECK_REQUEST_TIMEOUT_MS: '5000' })).toThrow(
      /PORTCHECK_REQUEST_TIMEOUT_MS: got 5000; must be at least the headers timeout/,
    );
    expect(() => loadConfig({}, { PORTCHECK_MAX_IN_FLIGHT_BYTES: '0' })).toThrow(
      /PORTCHECK_MAX_IN_FLIGHT_BYTES/,
    );
  });

  it('puts the snapshot file beside SQLite, and for PostgreSQL in the working folder named after the database', () => {
    const pg = (url: string) => snapshotFileOf({ dbPath: 'x.db', databaseUrl: url });
    expect(snapshotFileOf({ dbPath: '/srv/p.db' })).toBe('/srv/p.db.snapshot');
    expect(snapshotFileOf({ dbPath: '/srv/p.db', snapshotFile: 'off' })).toBeNull();
    expect(pg('postgres://u@db:5432/pc')).toMatch(/^\.\/portcheck-snapshot\.[0-9a-f]{16}\.bin$/);
    // The password, the default port and other parameters do not matter; user, host, database and schema do.
    expect(pg('postgres://u:secret@db/pc?application_name=x')).toBe(pg('postgres://u@db:5432/pc'));
    expect(pg('postgres://u@db/pc?schema=public')).toBe(pg('postgres://u@db/pc'));
    for (const other of [
      'postgres://v@db/pc',
      'postgres://u@db2/pc',
      'postgres://u@db/pc2',
      'postgres://u@db/pc?schema=s',
    ]) {
      expect(pg(other)).not.toBe(pg('postgres://u@db/pc'));
    }
    expect(
      snapshotFileOf({ dbPath: 'x', databaseUrl: 'postgres://u@db/pc', snapshotFile: '/var/p.bin' }),
    ).toBe('/var/p.bin');
  });
});
