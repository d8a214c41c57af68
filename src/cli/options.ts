import { type Command, InvalidArgumentError, Option } from 'commander';
import { assertDatabaseExists } from '../compose.js';
import { type Config, loadConfig } from '../config.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

/** The options every command that touches data takes. */
export interface StoreOptions {
  db?: string;
  databaseUrl?: string;
}

/** Adds `--db` and `--database-url`; their environment variables and defaults come from loadConfig. */
export function withStoreOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--db <path>', 'SQLite database file (env PORTCHECK_DB; default ./data/portcheck.db)'),
    )
    .addOption(
      new Option(
        '--database-url <url>',
        'PostgreSQL URL, instead of --db (env DATABASE_URL; not available in this version yet)',
      ),
    );
}

/**
 * Opens the store the options (or the environment) name. With `mustExist`, a
 * SQLite file that is not there is an error instead of a new empty database:
 * reading commands should not leave empty files behind a typo. `readOnly`
 * for commands that only read (they then work in a read-only folder).
 */
export async function openStoreFrom(
  options: StoreOptions,
  mustExist = false,
  readOnly = false,
): Promise<{ store: Store; config: Config }> {
  const config = loadConfig({ dbPath: options.db, databaseUrl: options.databaseUrl });
  if (mustExist) assertDatabaseExists(config);
  return {
    store: await openStore({
      dbPath: config.dbPath,
      databaseUrl: config.databaseUrl,
      readOnly,
      encryptionKey: config.encryptionKey,
    }),
    config,
  };
}

/** Runs `fn` with an open store and always closes it. */
export async function withStore<T>(
  options: StoreOptions,
  mustExist: boolean,
  fn: (store: Store, config: Config) => Promise<T>,
  readOnly = false,
): Promise<T> {
  const { store, config } = await openStoreFrom(options, mustExist, readOnly);
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

/** Commander parser for a TCP port. */
export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) {
    throw new InvalidArgumentError('expected a port number, 0 to 65535.');
  }
  return Number(text);
}
