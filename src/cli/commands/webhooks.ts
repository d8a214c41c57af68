// `portcheck webhooks add|list|remove|rotate|replay` (docs/spec/orders.md §7): the local operator
// manages endpoints as an admin, through the same WebhookService as the API. Secrets are printed
// once, by add and rotate.
import { Command, Option } from 'commander';
import { webhookServiceOf } from '../../compose.js';
import type { WebhookEndpoint } from '../../store/webhook-store.js';
import { OPERATOR, type WebhookService } from '../../webhooks/service.js';
import { type StoreOptions, withStore, withStoreOptions } from '../options.js';
import { table } from './keys.js';

type JsonOption = { json?: boolean };

function withService<T>(options: StoreOptions, fn: (service: WebhookService) => Promise<T>): Promise<T> {
  return withStore(options, true, (store, config) => fn(webhookServiceOf({ config, store })));
}

const out = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  event_types: e.eventTypes,
  account: e.account,
  description: e.description,
  enabled: e.enabled,
  disabled_reason: e.disabledReason,
  previous_secret_expires_at: e.previousSecretExpiresAt,
  created_at: e.createdAt,
});

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

function instant(text: string | undefined, name: string): string | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`--${name} must be an ISO 8601 date or date and time, not "${text}"`);
  return new Date(t).toISOString();
}

function addCommand(): Command {
  const command = new Command('add')
    .description('Add a webhook endpoint. Its signing secret is printed once.')
    .argument('<url>', 'http(s) URL receiving the events')
    .option('--types <list>', 'comma-separated event types (default: every type)')
    .option('--account <id>', "only this account's events (default: every account)")
    .option('--description <text>', 'what it is for')
    .option('--json', 'print the endpoint as JSON, with "secret"');
  withStoreOptions(command);
  type AddOptions = StoreOptions & JsonOption & { types?: string; account?: string; description?: string };
  return command.action(async (url: string, options: AddOptions) => {
    const { endpoint, secret } = await withService(options, (s) =>
      s.add(OPERATOR, {
        url,
        eventTypes: options.types
          ?.split(',')
          .map((t) => t.trim())
          .filter((t) => t.length > 0),
        account: options.account ?? null,
        description: options.description ?? null,
      }),
    );
    if (options.json) return print(JSON.stringify({ ...out(endpoint), secret }));
    print(
      [
        `Added webhook endpoint ${endpoint.id} → ${endpoint.url}`,
        `  events:  ${endpoint.eventTypes.length ? endpoint.eventTypes.join(', ') : 'every type'}`,
        `  account: ${endpoint.account ?? 'every account'}`,
        `  secret:  ${secret}`,
        'The secret is shown only this once: give it to the receiver now (Standard Webhooks signatures).',
      ].join('\n'),
    );
  });
}

function listCommand(): Command {
  const command = new Command('list')
    .description('List webhook endpoints. Secrets are never shown.')
    .option('--json', 'print a JSON array instead of a table');
  withStoreOptions(command);
  return command.action(async (options: StoreOptions & JsonOption) => {
    const endpoints = await withService(options, (s) => s.list(OPERATOR));
    if (options.json) return print(JSON.stringify(endpoints.map(out)));
    if (endpoints.length === 0)
      return print('No webhook endpoints yet: add one with "portcheck webhooks add URL".');
    const rows = endpoints.map((e) => [
      e.id,
      e.enabled ? 'enabled' : `disabled (${e.disabledReason ?? 'admin'})`,
      e.account ?? '*',
      e.eventTypes.length ? e.eventTypes.join(',') : '*',
      e.url,
    ]);
    print(table(['ID', 'STATE', 'ACCOUNT', 'EVENTS', 'URL'], rows));
  });
}

function removeCommand(): Command {
  const command = new Command('remove')
    .description('Remove a webhook endpoint and its deliveries. Exits 1 if unknown.')
    .argument('<id>', 'the endpoint id (we_…)')
    .option('--json', 'print {"removed": "<id>"}');
  withStoreOptions(command);
  return command.action(async (id: string, options: StoreOptions & JsonOption) => {
    await withService(options, (s) => s.remove(OPERATOR, id));
    print(options.json ? JSON.stringify({ removed: id }) : `Removed webhook endpoint ${id}.`);
  });
}

function rotateCommand(): Command {
  const command = new Command('rotate')
    .description(
      "Rotate an endpoint's secret: the new one is printed once; the old one keeps signing meanwhile.",
    )
    .argument('<id>', 'the endpoint id (we_…)')
    .option('--json', 'print the endpoint as JSON, with "secret"');
  withStoreOptions(command);
  return command.action(async (id: string, options: StoreOptions & JsonOption) => {
    const { endpoint, secret } = await withService(options, (s) => s.rotate(OPERATOR, id));
    if (options.json) return print(JSON.stringify({ ...out(endpoint), secret }));
    print(
      [
        `Rotated the secret of ${endpoint.id}.`,
        `  new secret: ${secret}`,
        `Both secrets sign until ${endpoint.previousSecretExpiresAt}; the new one is shown only this once.`,
      ].join('\n'),
    );
  });
}

function replayCommand(): Command {
  const command = new Command('replay')
    .description(
      "Send an endpoint's deliveries again (same webhook-id), optionally only a window or a status.",
    )
    .argument('<id>', 'the endpoint id (we_…)')
    .option('--since <instant>', 'events from this ISO 8601 date or instant (inclusive)')
    .option('--until <instant>', 'events before this ISO 8601 date or instant (exclusive)')
    .addOption(
      new Option('--status <status>', 'only deliveries in this state').choices([
        'pending',
        'delivered',
        'failed',
      ]),
    )
    .option('--json', 'print {"replayed": N}');
  withStoreOptions(command);
  type ReplayOptions = StoreOptions &
    JsonOption & { since?: string; until?: string; status?: 'pending' | 'delivered' | 'failed' };
  return command.action(async (id: string, options: ReplayOptions) => {
    const filter = {
      since: instant(options.since, 'since'),
      until: instant(options.until, 'until'),
      status: options.status,
    };
    const replayed = await withService(options, (s) => s.replay(OPERATOR, id, filter));
    print(
      options.json
        ? JSON.stringify({ replayed })
        : `Queued ${replayed} deliver${replayed === 1 ? 'y' : 'ies'} of ${id} again; a running server sends them within its poll interval.`,
    );
  });
}

export function webhooksCommand(): Command {
  return new Command('webhooks')
    .description('Manage webhook endpoints: add, list, remove, rotate, replay.')
    .addCommand(addCommand())
    .addCommand(listCommand())
    .addCommand(removeCommand())
    .addCommand(rotateCommand())
    .addCommand(replayCommand());
}
