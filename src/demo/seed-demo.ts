import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../import/run-import.js';
import { createApiKey, DEFAULT_ACCOUNT, hashSecret, type KeyAccess } from '../keys/api-keys.js';
import type { DatasetName, Store } from '../store/store.js';

/** The demo datasets, in the order they are imported (carriers first, coverage last). */
export const DEMO_FILES: ReadonlyArray<readonly [DatasetName, string]> = [
  ['carriers', 'carriers.csv'],
  ['blocks', 'blocks.csv'],
  ['ported', 'ported.csv'],
  ['tollfree', 'tollfree.csv'],
  ['coverage', 'coverage.json'],
];

/** The demo key's name; the accounts migration (store/sqlite/accounts-schema.ts) makes a key of this name admin. */
export const DEMO_KEY_NAME = 'demo';
/** The demo key is admin, so the quick start shows everything (docs/spec/orders.md §1). */
export const DEMO_KEY_ACCESS: Readonly<KeyAccess> = Object.freeze({
  account: DEFAULT_ACCOUNT,
  role: 'admin',
});

export interface DemoKey {
  accessKey: string;
  secretKey: string;
}

export interface SeedDemoOptions {
  /**
   * `ACCESS:SECRET` to use as the demo key instead of a random one, so that a
   * README or a test can hold a fixed curl. Defaults to the environment
   * variable PORTCHECK_DEMO_KEY. For demos only: anyone reading the docs knows it.
   */
  demoKey?: string;
}

/**
 * The folder holding the demo import files: `<package root>/demo/`. Found by
 * walking up from this module, so it resolves the same from `src/demo/`
 * (tests, tsx) and from `dist/src/demo/` (the built CLI).
 */
export function demoDataDir(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const candidate = path.join(dir, 'demo');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(candidate, 'carriers.csv'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('The demo data folder (demo/ at the package root) is missing.');
    dir = parent;
  }
}

/** Parses `ACCESS:SECRET`; throws a one-line error naming the variable when malformed. */
function parseDemoKey(text: string): DemoKey {
  const colon = text.indexOf(':');
  const accessKey = colon > 0 ? text.slice(0, colon).trim() : '';
  const secretKey = colon > 0 ? text.slice(colon + 1).trim() : '';
  if (accessKey === '' || secretKey === '' || /[\s:]/.test(accessKey)) {
    throw new Error('PORTCHECK_DEMO_KEY must look like ACCESS:SECRET (no spaces, both parts non-empty).');
  }
  return { accessKey, secretKey };
}

/**
 * Fills an empty store with the demo data (which contains the seed example of
 * the spec) and creates an admin API key named `demo`. A store holding anything at
 * all is left alone: `seeded` is false and no key is made. The secret is
 * returned once for the caller to print; only its hash is stored.
 */
export async function seedDemoIfEmpty(
  store: Store,
  options: SeedDemoOptions = { demoKey: process.env.PORTCHECK_DEMO_KEY },
): Promise<{ seeded: boolean; key: DemoKey | null }> {
  if (!(await store.isEmpty())) return { seeded: false, key: null };
  // Checked before importing, so a bad variable leaves the database untouched.
  const fixed = options.demoKey ? parseDemoKey(options.demoKey) : null;
  const dir = demoDataDir();
  for (const [dataset, file] of DEMO_FILES) {
    await importFile(store, dataset, path.join(dir, file), { replace: true });
  }
  if (fixed) {
    await store.keys.create({
      accessKey: fixed.accessKey,
      name: DEMO_KEY_NAME,
      secretHash: hashSecret(fixed.secretKey),
      createdAt: new Date().toISOString(),
      revokedAt: null,
      ...DEMO_KEY_ACCESS,
    });
    return { seeded: true, key: fixed };
  }
  const { accessKey, secretKey } = await createApiKey(store, DEMO_KEY_NAME, DEMO_KEY_ACCESS);
  return { seeded: true, key: { accessKey, secretKey } };
}

/**
 * The one-time message about the demo key, for a person's terminal (never
 * the JSON log stream). A key fixed by PORTCHECK_DEMO_KEY is known to whoever
 * set it: its secret is not repeated.
 */
export function demoKeyMessage(url: string, key: DemoKey, fixed: boolean): string {
  const secret = fixed ? '<the secret set in PORTCHECK_DEMO_KEY>' : key.secretKey;
  return [
    fixed
      ? 'The database was empty: it now holds the demo data and the demo API key set in PORTCHECK_DEMO_KEY:'
      : 'The database was empty: it now holds the demo data. Demo API key (shown only this once):',
    `  access key: ${key.accessKey}`,
    ...(fixed ? [] : [`  secret key: ${key.secretKey}`]),
    'Try it:',
    `  curl -u '${key.accessKey}:${secret}' -H 'Content-Type: application/json' \\`,
    `    -d '{"numbers": ["12064205780", "18444205780", "15552348976"]}' ${url}/portorders/portability`,
  ].join('\n');
}
