import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/cache/snapshot-file.js';
import { checkPortability } from '../../src/domain/check.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { block, ported, provider } from '../support/dataset.js';
import { writeDataset } from '../support/store-dataset.js';

let dir: string;
let store: Store;

async function importPorted(tns: number[]): Promise<void> {
  await writeDataset(store, { ported: tns.map((tn) => ported(tn, 'SPID', 'wireless')) });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portcheck-cache-'));
  store = await openStore({ dbPath: join(dir, 'p.db') });
  await writeDataset(store, {
    blocks: [block(206, 420, 'A', '8824')],
    coverage: { providers: [provider('GAIN', 'Gain', ['long-code', 'wireless'], { latas: '*' })] },
  });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const typeOf = (snapshot: Parameters<typeof checkPortability>[0], n: string) =>
  checkPortability(snapshot, [n]).portable.groups[0]?.number_type_associated;

describe('snapshot file beside the database', () => {
  it('is written on the first load and trusted while the data version holds', async () => {
    const cache = join(dir, 'p.db.snapshot');
    const first = await loadSnapshot(store, cache);
    expect(first.source).toBe('store');
    const second = await loadSnapshot(store, cache);
    expect(second.source).toBe('file');
    expect(second.version).toEqual(first.version);
    expect(typeOf(second.snapshot, '12064201234')).toBe('long-code');
  });

  it('is never trusted once an import has moved the data on', async () => {
    const cache = join(dir, 'p.db.snapshot');
    await loadSnapshot(store, cache);
    await importPorted([2064201234]);
    const after = await loadSnapshot(store, cache);
    expect(after.source).toBe('store');
    expect(typeOf(after.snapshot, '12064201234')).toBe('wireless');
  });

  it('rebuilds from the rows when the file is damaged or foreign', async () => {
    const cache = join(dir, 'p.db.snapshot');
    writeFileSync(cache, 'not a snapshot');
    const loaded = await loadSnapshot(store, cache);
    expect(loaded.source).toBe('store');
    expect((await loadSnapshot(store, cache)).source).toBe('file');
  });

  it('still serves when the file cannot be written', async () => {
    const loaded = await loadSnapshot(store, join(dir, 'missing-dir', 'p.snapshot'));
    expect(loaded.source).toBe('store');
    expect(loaded.cacheError).toMatch(/ENOENT/);
    expect(typeOf(loaded.snapshot, '12064201234')).toBe('long-code');
  });
});
