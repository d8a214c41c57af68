// Two instances starting on one empty database: the one that finds an import under way leaves the
// seeding to it, instead of failing to start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const opened: Store[] = [];
let dir = '';
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('does not seed, and makes no key, while another process imports into the empty database', async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'portcheck-seed-race-'));
  const db = path.join(dir, 'portcheck.db');
  const first = await openStore({ dbPath: db });
  const second = await openStore({ dbPath: db });
  opened.push(first, second);
  const running = await first.beginImport('carriers', { replace: true });
  expect(await seedDemoIfEmpty(second, { demoKey: undefined })).toEqual({ seeded: false, key: null });
  expect(await second.keys.list()).toEqual([]);
  await running.abort();
  // Once free, an empty database is seeded as usual.
  expect((await seedDemoIfEmpty(second, { demoKey: undefined })).seeded).toBe(true);
});
