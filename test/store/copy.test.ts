import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatasetSink } from '../../src/domain/sink.js';
import type { CarrierRecord, Coverage, SvType } from '../../src/domain/types.js';
import { type CopyProgress, copyStore, SourceHasOrders, TargetNotEmpty } from '../../src/store/copy.js';
import { openStore } from '../../src/store/open.js';
import type { ApiKeyRecord, DatasetName, StagedRow, Store } from '../../src/store/store.js';
import { SEATTLE_ADDRESS, testDraft } from '../support/order-drafts.js';
import { postgresReachable, type TestSchema, testSchema } from '../support/postgres.js';
import { RecordingSink } from './recording-sink.js';

const pgUp = await postgresReachable();

const dirs: string[] = [];
const stores: Store[] = [];
const schemas: TestSchema[] = [];

async function sqlite(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-copy-'));
  dirs.push(dir);
  const store = await openStore({ dbPath: join(dir, 'portcheck.db') });
  stores.push(store);
  return store;
}

async function postgres(): Promise<Store> {
  const db = testSchema();
  schemas.push(db);
  const store = await openStore({ databaseUrl: db.url });
  stores.push(store);
  return store;
}

afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const d of schemas.splice(0)) await d.drop();
});

async function importRows(store: Store, dataset: DatasetName, rows: StagedRow[], replace = false) {
  const session = await store.beginImport(dataset, { replace });
  expect(await session.write(rows)).toEqual([]);
  await session.commit();
}

const carrier = (id: string, underlyingId: string | null = null): CarrierRecord => ({
  id,
  name: `carrier ${id}`,
  category: underlyingId ? 'W RESELLER' : 'CLEC',
  underlyingId,
});

const ported = (tn: number, spid: string, lrn: string | null = null, altSpid: string | null = null) =>
  ({
    dataset: 'ported',
    line: 2,
    action: 'upsert',
    record: { tn, spid, svType: 'wireless' as SvType, lrn, altSpid },
  }) as const;

const COVERAGE: Coverage = {
  providers: [{ id: '683G', name: 'Flowroute', numberTypes: ['long-code'], latas: [674], excludeLatas: [] }],
};

const key = (accessKey: string, revokedAt: string | null = null): ApiKeyRecord => ({
  accessKey,
  name: `key ${accessKey}`,
  secretHash: accessKey.toLowerCase().padEnd(64, '0'),
  createdAt: '2024-01-02T03:04:05.000Z',
  revokedAt,
  account: `acct-${accessKey.toLowerCase()}`,
  role: revokedAt ? 'desk' : 'customer',
});

/** A source with every dataset, ported numbers with and without LRN / alt SPID, two keys (one revoked). */
async function filledSource(portedCount = 12_345): Promise<Store> {
  const store = await sqlite();
  await importRows(
    store,
    'carriers',
    [carrier('8824'), carrier('RES1', '8824')].map((record, i) => ({
      dataset: 'carriers',
      line: i + 2,
      record,
    })),
  );
  await importRows(store, 'blocks', [
    {
      dataset: 'blocks',
      line: 2,
      record: {
        npa: 206,
        nxx: 420,
        blockId: -1,
        lata: 674,
        ocn: '8824',
        rateCenter: 'SEATTLE',
        state: 'WA',
        cocType: 'EOC',
        portable: true,
      },
    },
  ]);
  const rows: StagedRow[] = [];
  for (let i = 0; i < portedCount; i++) {
    rows.push(
      i % 3 === 0
        ? ported(2_064_200_000 + i, i % 2 ? 'SPA' : 'SPB', `00${String(60_000_000 + i)}`, 'ALT1')
        : ported(2_064_200_000 + i, 'SPC'),
    );
  }
  await importRows(store, 'ported', rows);
  await importRows(store, 'tollfree', [
    {
      dataset: 'tollfree',
      line: 2,
      record: { number: 8_884_205_780, resporgId: 'LGT01', status: 'WORKING' },
    },
    { dataset: 'tollfree', line: 3, record: { number: 8_004_205_780, resporgId: 'ATX01', status: 'SPARE' } },
  ]);
  const coverage = await store.beginImport('coverage', { replace: true });
  await coverage.writeCoverage(COVERAGE);
  await coverage.commit();
  await store.keys.create(key('AAAA'));
  await store.keys.create(key('BBBB', '2024-02-03T04:05:06.000Z'));
  await store.orders.importHolidays(HOLIDAYS, false);
  return store;
}

const HOLIDAYS = [
  { date: '2024-07-04', carrierId: null, name: 'Independence Day' },
  { date: '2024-07-05', carrierId: '8824', name: 'Level3 maintenance day' },
];

/** A draft port order in `store`, so that it holds orders. */
async function withOrder(store: Store): Promise<void> {
  const { order, events } = testDraft('po_copy1', ['12064205780'], {
    groupId: 'grp_copy1',
    losingCarrier: { id: '8824', name: 'carrier 8824' },
    endUser: {
      entityName: 'Acme Plumbing',
      authorizedPerson: 'Ann Smith',
      accountNumber: 'ACCT-1',
      pin: '4321',
      btn: '12064205780',
      serviceAddress: SEATTLE_ADDRESS,
    },
  });
  await store.orders.create([order], events);
}

/** Everything a store holds, every column of it. */
async function contents(store: Store) {
  const detail: unknown[][] = [];
  const sink = Object.assign(new RecordingSink(), {
    portedDetail: (...row: unknown[]) => detail.push(row),
  });
  await store.loadInto(sink);
  return {
    carriers: sink.carriers,
    blocks: sink.blocks,
    ported: detail,
    tollfree: sink.tollfreeRows,
    coverage: sink.coverages,
    keys: await store.keys.list(),
    holidays: await store.orders.holidays(),
  };
}

/** Targets: PostgreSQL only when it answers (serviceReachable said why not, or failed under CI). */
const TARGETS: Array<[string, () => Promise<Store>]> = [['SQLite', sqlite]];
if (pgUp) TARGETS.push(['PostgreSQL', postgres]);

describe.each(TARGETS)('copyStore (migrate-store), SQLite to %s', (_, newTarget) => {
  it('copies every dataset, every column, and every key with its hash and times', async () => {
    const source = await filledSource();
    const target = await newTarget();
    const seen: CopyProgress[] = [];
    const report = await copyStore(source, target, { replace: false, onProgress: (p) => seen.push(p) });

    const copied = await contents(target);
    expect(copied).toEqual(await contents(source));
    expect(copied.ported).toContainEqual([2_064_200_003, 'SPA', 'wireless', '0060000003', 'ALT1']);
    expect(copied.keys.find((k) => k.accessKey === 'BBBB')).toMatchObject({
      revokedAt: '2024-02-03T04:05:06.000Z',
      account: 'acct-bbbb',
      role: 'desk',
    });
    expect(copied.holidays).toHaveLength(2);
    expect(report.holidays).toEqual({ copied: 2, inserted: 2, updated: 0, deleted: 0 });
    expect(report.ordersLeftBehind).toBe(false);
    expect(report.datasets.map((d) => [d.dataset, d.rows, d.counts.inserted])).toEqual([
      ['carriers', 2, 2],
      ['blocks', 1, 1],
      ['ported', 12_345, 12_345],
      ['tollfree', 2, 2],
      ['coverage', 1, 1],
    ]);
    expect(report.keys).toEqual({ created: 2, kept: 0, revoked: 0, conflicting: [] });
    expect(report.sourceVersion).toEqual(await source.dataVersion());
    expect((await target.dataVersion()).version).toBeGreaterThan(0);
    // Progress while writing the ported numbers, ending at all of them.
    const writes = seen.filter((p) => p.phase === 'write' && p.dataset === 'ported');
    expect(writes.length).toBeGreaterThan(1);
    expect(writes.at(-1)).toEqual({ phase: 'write', dataset: 'ported', rows: 12_345, total: 12_345 });
  });

  it('refuses a target holding data or keys, changing nothing, unless replace', async () => {
    const source = await filledSource(10);
    const withData = await newTarget();
    await importRows(withData, 'carriers', [{ dataset: 'carriers', line: 2, record: carrier('ZZZ') }]);
    const before = await contents(withData);
    await expect(copyStore(source, withData, { replace: false })).rejects.toThrow(TargetNotEmpty);
    expect(await contents(withData)).toEqual(before);

    const withKeys = await newTarget();
    await withKeys.keys.create(key('CCCC'));
    await expect(copyStore(source, withKeys, { replace: false })).rejects.toThrow(/1 API keys.*--replace/);
    expect(await withKeys.isEmpty()).toBe(true);
  });

  it('with replace makes every dataset exactly the source, and merges the keys', async () => {
    const source = await filledSource(10);
    const target = await newTarget();
    await importRows(target, 'carriers', [{ dataset: 'carriers', line: 2, record: carrier('ZZZ') }]);
    await importRows(target, 'ported', [ported(3_125_550_000, 'OLD'), ported(2_064_200_001, 'OLD')]);
    await target.keys.create(key('AAAA')); // the same key: kept, not duplicated
    await target.keys.create(key('BBBB')); // revoked in the source: revoked here too
    await target.keys.create({ ...key('DDDD'), secretHash: 'f'.repeat(64) }); // only in the target: stays

    const report = await copyStore(source, target, { replace: true });
    const { keys: sourceKeys, ...sourceData } = await contents(source);
    const { keys: targetKeys, ...targetData } = await contents(target);
    expect(targetData).toEqual(sourceData);
    expect(targetKeys.map((k) => [k.accessKey, k.revokedAt])).toEqual([
      ['AAAA', null],
      ['BBBB', '2024-02-03T04:05:06.000Z'],
      ['DDDD', null],
    ]);
    expect(report.keys).toEqual({ created: 0, kept: 1, revoked: 1, conflicting: [] });
  });

  it('refuses a source holding port orders unless told to leave them behind', async () => {
    const source = await filledSource(5);
    await withOrder(source);
    const target = await newTarget();
    await expect(copyStore(source, target, { replace: false })).rejects.toThrow(SourceHasOrders);
    expect(await target.isEmpty()).toBe(true);
    const report = await copyStore(source, target, { replace: false, withoutOrders: true });
    expect(report.ordersLeftBehind).toBe(true);
    expect((await target.orders.list({}, 10)).items).toEqual([]);
    const { holidays, ...rest } = await contents(target);
    expect(holidays).toHaveLength(2);
    expect(rest.ported).toHaveLength(5);
  });

  it('names a key the target holds with another secret and leaves it alone', async () => {
    const source = await filledSource(1);
    const target = await newTarget();
    await target.keys.create({ ...key('AAAA'), secretHash: 'e'.repeat(64) });
    const report = await copyStore(source, target, { replace: true });
    expect(report.keys.conflicting).toEqual(['AAAA']);
    expect((await target.keys.find('AAAA'))?.secretHash).toBe('e'.repeat(64));
  });

  it('is all or nothing per dataset: a failure leaves that dataset as it was and says what was copied', async () => {
    const source = await filledSource(12_000);
    const real = await newTarget();
    // The target fails in the middle of the ported numbers (after a batch went in).
    const failing: Store = Object.create(real);
    let batches = 0;
    failing.beginImport = async (dataset, options) => {
      const session = await real.beginImport(dataset, options);
      if (dataset !== 'ported') return session;
      return Object.assign(Object.create(session), {
        write: async (rows: readonly StagedRow[]) => {
          if (++batches === 2) throw new Error('disk full');
          return session.write(rows);
        },
        abort: () => session.abort(),
      });
    };
    await expect(copyStore(source, failing, { replace: false })).rejects.toThrow(
      'copying ported failed, ported is unchanged in the target (datasets already copied: carriers, blocks): disk full',
    );
    const after = await contents(real);
    expect(after.carriers).toHaveLength(2);
    expect(after.blocks).toHaveLength(1);
    expect(after.ported).toEqual([]);
    expect(after.tollfree).toEqual([]);
    expect(after.keys).toEqual([]);
    // The database is free again: another import runs.
    await importRows(real, 'ported', [ported(2_064_200_000, 'SPA')]);
  });

  it('refuses a source that cannot hand over the LRN and alternative SPID, before writing anything', async () => {
    const source = await filledSource(3);
    const withoutDetail: Store = Object.create(source);
    withoutDetail.loadInto = (sink: DatasetSink) =>
      source.loadInto({
        carrier: (r) => sink.carrier(r),
        block: (r) => sink.block(r),
        ported: (tn, spid, sv) => sink.ported(tn, spid, sv),
        tollfree: (n, r, s) => sink.tollfree(n, r, s),
        coverage: (c) => sink.coverage(c),
      });
    const target = await newTarget();
    await expect(copyStore(withoutDetail, target, { replace: false })).rejects.toThrow(
      /without their LRN and alternative SPID/,
    );
    expect(await target.isEmpty()).toBe(true);
  });
});

describe.skipIf(!pgUp)('copyStore, PostgreSQL back to SQLite', () => {
  it('gives back every column and key: a round trip changes nothing', async () => {
    const source = await filledSource(2_000);
    const middle = await postgres();
    await copyStore(source, middle, { replace: false });
    const back = await sqlite();
    await copyStore(middle, back, { replace: false });
    expect(await contents(back)).toEqual(await contents(source));
  });
});
