import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { ImportFailed, type ImportProblem } from '../../src/import/run-import.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { RecordingSink } from '../store/recording-sink.js';

import { SEED_DIR } from '../support/fixtures.js';

export const SEED = SEED_DIR;

/** A fresh SQLite store per test plus a folder for the files it imports. */
export function useTempStore() {
  const ctx = {
    dir: '',
    store: null as unknown as Store,
    /** Writes `content` to a file in the test folder and returns its path. */
    file(name: string, content: string): string {
      const path = join(ctx.dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
  beforeEach(async () => {
    ctx.dir = mkdtempSync(join(tmpdir(), 'portcheck-import-'));
    ctx.store = await openStore({ dbPath: join(ctx.dir, 'portcheck.db') });
  });
  afterEach(async () => {
    await ctx.store.close();
    rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}

export async function loadAll(store: Store) {
  const sink = new RecordingSink();
  const version = await store.loadInto(sink);
  return { version, sink };
}

/** Runs `run`, expects ImportFailed, and returns its problems. */
export async function expectRefused(
  run: () => Promise<unknown>,
): Promise<{ problems: ImportProblem[]; total: number; message: string }> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  const failed = error as ImportFailed;
  return { problems: failed.problems, total: failed.total, message: failed.message };
}
