#!/usr/bin/env node
// The `portcheck` command: a thin commander adapter over the store, the
// imports, the keys, the domain core and the HTTP server. No rules live here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { AlreadyReported, importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { migrateStoreCommand } from './commands/migrate-store.js';
import { ordersCommand } from './commands/orders.js';
import { serveCommand } from './commands/serve.js';
import { webhooksCommand } from './commands/webhooks.js';

/** The version in portcheck's package.json, found by walking up (works from src/ and dist/src/). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name === 'portcheck' && version) return version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export function buildProgram(): Command {
  return new Command('portcheck')
    .version(packageVersion(), '-V, --version', 'print the version')
    .description(
      'Number portability for North American carriers: which numbers can be ported to us, and how to split the port orders.',
    )
    .addCommand(serveCommand())
    .addCommand(importCommand())
    .addCommand(keysCommand())
    .addCommand(checkCommand())
    .addCommand(ordersCommand())
    .addCommand(migrateStoreCommand())
    .addCommand(webhooksCommand())
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Every command takes --db PATH (default ./data/portcheck.db, env PORTCHECK_DB) and
--database-url URL (env DATABASE_URL), but migrate-store, which takes --from and
--to. "portcheck <command> --help" says more.`,
    );
}

/** Errors are one line on stderr, never a stack (set PORTCHECK_DEBUG=1 for one). */
function report(error: unknown): void {
  if (error instanceof AlreadyReported) return;
  if (error instanceof CommanderError) return; // commander has printed it
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`portcheck: ${message.split('\n')[0]}\n`);
  if (process.env.PORTCHECK_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    report(error);
    process.exitCode = error instanceof CommanderError ? error.exitCode || 1 : 1;
  });
