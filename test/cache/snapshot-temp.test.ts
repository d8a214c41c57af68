// The snapshot file's temp files never pile up: a killed writer's temp is removed by the next
// load or write, and a write that fails (even at the final rename) leaves nothing behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot, writeSnapshotFile } from '../../src/cache/snapshot-file.js';
import { checkPortability } from '../../src/domain/check.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { block, provider } from '../support/dataset.js';
import { writeDataset } from '../support/store-dataset.js';

let dir: string;
let store: Store;
let cache: string;

/** The pid of a process that has exited (and so is no live process). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

const temps = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portcheck-temp-'));
  store = await openStore({ dbPath: join(dir, 'p.db') });
  await writeDataset(store, {
    blocks: [block(206, 420, 'A', '8824')],
    coverage: { providers: [provider('GAIN', 'Gain', ['long-code'], { latas: '*' })] },
  });
  cache = join(dir, 'p.db.snapshot');
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('snapshot temp files', () => {
  it('a dead writer’s temp file is removed by the next load, even when the file is current', async () => {
    await loadSnapshot(store, cache);
    const dead = [`p.db.snapshot.999999.tmp`, `p.db.snapshot.${deadPid()}.tmp`];
    for (const name of dead) writeFileSync(join(dir, name), 'half a snapshot');
    expect((await loadSnapshot(store, cache)).source).toBe('file');
    expect(temps()).toEqual([]);
  });

  it('a dead writer’s temp file is removed by the next write', async () => {
    writeFileSync(join(dir, `p.db.snapshot.${deadPid()}.tmp`), 'half a snapshot');
    const { snapshot, version } = await loadSnapshot(store, null);
    writeSnapshotFile(cache, snapshot, version);
    expect(temps()).toEqual([]);
  });

  it('a live writer’s temp file and files of other names are left alone', async () => {
    const kept = [
      `p.db.snapshot.${process.ppid}.tmp`, // a live process (our parent)
      'p.db.snapshot.x1.tmp',
      'other.db.snapshot.999999.tmp',
      'p.db.snapshot.999999.tmp.bak',
    ].sort();
    for (const name of kept) writeFileSync(join(dir, name), 'not ours to remove');
    await loadSnapshot(store, cache);
    expect(readdirSync(dir).filter((f) => kept.includes(f))).toEqual(kept);
  });

  it('a folder at the snapshot path: every load still answers, leaves no temp file, and says so', async () => {
    mkdirSync(cache);
    for (let i = 0; i < 3; i++) {
      const loaded = await loadSnapshot(store, cache);
      expect(loaded.source).toBe('store');
      expect(checkPortability(loaded.snapshot, ['12064201234']).portable.numbers).toEqual(['12064201234']);
      expect(loaded.cacheError).toBe(
        `snapshot file ${cache} could not be written: it is a directory (EISDIR)`,
      );
      expect(temps()).toEqual([]);
    }
  });

  it('a missing folder is named as such', async () => {
    const loaded = await loadSnapshot(store, join(dir, 'missing', 'p.snapshot'));
    expect(loaded.cacheError).toBe(
      `snapshot file ${join(dir, 'missing', 'p.snapshot')} could not be written: its folder does not exist (ENOENT)`,
    );
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
