import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../../src/config.js';

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
    });
    expect(loadConfig({ port: 9000, dbPath: 'x.db' }, env)).toMatchObject({ port: 9000, dbPath: 'x.db' });
  });

  it('names the bad setting and where it came from', () => {
    expect(() => loadConfig({}, { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({}, { PORT: 'eighty' })).toThrow(/environment variable PORT: got "eighty"/);
    expect(() => loadConfig({}, { PORTCHECK_MAX_NUMBERS: '0' })).toThrow(/PORTCHECK_MAX_NUMBERS/);
    expect(() => loadConfig({}, { LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ port: 70000 })).toThrow(/option port: got 70000/);
  });
});
