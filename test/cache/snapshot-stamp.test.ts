import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadSnapshot, writeSnapshotFile } from '../../src/cache/snapshot-file.js';
import { FakeStore, FleetStore } from '../http/fake-store.js';

function tempCacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-stamp-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'p.snapshot');
}

describe('snapshot file stamped with the database it came from', () => {
  it('is trusted by the database that wrote it', async () => {
    const cache = tempCacheFile();
    const store = new FleetStore('db-one');
    expect((await loadSnapshot(store, cache)).source).toBe('store');
    expect((await loadSnapshot(store, cache)).source).toBe('file');
  });

  it('is rebuilt, not trusted, for another database at the same data version', async () => {
    const cache = tempCacheFile();
    await loadSnapshot(new FleetStore('db-one'), cache);
    const other = new FleetStore('db-two');
    expect(other.version).toEqual(new FleetStore('db-one').version);
    const loaded = await loadSnapshot(other, cache);
    expect(loaded.source).toBe('store');
    expect(loaded.rejected).toBeUndefined(); // a foreign file is not damage: no warning
    expect((await loadSnapshot(other, cache)).source).toBe('file'); // now stamped for db-two
  });

  it('a file stamped without an identity (written before stores had one) is rebuilt', async () => {
    const cache = tempCacheFile();
    const { snapshot, version } = await loadSnapshot(new FakeStore(), null);
    writeSnapshotFile(cache, snapshot, version, null);
    expect((await loadSnapshot(new FleetStore('db-one'), cache)).source).toBe('store');
  });
});
