import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlockRecord, CarrierRecord, Coverage } from '../../src/domain/types.js';
import {
  type ApiKeyRecord,
  type DatasetName,
  type ImportCounts,
  ImportInProgress,
  ImportNeedsStaging,
  type ImportSession,
  type StagedRow,
  type Store,
} from '../../src/store/store.js';
import { RecordingSink } from './recording-sink.js';

/** A database for one test: `open()` gives a new connection to the same data each time. */
export interface StoreHarness {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const carrier = (id: string, name = id, underlyingId: string | null = null): CarrierRecord => ({
  id,
  name,
  category: null,
  underlyingId,
});

const carrierRows = (...records: CarrierRecord[]): StagedRow[] =>
  records.map((record, i) => ({ dataset: 'carriers', line: i + 2, record }));

const block = (npa: number, nxx: number, blockId: number, ocn: string): BlockRecord => ({
  npa,
  nxx,
  blockId,
  lata: 674,
  ocn,
  rateCenter: 'SEATTLE',
  state: 'WA',
  cocType: 'EOC',
  portable: true,
});

const portedRow = (
  line: number,
  tn: number,
  spid: string,
  action: 'upsert' | 'delete' = 'upsert',
): StagedRow => ({
  dataset: 'ported',
  line,
  action,
  record: { tn, spid, svType: 'wireline', lrn: null, altSpid: null },
});

const key = (accessKey: string, createdAt: string): ApiKeyRecord => ({
  accessKey,
  name: `key ${accessKey}`,
  secretHash: 'ab'.repeat(32),
  createdAt,
  revokedAt: null,
  account: 'default',
  role: 'customer',
});

/**
 * The behaviour every Store adapter must have, run against real databases.
 * Each adapter's test file calls this with a factory for an empty database.
 */
export function storeSuite(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    const opened: Store[] = [];

    const reopen = async () => {
      const s = await harness.open();
      opened.push(s);
      return s;
    };

    /** Commits, checks the version the commit says it made (none for a dry run), and returns the counts without it. */
    async function commit(session: ImportSession, dryRun = false): Promise<ImportCounts> {
      const { version, ...counts } = await session.commit();
      if (dryRun) expect(version).toBeUndefined();
      else expect(version).toEqual(await store.dataVersion());
      return counts;
    }

    async function importRows(
      dataset: DatasetName,
      rows: StagedRow[],
      options: { replace?: boolean; dryRun?: boolean } = {},
    ): Promise<ImportCounts> {
      const session = await store.beginImport(dataset, {
        replace: options.replace ?? false,
        dryRun: options.dryRun,
      });
      const duplicates = await session.write(rows);
      expect(duplicates).toEqual([]);
      expect(await session.validate()).toEqual([]);
      return commit(session, options.dryRun);
    }

    async function load(s: Store = store) {
      const sink = new RecordingSink();
      const version = await s.loadInto(sink);
      return { sink, version };
    }

    beforeEach(async () => {
      harness = await makeStore();
      store = await reopen();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await harness.dispose();
    });

    it('starts empty at version 0 and loads nothing but an empty coverage', async () => {
      expect(await store.isEmpty()).toBe(true);
      expect(await store.dataVersion()).toEqual({ version: 0, updatedAt: null });
      const { sink, version } = await load();
      expect(version).toEqual({ version: 0, updatedAt: null });
      expect(sink.carriers).toEqual([]);
      expect(sink.blocks).toEqual([]);
      expect(sink.portedRows).toEqual([]);
      expect(sink.tollfreeRows).toEqual([]);
      expect(sink.coverages).toEqual([{ providers: [] }]);
    });

    it('streams every dataset into the sink, in key order, with the version it read', async () => {
      const carriers: CarrierRecord[] = [
        { id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null },
        { id: 'RES1', name: 'A reseller', category: 'W RESELLER', underlyingId: '8824' },
      ];
      expect(await importRows('carriers', carrierRows(...carriers))).toEqual({
        read: 2,
        inserted: 2,
        updated: 0,
        deleted: 0,
      });
      const blocks: BlockRecord[] = [
        { ...block(206, 420, 5, 'RES1'), portable: false, cocType: 'PMC', lata: 672, state: 'OR' },
        block(206, 420, -1, '8824'),
      ];
      await importRows(
        'blocks',
        blocks.map((record, i) => ({ dataset: 'blocks', line: i + 2, record })),
      );
      await importRows('ported', [
        portedRow(2, 9_995_550_000, 'SPB'),
        {
          dataset: 'ported',
          line: 3,
          action: 'upsert',
          record: { tn: 2_064_205_780, spid: 'SPA', svType: 'vowifi', lrn: '2065550000', altSpid: 'ALT1' },
        },
      ]);
      await importRows('tollfree', [
        {
          dataset: 'tollfree',
          line: 2,
          record: { number: 8_884_205_780, resporgId: 'LGT01', status: 'SPARE' },
        },
        {
          dataset: 'tollfree',
          line: 3,
          record: { number: 8_444_205_780, resporgId: 'LGT01', status: 'WORKING' },
        },
      ]);
      const coverage: Coverage = {
        providers: [
          {
            id: '683G',
            name: 'Flowroute',
            numberTypes: ['long-code', 'wireless'],
            latas: '*',
            excludeLatas: [832],
          },
          { id: 'FWR01', name: 'Flowroute', numberTypes: ['tollfree'] },
        ],
      };
      const session = await store.beginImport('coverage', { replace: true });
      await session.writeCoverage(coverage);
      expect(await commit(session)).toEqual({ read: 2, inserted: 2, updated: 0, deleted: 0 });

      const current = await store.dataVersion();
      expect(current.version).toBe(5);
      expect(Number.isNaN(Date.parse(current.updatedAt!))).toBe(false);
      expect(await store.isEmpty()).toBe(false);

      const { sink, version } = await load();
      expect(version).toEqual(current);
      expect(sink.carriers).toEqual(carriers);
      expect(sink.blocks).toEqual([blocks[1], blocks[0]]);
      expect(sink.portedRows).toEqual([
        [2_064_205_780, 'SPA', 'vowifi'],
        [9_995_550_000, 'SPB', 'wireline'],
      ]);
      expect(sink.tollfreeRows).toEqual([
        [8_444_205_780, 'LGT01', 'WORKING'],
        [8_884_205_780, 'LGT01', 'SPARE'],
      ]);
      expect(sink.coverages).toEqual([coverage]);
    });

    it('merges by key by default and makes the dataset exactly the file with replace', async () => {
      await importRows('carriers', carrierRows(carrier('AAA'), carrier('BBB'), carrier('CCC')));
      expect(await importRows('carriers', carrierRows(carrier('BBB', 'new B'), carrier('DDD')))).toEqual({
        read: 2,
        inserted: 1,
        updated: 1,
        deleted: 0,
      });
      expect((await load()).sink.carriers.map((c) => `${c.id}:${c.name}`)).toEqual([
        'AAA:AAA',
        'BBB:new B',
        'CCC:CCC',
        'DDD:DDD',
      ]);

      expect(
        await importRows('carriers', carrierRows(carrier('CCC', 'new C'), carrier('EEE')), { replace: true }),
      ).toEqual({ read: 2, inserted: 1, updated: 1, deleted: 3 });
      expect((await load()).sink.carriers.map((c) => `${c.id}:${c.name}`)).toEqual(['CCC:new C', 'EEE:EEE']);
      expect((await store.dataVersion()).version).toBe(3);
    });

    it('deletes ported numbers whose row says delete, counting only numbers that were there', async () => {
      await importRows('ported', [portedRow(2, 2_065_550_001, 'SPA'), portedRow(3, 2_065_550_002, 'SPA')]);
      const counts = await importRows('ported', [
        portedRow(2, 2_065_550_001, 'SPA', 'delete'),
        portedRow(3, 2_065_550_009, 'SPA', 'delete'),
        portedRow(4, 2_065_550_003, 'SPB'),
        portedRow(5, 2_065_550_002, 'SPB'),
      ]);
      expect(counts).toEqual({ read: 4, inserted: 1, updated: 1, deleted: 1 });
      expect((await load()).sink.portedRows).toEqual([
        [2_065_550_002, 'SPB', 'wireline'],
        [2_065_550_003, 'SPB', 'wireline'],
      ]);
    });

    it('adds absent carriers with a blocks import, in its transaction, never changing existing ones', async () => {
      await importRows('carriers', carrierRows({ ...carrier('8824', 'Level3'), category: 'CLEC' }));
      const blockRow = (line: number, nxx: number, ocn: string): StagedRow => ({
        dataset: 'blocks',
        line,
        record: block(206, nxx, -1, ocn),
      });
      const stage = async (options: { replace: boolean; dryRun?: boolean }) => {
        const session = await store.beginImport('blocks', options);
        await session.write([blockRow(2, 420, '8824'), blockRow(3, 421, 'NEW1')]);
        await session.writeCarriersIfAbsent([carrier('8824', 'Renamed'), carrier('NEW1', 'Compañía')]);
        await session.writeCarriersIfAbsent([carrier('NEW1', 'second name loses')]);
        return session;
      };

      const aborted = await stage({ replace: false });
      await aborted.abort();
      const dry = await stage({ replace: false, dryRun: true });
      expect(await commit(dry, true)).toMatchObject({ inserted: 2, carriersAdded: 1 });
      expect((await load()).sink.carriers.map((c) => c.id)).toEqual(['8824']);

      const real = await stage({ replace: true });
      expect(await commit(real)).toEqual({ read: 2, inserted: 2, updated: 0, deleted: 0, carriersAdded: 1 });
      const { sink, version } = await load();
      expect(version.version).toBe(2);
      expect(sink.carriers).toEqual([
        { id: '8824', name: 'Level3', category: 'CLEC', underlyingId: null },
        carrier('NEW1', 'Compañía'),
      ]);
      expect(sink.blocks.map((b) => b.ocn)).toEqual(['8824', 'NEW1']);

      const wrong = await store.beginImport('carriers', { replace: false });
      await expect(wrong.writeCarriersIfAbsent([carrier('X12')])).rejects.toThrow(/carriers import/);
      await wrong.abort();
    });

    it('refuses delete rows in a replace import', async () => {
      const session = await store.beginImport('ported', { replace: true });
      await expect(session.write([portedRow(2, 2_065_550_001, 'SPA', 'delete')])).rejects.toThrow(/delete/);
      await session.abort();
    });

    it('reports keys repeated inside one import, naming the first line, across batches', async () => {
      const session = await store.beginImport('blocks', { replace: false });
      const row = (line: number, blockId: number): StagedRow => ({
        dataset: 'blocks',
        line,
        record: block(206, 420, blockId, '8824'),
      });
      expect(await session.write([row(2, -1), row(3, 4)])).toEqual([]);
      expect(await session.write([row(4, 5), row(5, -1), row(6, 4)])).toEqual([
        { line: 5, firstLine: 2, key: '206-420-A' },
        { line: 6, firstLine: 3, key: '206-420-4' },
      ]);
      await session.abort();

      const ported = await store.beginImport('ported', { replace: false });
      expect(
        await ported.write([
          portedRow(2, 2_064_205_780, 'SPA'),
          portedRow(3, 2_064_205_780, 'SPB', 'delete'),
        ]),
      ).toEqual([{ line: 3, firstLine: 2, key: '2064205780' }]);
      await ported.abort();
      expect(await store.isEmpty()).toBe(true);
    });

    describe('the direct path (opt-in)', () => {
      const spids = ['SPA', '5867', '0078', '170J'];
      const svTypes = ['wireline', 'wireless', 'voip', 'vowifi', 'prepaid_wireless', 'class2_voip'] as const;
      const many = (count: number, from = 2_065_550_000): StagedRow[] =>
        Array.from({ length: count }, (_, i) => ({
          dataset: 'ported',
          line: i + 2,
          action: 'upsert',
          record: {
            tn: from + i * 3,
            spid: spids[i % 4],
            svType: svTypes[i % 6],
            lrn: i % 3 ? null : `${2065550000 + i}`,
            altSpid: i % 5 ? null : spids[(i + 1) % 4],
          },
        }));

      it('writes an empty dataset whatever the batch sizes, with the same counts and rows as a staged import', async () => {
        const rows = many(457);
        const session = await store.beginImport('ported', { replace: false, direct: true });
        let at = 0;
        for (const size of [1, 99, 100, 101, 156]) {
          expect(await session.write(rows.slice(at, at + size))).toEqual([]);
          at += size;
        }
        expect(await session.validate()).toEqual([]);
        expect(await commit(session)).toEqual({ read: 457, inserted: 457, updated: 0, deleted: 0 });
        const { sink, version } = await load();
        expect(version.version).toBe(1);
        expect(sink.portedRows).toEqual(
          rows.map((r) => {
            const p = r as Extract<StagedRow, { dataset: 'ported' }>;
            return [p.record.tn, p.record.spid, p.record.svType];
          }),
        );
      });

      it('either names a repeated number or asks to be run again staged, and changes nothing', async () => {
        for (const rows of [
          [...many(150), portedRow(152, 2_065_550_000, 'SPC')],
          [portedRow(2, 2_065_550_000, 'SPA'), portedRow(3, 2_065_550_000, 'SPC')],
        ]) {
          const session = await store.beginImport('ported', { replace: false, direct: true });
          const outcome = await session.write(rows).catch((error: unknown) => error);
          if (Array.isArray(outcome) && outcome.length > 0) {
            expect(outcome).toEqual([{ line: rows.length + 1, firstLine: 2, key: '2065550000' }]);
          } else if (Array.isArray(outcome)) {
            // Taken without a word: then the commit refuses.
            await expect(session.commit()).rejects.toBeInstanceOf(ImportNeedsStaging);
          } else {
            expect(outcome).toBeInstanceOf(ImportNeedsStaging);
          }
          await session.abort();
        }
        // Delete rows are not for the direct path: a store either stages them (naming the
        // repeated number, as any staged import does) or refuses, at write or at commit.
        // One that takes them and commits has applied them silently.
        const deleting = await store.beginImport('ported', { replace: false, direct: true });
        const outcome = await deleting
          .write([portedRow(2, 2_065_550_000, 'SPA'), portedRow(3, 2_065_550_000, 'SPA', 'delete')])
          .catch((error: unknown) => error);
        if (Array.isArray(outcome) && outcome.length > 0) {
          expect(outcome).toEqual([{ line: 3, firstLine: 2, key: '2065550000' }]);
        } else if (Array.isArray(outcome)) {
          await expect(deleting.commit()).rejects.toBeInstanceOf(ImportNeedsStaging);
        } else {
          expect(outcome).toBeInstanceOf(ImportNeedsStaging);
        }
        await deleting.abort();
        expect(await store.isEmpty()).toBe(true);
        expect((await store.dataVersion()).version).toBe(0);
      });

      it('stages as usual when the dataset already holds rows', async () => {
        await importRows('ported', [portedRow(2, 2_065_550_001, 'SPA'), portedRow(3, 2_065_550_002, 'SPA')]);
        const session = await store.beginImport('ported', { replace: false, direct: true });
        expect(
          await session.write([
            portedRow(2, 2_065_550_001, 'SPB'),
            portedRow(3, 2_065_550_002, 'SPB', 'delete'),
            portedRow(4, 2_065_550_001, 'SPC'),
          ]),
        ).toEqual([{ line: 4, firstLine: 2, key: '2065550001' }]);
        await session.abort();
        const again = await store.beginImport('ported', { replace: false, direct: true });
        await again.write([portedRow(2, 2_065_550_001, 'SPB'), portedRow(3, 2_065_550_002, 'SPB', 'delete')]);
        expect(await commit(again)).toEqual({ read: 2, inserted: 0, updated: 1, deleted: 1 });
      });
    });

    it('leaves the data and its version untouched when an import is aborted', async () => {
      await importRows('carriers', carrierRows(carrier('AAA')));
      const before = await store.dataVersion();
      const session = await store.beginImport('carriers', { replace: true });
      await session.write(carrierRows(carrier('ZZZ')));
      // Readers never see staged rows.
      expect((await load()).sink.carriers.map((c) => c.id)).toEqual(['AAA']);
      await session.abort();
      expect(await store.dataVersion()).toEqual(before);
      expect((await load()).sink.carriers.map((c) => c.id)).toEqual(['AAA']);
      // The database is free for the next import.
      expect(await importRows('carriers', carrierRows(carrier('BBB')))).toMatchObject({ inserted: 1 });
    });

    it('counts a dry run like a real one and changes nothing', async () => {
      await importRows('carriers', carrierRows(carrier('AAA'), carrier('BBB')));
      const before = await store.dataVersion();
      const counts = await importRows('carriers', carrierRows(carrier('BBB', 'x'), carrier('CCC')), {
        replace: true,
        dryRun: true,
      });
      expect(counts).toEqual({ read: 2, inserted: 1, updated: 1, deleted: 1 });
      expect(await store.dataVersion()).toEqual(before);
      expect((await load()).sink.carriers).toEqual([carrier('AAA'), carrier('BBB')]);
    });

    it('refuses an import that would make the underlying_id chain circular, naming the ids', async () => {
      await importRows('carriers', carrierRows(carrier('AAA', 'A', 'BBB'), carrier('BBB'), carrier('CCC')));
      const merge = await store.beginImport('carriers', { replace: false });
      await merge.write(
        carrierRows(carrier('CCC', 'C', 'AAA'), carrier('BBB', 'B', 'CCC'), carrier('SELF', 'S', 'SELF')),
      );
      expect(await merge.validate()).toEqual([
        'circular underlying_id chain: AAA -> BBB -> CCC -> AAA',
        'circular underlying_id chain: SELF -> SELF',
      ]);
      await merge.abort();

      // With replace the old rows do not take part: AAA -> BBB is gone.
      const replace = await store.beginImport('carriers', { replace: true });
      await replace.write(carrierRows(carrier('CCC', 'C', 'AAA'), carrier('BBB', 'B', 'CCC')));
      expect(await replace.validate()).toEqual([]);
      await replace.abort();

      // A chain to an unknown id ends there and is fine.
      const open = await store.beginImport('carriers', { replace: false });
      await open.write(carrierRows(carrier('DDD', 'D', 'NOPE')));
      expect(await open.validate()).toEqual([]);
      await open.abort();
    });

    it('replaces the whole coverage configuration and counts providers', async () => {
      const first: Coverage = {
        providers: [
          { id: 'AAA', name: 'A', numberTypes: ['long-code'], latas: [674] },
          { id: 'BBB', name: 'B', numberTypes: ['tollfree'] },
        ],
      };
      const second: Coverage = {
        providers: [{ id: 'CCC', name: 'C', numberTypes: ['wireless'], latas: '*' }],
      };
      for (const [coverage, deleted] of [
        [first, 0],
        [second, 2],
      ] as const) {
        const session = await store.beginImport('coverage', { replace: false });
        await session.writeCoverage(coverage);
        expect(await commit(session)).toEqual({
          read: coverage.providers.length,
          inserted: coverage.providers.length,
          updated: 0,
          deleted,
        });
      }
      expect((await load()).sink.coverages).toEqual([second]);
    });

    it('streams into a sink given to commit() exactly what a load right after gives', async () => {
      const committed = async (
        dataset: DatasetName,
        write: (session: ImportSession) => Promise<unknown>,
        options: { replace?: boolean; direct?: boolean } = {},
      ) => {
        const session = await store.beginImport(dataset, {
          replace: options.replace ?? false,
          direct: options.direct,
        });
        await write(session);
        const sink = new RecordingSink();
        const { version } = await session.commit(sink);
        const after = await load();
        expect(version).toEqual(after.version);
        expect(sink).toEqual(after.sink);
      };
      await committed('carriers', (s) => s.write(carrierRows(carrier('BBB'), carrier('AAA', 'A', 'BBB'))));
      await committed('blocks', (s) =>
        s.write([{ dataset: 'blocks', line: 2, record: block(206, 420, -1, 'AAA') }]),
      );
      // Direct (ported empty), numbers in no order; then merged, with a delete; then replaced.
      const scrambled = [5, 1, 4, 2, 3].map((k, i) =>
        portedRow(i + 2, 2_065_550_000 + k * 10_007, `S${k % 3}`),
      );
      await committed('ported', (s) => s.write(scrambled), { direct: true });
      await committed('ported', (s) =>
        s.write([
          portedRow(2, 2_065_550_000 + 10_007, 'NEW'),
          portedRow(3, 2_065_550_000 + 20_014, 'X', 'delete'),
        ]),
      );
      await committed('ported', (s) => s.write([portedRow(2, 2_065_550_009, 'ONLY')]), { replace: true });
      await committed('coverage', (s) =>
        s.writeCoverage({ providers: [{ id: 'AAA', name: 'A', numberTypes: ['long-code'], latas: '*' }] }),
      );
      expect((await load()).sink.portedRows).toEqual([[2_065_550_009, 'ONLY', 'wireline']]);
    });

    it('keeps data, versions and keys across a reopen', async () => {
      await importRows('carriers', carrierRows(carrier('AAA')));
      await store.keys.create(key('AK1', '2024-01-01T00:00:00.000Z'));
      const version = await store.dataVersion();
      await store.close();

      store = await reopen();
      expect(await store.dataVersion()).toEqual(version);
      expect((await load()).sink.carriers).toEqual([carrier('AAA')]);
      expect(await store.keys.find('AK1')).toEqual(key('AK1', '2024-01-01T00:00:00.000Z'));
    });

    it('creates, lists, finds and revokes API keys, bumping the keys version', async () => {
      expect(await store.keys.version()).toBe(0);
      expect(await store.keys.list()).toEqual([]);
      await store.keys.create(key('AK2', '2024-01-02T00:00:00.000Z'));
      await store.keys.create(key('AK1', '2024-01-01T00:00:00.000Z'));
      expect(await store.keys.version()).toBe(2);
      expect((await store.keys.list()).map((k) => k.accessKey)).toEqual(['AK1', 'AK2']);
      expect(await store.keys.find('NOPE')).toBeNull();

      expect(await store.keys.revoke('AK1', '2024-02-01T00:00:00.000Z')).toBe(true);
      expect(await store.keys.revoke('AK1', '2024-03-01T00:00:00.000Z')).toBe(false);
      expect(await store.keys.revoke('NOPE', '2024-03-01T00:00:00.000Z')).toBe(false);
      expect(await store.keys.version()).toBe(3);
      expect((await store.keys.find('AK1'))?.revokedAt).toBe('2024-02-01T00:00:00.000Z');

      // Keys are not data: they neither bump the data version nor make the store non-empty.
      expect(await store.dataVersion()).toEqual({ version: 0, updatedAt: null });
      expect(await store.isEmpty()).toBe(true);

      const other = await reopen();
      expect(await other.keys.list()).toEqual([
        { ...key('AK1', '2024-01-01T00:00:00.000Z'), revokedAt: '2024-02-01T00:00:00.000Z' },
        key('AK2', '2024-01-02T00:00:00.000Z'),
      ]);
      expect(await other.keys.version()).toBe(3);
    });

    it("keeps each key's account and role", async () => {
      await store.keys.create({ ...key('AK1', '2024-01-01T00:00:00.000Z'), account: 'acme', role: 'desk' });
      await store.keys.create({
        ...key('AK2', '2024-01-02T00:00:00.000Z'),
        account: 'globex',
        role: 'admin',
      });
      const other = await reopen();
      expect(await other.keys.find('AK1')).toMatchObject({ account: 'acme', role: 'desk' });
      expect((await other.keys.list()).map((k) => [k.accessKey, k.account, k.role])).toEqual([
        ['AK1', 'acme', 'desk'],
        ['AK2', 'globex', 'admin'],
      ]);
    });

    describe('concurrency', () => {
      /** An import left open, as a long one is while it reads its file. */
      async function openImport(s: Store = store): Promise<ImportSession> {
        const session = await s.beginImport('ported', { replace: false });
        await session.write([portedRow(2, 2_065_550_777, 'NEW')]);
        return session;
      }

      it('refuses a second import at once while one is open, naming the holder, in this process or another', async () => {
        const other = await reopen();
        const running = await openImport();
        for (const s of [store, other]) {
          const refused = await s
            .beginImport('carriers', { replace: false })
            .catch((error: unknown) => error);
          expect(refused).toBeInstanceOf(ImportInProgress);
          const holder = (refused as ImportInProgress).holder;
          expect(holder).toMatchObject({ dataset: 'ported', pid: process.pid });
          expect(Number.isNaN(Date.parse(holder!.startedAt))).toBe(false);
          expect((refused as Error).message).toMatch(/ported import started .* by process \d+ on /);
        }
        await running.commit();
        // Free again: the next import runs, from either instance.
        expect(await importRows('carriers', carrierRows(carrier('AAA')))).toMatchObject({ inserted: 1 });
        const next = await other.beginImport('carriers', { replace: false });
        await next.abort();
        const afterAbort = await store.beginImport('carriers', { replace: false });
        await afterAbort.abort();
      });

      it('creates, revokes and finds API keys at once while an import is open', async () => {
        const other = await reopen();
        const running = await openImport();
        for (const [s, id] of [
          [store, 'AK1'],
          [other, 'AK2'],
        ] as const) {
          await s.keys.create(key(id, '2024-01-01T00:00:00.000Z'));
          expect(await s.keys.revoke(id, '2024-02-01T00:00:00.000Z')).toBe(true);
          expect((await s.keys.find(id))?.revokedAt).toBe('2024-02-01T00:00:00.000Z');
        }
        expect(await other.keys.version()).toBe(4);
        expect((await store.keys.list()).map((k) => k.accessKey)).toEqual(['AK1', 'AK2']);
        await running.abort();
      });

      it('lets readers load and poll during an open import, seeing the last committed data', async () => {
        await importRows('ported', [portedRow(2, 2_065_550_001, 'OLD')]);
        const before = await store.dataVersion();
        const other = await reopen();
        const running = await openImport();
        for (const s of [store, other]) {
          expect(await s.dataVersion()).toEqual(before);
          expect(await s.isEmpty()).toBe(false);
          const { sink, version } = await load(s);
          expect(version).toEqual(before);
          expect(sink.portedRows).toEqual([[2_065_550_001, 'OLD', 'wireline']]);
        }
        await running.commit();
        expect((await load(other)).sink.portedRows).toHaveLength(2);
      });

      it('runs a dry run beside an open import, and an import beside an open dry run', async () => {
        await importRows('carriers', carrierRows(carrier('AAA')));
        const other = await reopen();
        const running = await openImport();
        const dry = await other.beginImport('carriers', { replace: false, dryRun: true });
        expect(await dry.write(carrierRows(carrier('AAA', 'x'), carrier('BBB')))).toEqual([]);
        expect(await dry.validate()).toEqual([]);
        await running.commit();
        // The dry run counts against the data as it was when it began.
        expect(await commit(dry, true)).toEqual({ read: 2, inserted: 1, updated: 1, deleted: 0 });

        const dryFirst = await other.beginImport('ported', { replace: true, dryRun: true });
        await dryFirst.write([portedRow(2, 2_065_550_002, 'DRY')]);
        const real = await store.beginImport('carriers', { replace: false });
        await real.write(carrierRows(carrier('CCC')));
        await commit(real);
        expect(await commit(dryFirst, true)).toEqual({ read: 1, inserted: 1, updated: 0, deleted: 1 });
        expect((await load()).sink.carriers.map((c) => c.id)).toEqual(['AAA', 'CCC']);
        expect((await load()).sink.portedRows).toEqual([[2_065_550_777, 'NEW', 'wireline']]);
      });

      it('opens a fresh database from two instances at once: both work, the schema is made once', async () => {
        const fresh = await makeStore();
        try {
          const [a, b] = await Promise.all([fresh.open(), fresh.open()]);
          try {
            await a.keys.create(key('AK1', '2024-01-01T00:00:00.000Z'));
            expect(await b.keys.find('AK1')).toEqual(key('AK1', '2024-01-01T00:00:00.000Z'));
            const session = await b.beginImport('carriers', { replace: false });
            await session.write(carrierRows(carrier('AAA')));
            await session.commit();
            expect(await a.dataVersion()).toMatchObject({ version: 1 });
            expect(await a.keys.version()).toBe(1);
          } finally {
            await a.close();
            await b.close();
          }
        } finally {
          await fresh.dispose();
        }
      });
    });

    it('loads one consistent version even when an import commits in the middle of the load', async () => {
      await importRows('carriers', carrierRows(carrier('AAA'), carrier('BBB')));
      await importRows('ported', [portedRow(2, 2_065_550_001, 'OLD')]);
      const before = await store.dataVersion();

      const session = await store.beginImport('ported', { replace: true });
      await session.write([portedRow(2, 2_065_550_002, 'NEW')]);
      const sink = new RecordingSink();
      let commit: Promise<ImportCounts> | null = null;
      sink.onRecord = () => {
        commit ??= session.commit();
      };
      const version = await store.loadInto(sink);
      await commit;

      expect(sink.carriers.map((c) => c.id)).toEqual(['AAA', 'BBB']);
      if (version.version === before.version) {
        expect(sink.portedRows).toEqual([[2_065_550_001, 'OLD', 'wireline']]);
      } else {
        expect(sink.portedRows).toEqual([[2_065_550_002, 'NEW', 'wireline']]);
      }
      expect((await store.dataVersion()).version).toBe(before.version + 1);
      expect((await load()).sink.portedRows).toEqual([[2_065_550_002, 'NEW', 'wireline']]);
    });
  });
}
