import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFromStore, loadSnapshot } from '../../src/cache/snapshot-file.js';
import { checkPortability } from '../../src/domain/check.js';
import { type Snapshot, SnapshotBuilder } from '../../src/domain/snapshot.js';
import { encodeSnapshot } from '../../src/domain/snapshot-codec.js';
import { type ImportDatasetName, importFile } from '../../src/import/run-import.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { block, carrier, ported, provider, tollfree } from '../support/dataset.js';
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

const bytesOf = (snapshot: Snapshot) => Buffer.concat(encodeSnapshot(snapshot, 'stamp', crc32));

describe('snapshot built by the commit of an import', () => {
  /** A ported file in no particular order over many exchanges, SPIDs also found among other datasets. */
  function portedFile(name: string, rows: number, from: number): string {
    const spids = ['8824', 'ZED1', 'GAIN', 'AAA1', '683G', `N${name.length}W`];
    const svTypes = ['voip', 'wireless', 'wireline', 'prepaid_wireless'];
    const lines = ['tn,spid,sv_type,lrn'];
    for (let i = 0; i < rows; i++) {
      const tn = from + ((i * 7_919) % rows) * 3_331;
      // Every seventh line padded: read by the general path, not the fast one.
      const pad = i % 7 === 0 ? ' ' : '';
      lines.push(`${pad}${tn}${pad},${spids[(i * 5) % 6]},${svTypes[i % 4]},${i % 2 ? '' : '2065550000'}`);
    }
    const file = join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  /** Imports with a builder fed by the commit; checks it against a load of the store, byte for byte. */
  async function importAndCompare(dataset: ImportDatasetName, file: string, replace = false) {
    let builder = null as SnapshotBuilder | null;
    let made = 0;
    const report = await importFile(store, dataset, file, {
      replace,
      commitInto: () => {
        made++;
        builder = new SnapshotBuilder();
        return builder;
      },
    });
    expect(made).toBe(1);
    expect(report.version).toEqual(await store.dataVersion());
    const loaded = await buildFromStore(store);
    expect(loaded.version).toEqual(report.version);
    const built = builder!.build();
    expect(bytesOf(built).equals(bytesOf(loaded.snapshot))).toBe(true);
    return built;
  }

  it('is byte for byte the snapshot a load of the store gives, whichever way the import went', async () => {
    await writeDataset(store, {
      carriers: [carrier('8824', 'Level3', 'CLEC'), carrier('ZED1', 'Zed', 'WIRELESS', '8824')],
      tollfree: [tollfree(8_444_205_780, 'AAA1', 'WORKING')],
    });
    // The direct path (ported empty), a merge, a replace, then other datasets.
    expect((await importAndCompare('ported', portedFile('a.csv', 3_000, 2_064_200_000))).stats.ported).toBe(
      3_000,
    );
    expect((await importAndCompare('ported', portedFile('bb.csv', 500, 2_064_200_001))).stats.ported).toBe(
      3_500,
    );
    expect(
      (await importAndCompare('ported', portedFile('ccc.csv', 700, 3_034_200_000), true)).stats.ported,
    ).toBe(700);
    writeFileSync(join(dir, 'carriers.csv'), 'id,name,category\nN7W,New,CLEC\n');
    await importAndCompare('carriers', join(dir, 'carriers.csv'));
    writeFileSync(join(dir, 'coverage.json'), JSON.stringify({ providers: [] }));
    await importAndCompare('coverage', join(dir, 'coverage.json'));
  });
});
