// The generated files go through the real importers into SQLite, and the generated request is
// judged against the snapshot loaded back: every reason and both number types show up.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPortability } from '../../src/domain/check.js';
import { SnapshotBuilder } from '../../src/domain/snapshot.js';
import { generateDataset } from '../../src/generate/dataset.js';
import { type ImportDatasetName, importFile } from '../../src/import/run-import.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const ORDER: ReadonlyArray<[ImportDatasetName, string]> = [
  ['carriers', 'carriers.csv'],
  ['blocks', 'blocks.csv'],
  ['ported', 'ported.csv'],
  ['tollfree', 'tollfree.csv'],
  ['coverage', 'coverage.json'],
];

describe('generated data imports and judges', () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcheck-gen-import-'));
    await generateDataset({ out: dir, seed: 3, npas: 4, ported: 20_000, tollfree: 1_000, requests: [3_000] });
    store = await openStore({ dbPath: join(dir, 'portcheck.db') });
  });

  afterAll(async () => {
    await store?.close();
    if (dir && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  });

  it('imports every file without a problem, twice (merge updates every row)', async () => {
    for (const [dataset, file] of ORDER) {
      const report = await importFile(store, dataset, join(dir, file), { replace: true });
      expect(report.inserted, file).toBe(report.read);
    }
    const again = await importFile(store, 'ported', join(dir, 'ported.csv'));
    expect(again).toMatchObject({ read: 20_000, inserted: 0, updated: 20_000 });
  });

  it('the request meets every outcome of rules.md', async () => {
    const builder = new SnapshotBuilder();
    await store.loadInto(builder);
    const snapshot = builder.build();
    expect(snapshot.stats).toMatchObject({ ported: 20_000, tollfree: 1_000 });
    const { numbers } = JSON.parse(readFileSync(join(dir, 'request-3000.json'), 'utf8')) as {
      numbers: string[];
    };
    const result = checkPortability(snapshot, numbers);
    expect(result.portable.numbers.length + result.nonportable.numbers.length).toBe(3_000);
    expect(result.portable.numbers.length).toBeGreaterThan(1_500);
    const types = new Set(result.portable.groups.map((g) => g.number_type_associated));
    expect(types).toEqual(new Set(['long-code', 'wireless', 'tollfree']));
    const reasons = new Set(result.nonportable.details.map((d) => d.reason));
    for (const r of ['invalid_number', 'unassigned', 'not_in_service', 'on_network'])
      expect(reasons).toContain(r);
  });
});
