// Child process for rows 2 and 3: the real server (buildApp/startServer over
// the bench database, with an API key and a rate limit too high to trigger)
// and a bare Fastify app with the same body limit and default JSON parser,
// both on 127.0.0.1 ephemeral ports. Prints one JSON line with the ports and
// the key, then serves until SIGTERM.
//
//   node dist/bench/servers.js --db <file> [--log-level warn] [--key-role customer|desk|admin]
import Fastify from 'fastify';
import { startServer } from '../src/compose.js';
import { type Config, loadConfig } from '../src/config.js';
import { createApiKey, type KeyAccess } from '../src/keys/api-keys.js';
import { openStore } from '../src/store/open.js';
import { BARE_ROUTE, jsonOfBytes, type ServersInfo } from './lib/servers-info.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dbPath = arg('db');
  if (!dbPath) throw new Error('usage: servers.js --db <file> [--log-level warn]');
  const config: Config = loadConfig(
    {
      dbPath,
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 1_000_000_000,
      logLevel: (arg('log-level') ?? 'warn') as Config['logLevel'],
    },
    {},
  );

  const store = await openStore({ dbPath });
  const role = (arg('key-role') ?? 'customer') as KeyAccess['role'];
  const key = await createApiKey(store, `bench ${new Date().toISOString()}`, { account: 'default', role });
  await store.close();

  const server = await startServer(config, { seedDemo: false, handleSignals: false });

  const bare = Fastify({ logger: false, bodyLimit: config.bodyLimitBytes });
  const bodies = new Map<number, string>();
  bare.post<{ Params: { bytes: string }; Body: { numbers?: unknown } }>(
    BARE_ROUTE,
    async (request, reply) => {
      // Touch the parsed body as a handler would, so the parse cannot be skipped.
      if (!Array.isArray(request.body?.numbers)) throw new Error('no numbers');
      const bytes = Number(request.params.bytes);
      let body = bodies.get(bytes);
      if (body === undefined) {
        body = jsonOfBytes(bytes);
        bodies.set(bytes, body);
      }
      return reply.header('content-type', 'application/json; charset=utf-8').send(body);
    },
  );
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

  const info: ServersInfo = {
    subject: server.url,
    bare: bareUrl,
    accessKey: key.accessKey,
    secretKey: key.secretKey,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);

  const stop = () => {
    Promise.allSettled([server.close(), bare.close()]).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
