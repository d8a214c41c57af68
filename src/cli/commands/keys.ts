import { Command, Option } from 'commander';
import { ROLES, type Role } from '../../domain/orders/types.js';
import { checkKeyAccess, createApiKey, DEFAULT_KEY_ACCESS } from '../../keys/api-keys.js';
import type { ApiKeyRecord } from '../../store/store.js';
import { type StoreOptions, withStore, withStoreOptions } from '../options.js';

/** Left-aligned columns separated by two spaces. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((cells) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function createCommand(): Command {
  const command = new Command('create')
    .description('Create an API key. The secret is printed once and stored only as a hash.')
    .requiredOption('--name <name>', 'who or what the key is for (shown by "keys list")')
    .option('--account <id>', 'the account whose port orders the key works on', DEFAULT_KEY_ACCESS.account)
    .addOption(
      new Option(
        '--role <role>',
        "customer: its account's orders; desk: every account's, and the desk actions; admin: also webhooks",
      )
        .choices(ROLES)
        .default(DEFAULT_KEY_ACCESS.role),
    )
    .option('--json', 'print exactly {"access_key": "...", "secret_key": "..."}');
  withStoreOptions(command);
  type CreateOptions = StoreOptions & { name: string; account: string; role: Role; json?: boolean };
  return command.action(async (options: CreateOptions) => {
    // Checked before the store opens, so a typo leaves no new database behind.
    const access = checkKeyAccess({ account: options.account, role: options.role });
    const key = await withStore(options, false, (store) => createApiKey(store, options.name, access));
    if (options.json) {
      process.stdout.write(
        `{"access_key": ${JSON.stringify(key.accessKey)}, "secret_key": ${JSON.stringify(key.secretKey)}}\n`,
      );
      return;
    }
    process.stdout.write(
      [
        `Created API key "${key.record.name}" (${key.record.role} of account ${key.record.account}).`,
        `  access key: ${key.accessKey}`,
        `  secret key: ${key.secretKey}`,
        'The secret is shown only this once and stored only as a hash: keep it now.',
        'Clients send it with HTTP Basic auth (access key as user name, secret as password).',
        '',
      ].join('\n'),
    );
  });
}

function listCommand(): Command {
  const command = new Command('list')
    .description('List API keys: access key, name, account, role, created, revoked. Secrets are never shown.')
    .option('--json', 'print a JSON array instead of a table');
  withStoreOptions(command);
  return command.action(async (options: StoreOptions & { json?: boolean }) => {
    const keys: ApiKeyRecord[] = await withStore(options, true, (store) => store.keys.list());
    if (options.json) {
      const out = keys.map((k) => ({
        access_key: k.accessKey,
        name: k.name,
        account: k.account,
        role: k.role,
        created_at: k.createdAt,
        revoked_at: k.revokedAt,
      }));
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return;
    }
    if (keys.length === 0) {
      process.stdout.write('No API keys yet: create one with "portcheck keys create --name NAME".\n');
      return;
    }
    const rows = keys.map((k) => [k.accessKey, k.name, k.account, k.role, k.createdAt, k.revokedAt ?? '-']);
    process.stdout.write(`${table(['ACCESS KEY', 'NAME', 'ACCOUNT', 'ROLE', 'CREATED', 'REVOKED'], rows)}\n`);
  });
}

function revokeCommand(): Command {
  const command = new Command('revoke')
    .description('Revoke an API key: a running server refuses it within seconds. Exits 1 if unknown.')
    .argument('<access_key>', 'the access key to revoke');
  withStoreOptions(command);
  return command.action(async (accessKey: string, options: StoreOptions) => {
    await withStore(options, true, async (store) => {
      if (await store.keys.revoke(accessKey, new Date().toISOString())) return;
      const existing = await store.keys.find(accessKey);
      throw new Error(
        existing?.revokedAt
          ? `API key ${accessKey} was already revoked at ${existing.revokedAt}`
          : `no API key ${accessKey}`,
      );
    });
    process.stdout.write(`Revoked API key ${accessKey}.\n`);
  });
}

export function keysCommand(): Command {
  return new Command('keys')
    .description('Manage API keys: create, list, revoke.')
    .addCommand(createCommand())
    .addCommand(listCommand())
    .addCommand(revokeCommand());
}
