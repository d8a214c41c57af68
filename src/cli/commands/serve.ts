import { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { parsePort, type StoreOptions, withStoreOptions } from '../options.js';

interface ServeOptions extends StoreOptions {
  port?: number;
  host?: string;
  redisUrl?: string;
}

export function serveCommand(): Command {
  const command = new Command('serve')
    .description(
      'Serve the Check Portability API. An empty embedded database is first filled with the demo data and a demo API key is printed, once.',
    )
    .option('--port <port>', 'TCP port; 0 picks a free one (env PORT; default 3000)', parsePort)
    .option('--host <host>', 'interface to bind; 0.0.0.0 for all (env HOST; default 127.0.0.1)')
    .option(
      '--redis-url <url>',
      'count the per-key rate limit across every instance sharing this Redis (env REDIS_URL; default: per instance)',
    );
  withStoreOptions(command);
  return command
    .addHelpText(
      'after',
      `
Other settings come from the environment: PORTCHECK_MAX_NUMBERS, PORTCHECK_BODY_LIMIT,
PORTCHECK_RATE_LIMIT, PORTCHECK_RELOAD_INTERVAL_MS, LOG_LEVEL, PORTCHECK_TRUST_PROXY, the timeouts
PORTCHECK_{HEADERS,REQUEST,KEEP_ALIVE,CONNECTION}_TIMEOUT_MS, PORTCHECK_MAX_IN_FLIGHT_BYTES[_PER_KEY],
PORTCHECK_AUTH_FAILURES_PER_{KEY,IP} (see README).
PORTCHECK_DEMO_KEY=ACCESS:SECRET makes the demo key fixed instead of random (demos only).
The demo key message goes to stderr; stdout carries only the JSON log lines.
Stops gracefully on SIGINT/SIGTERM: requests in flight finish first.`,
    )
    .action(async (options: ServeOptions) => {
      const config = loadConfig({
        port: options.port,
        host: options.host,
        dbPath: options.db,
        databaseUrl: options.databaseUrl,
        redisUrl: options.redisUrl,
      });
      const { startServer } = await import('../../compose.js');
      await startServer(config);
    });
}
