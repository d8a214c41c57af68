import { describe, expect, it } from 'vitest';
import { type ImportProgress, importFile } from '../../src/import/run-import.js';
import { expectRefused, loadAll, useTempStore } from './helpers.js';

const PORTED = 'tn,spid,sv_type,lrn,alt_spid,action';

describe('merge, replace, dry run and progress', () => {
  const t = useTempStore();
  const carriers = (...rows: string[]) => t.file('c.csv', ['id,name', ...rows].join('\n'));
  const ids = async () => (await loadAll(t.store)).sink.carriers.map((c) => `${c.id}:${c.name}`);

  it('merges by key and replaces the whole dataset with replace', async () => {
    await importFile(t.store, 'carriers', carriers('AAA,a', 'BBB,b', 'CCC,c'));
    const merged = await importFile(t.store, 'carriers', carriers('BBB,b2', 'DDD,d'));
    expect(merged).toMatchObject({ read: 2, inserted: 1, updated: 1, deleted: 0, dryRun: false });
    expect(await ids()).toEqual(['AAA:a', 'BBB:b2', 'CCC:c', 'DDD:d']);

    const replaced = await importFile(t.store, 'carriers', carriers('CCC,c3', 'EEE,e'), { replace: true });
    expect(replaced).toMatchObject({ read: 2, inserted: 1, updated: 1, deleted: 3 });
    expect(await ids()).toEqual(['CCC:c3', 'EEE:e']);

    // A header-only file with replace empties the dataset.
    expect(await importFile(t.store, 'carriers', carriers(), { replace: true })).toMatchObject({
      read: 0,
      deleted: 2,
    });
    expect(await ids()).toEqual([]);
  });

  it('deletes ported numbers whose row says delete', async () => {
    await importFile(
      t.store,
      'ported',
      t.file('p1.csv', `${PORTED}\n2064205780,683G,voip,,,\n2064205781,683G,voip,,,\n`),
    );
    const report = await importFile(
      t.store,
      'ported',
      t.file(
        'p2.csv',
        `${PORTED}\n2064205780,683G,voip,,,delete\n2064205789,683G,voip,,,delete\n2064205782,8824,wireline,,,\n`,
      ),
    );
    expect(report).toMatchObject({ read: 3, inserted: 1, updated: 0, deleted: 1 });
    expect((await loadAll(t.store)).sink.portedRows.map(([tn]) => tn)).toEqual([
      2_064_205_781, 2_064_205_782,
    ]);
  });

  it('counts a dry run like the real import and changes nothing', async () => {
    await importFile(t.store, 'carriers', carriers('AAA,a', 'BBB,b'));
    const before = await loadAll(t.store);
    const report = await importFile(t.store, 'carriers', carriers('BBB,b2', 'CCC,c'), {
      replace: true,
      dryRun: true,
    });
    expect(report).toMatchObject({ read: 2, inserted: 1, updated: 1, deleted: 1, dryRun: true });
    expect(await loadAll(t.store)).toEqual(before);

    const coverage = t.file(
      'cov.json',
      '{"providers": [{"id": "FWR01", "name": "F", "number_types": ["tollfree"]}]}',
    );
    expect(await importFile(t.store, 'coverage', coverage, { dryRun: true })).toMatchObject({
      inserted: 1,
      dryRun: true,
    });
    expect(await loadAll(t.store)).toEqual(before);
  });

  it('finds a duplicate key across write batches and reports progress every 50,000 rows and at the end', async () => {
    const n = 120_000;
    const lines = [PORTED];
    for (let i = 0; i < n; i++) lines.push(`${2_060_000_000 + i},683G,voip,,,`);
    const file = t.file('big.csv', `${lines.join('\n')}\n`);
    const progress: ImportProgress[] = [];
    const report = await importFile(t.store, 'ported', file, { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ read: n, inserted: n });
    expect(progress.map((p) => p.rows)).toEqual([50_000, 100_000, n]);
    const last = progress.at(-1)!;
    expect(last.bytes).toBe(last.totalBytes);
    expect(progress[0].bytes).toBeGreaterThan(0);
    expect(progress[0].bytes).toBeLessThan(last.bytes);

    const dup = t.file('dup.csv', `${lines.join('\n')}\n2060000000,8824,voip,,,\n`);
    const { problems } = await expectRefused(() => importFile(t.store, 'ported', dup));
    expect(problems).toEqual([
      { line: n + 2, column: 'tn', message: 'duplicate key 2060000000: already on line 2' },
    ]);
  });

  it('throws the file system error for a missing file', async () => {
    await expect(importFile(t.store, 'carriers', `${t.dir}/missing.csv`)).rejects.toThrow(/ENOENT/);
    // No session was left open: the next import works.
    expect(await importFile(t.store, 'carriers', carriers('AAA,a'))).toMatchObject({ inserted: 1 });
  });
});
