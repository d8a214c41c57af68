import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ordersSuite } from './orders-suite.js';

ordersSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-orders-'));
  const path = join(dir, 'portcheck.db');
  return {
    open: async () => SqliteStore.open(path),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
