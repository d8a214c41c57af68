import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import {
  accountsMigrations,
  accountsPathOf,
  KEYS_WITH_ROLES,
} from '../../src/store/sqlite/accounts-schema.js';
import { connect, migrate } from '../../src/store/sqlite/connection.js';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ImportNeedsStaging, type StagedRow } from '../../src/store/store.js';
import { bindReadOnly, CAN_MOUNT, MOUNT_SKIP_REASON, tinyDisk } from '../support/mounts.js';
import { RecordingSink } from './recording-sink.js';
import { storeSuite } from './store-suite.js';

storeSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-store-'));
  const path = join(dir, 'portcheck.db');
  return {
    open: async () => SqliteStore.open(path),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite specifics', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcheck-sqlite-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates the parent folder, migrates once and reopens without migrating again', async () => {
    const path = join(tempDir(), 'nested', 'deeper', 'portcheck.db');
    const store = await openStore({ dbPath: path });
    expect(store.kind).toBe('sqlite');
    await store.keys.create({
      accessKey: 'AK',
      name: 'n',
      secretHash: 'h',
      createdAt: 't',
      revokedAt: null,
      account: 'default',
      role: 'customer',
    });
    await store.close();
    expect(existsSync(path)).toBe(true);

    const again = await openStore({ dbPath: path });
    expect(await again.keys.version()).toBe(1);
    await again.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('refuses a database written by a newer schema', async () => {
    const path = join(tempDir(), 'future.db');
    await (await openStore({ dbPath: path })).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    await expect(openStore({ dbPath: path })).rejects.toThrow(/newer than this portcheck/);
  });

  it('reads back more ported rows than one chunk, in number order, with every spid and sv_type as stored', async () => {
    const store = SqliteStore.open(join(tempDir(), 'chunks.db'));
    const svTypes = ['wireless', 'voip', 'wireline', 'vowifi'] as const;
    const expected: [number, string, (typeof svTypes)[number]][] = [];
    // Descending file order, two chunks and a bit: the read must sort, split and parse across chunks.
    for (let i = 40_000; i > 0; i--) expected.push([2_060_000_000 + i * 7, `S${i % 97}X`, svTypes[i % 4]]);
    const session = await store.beginImport('ported', { replace: false });
    await session.write(
      expected.map(([tn, spid, svType], i) => ({
        dataset: 'ported' as const,
        line: i + 2,
        action: 'upsert' as const,
        record: { tn, spid, svType, lrn: null, altSpid: null },
      })),
    );
    await session.commit();
    const sink = new RecordingSink();
    await store.loadInto(sink);
    await store.close();
    expect(sink.portedRows).toEqual(expected.reverse());
  });

  it('stores what a direct import was given, digit strings as text with their leading zeros', async () => {
    const path = join(tempDir(), 'direct.db');
    const store = SqliteStore.open(path);
    const rows = [
      ['2065550000', '0078', 'wireless', '0123456789', '5867'],
      ['2065550001', '5867', 'class2_voip', '2065550000', null],
      ['2065550002', '170J', 'prepaid_wireless', null, '0078'],
    ] as const;
    const session = await store.beginImport('ported', { replace: false, direct: true });
    await session.write(
      rows.map(([tn, spid, svType, lrn, altSpid], i) => ({
        dataset: 'ported' as const,
        line: i + 2,
        action: 'upsert' as const,
        record: { tn: Number(tn), spid, svType, lrn, altSpid },
      })),
    );
    await session.commit();
    await store.close();
    const raw = new Database(path, { readonly: true });
    const stored = raw
      .prepare(
        "SELECT printf('%d', tn), spid, sv_type, lrn, alt_spid, typeof(spid), typeof(lrn) FROM ported ORDER BY tn",
      )
      .raw()
      .all();
    raw.close();
    expect(stored).toEqual([
      [...rows[0], 'text', 'text'],
      [...rows[1], 'text', 'text'],
      [...rows[2], 'text', 'null'],
    ]);
  });

  it('catches on the direct path, at commit, a number repeated in two sorted runs, and leaves no temporary file', async () => {
    const dir = tempDir();
    const store = SqliteStore.open(join(dir, 'runs.db'));
    // More than one run of 2^19 rows: the first and the last row share a number.
    const rows = 600_000;
    const session = await store.beginImport('ported', { replace: false, direct: true });
    const batch = Array.from({ length: rows }, (_, i) => ({
      dataset: 'ported' as const,
      line: i + 2,
      action: 'upsert' as const,
      record: {
        tn: i === rows - 1 ? 2_060_000_000 : 2_060_000_000 + ((i * 7) % rows),
        spid: 'SPA',
        svType: 'voip' as const,
        lrn: null,
        altSpid: null,
      },
    }));
    expect(await session.write(batch)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await expect(session.commit()).rejects.toBeInstanceOf(ImportNeedsStaging);
    await session.abort();
    expect(await store.isEmpty()).toBe(true);
    expect((await store.dataVersion()).version).toBe(0);
    await store.close();
    expect(readdirSync(dir).sort()).toEqual(['runs.accounts.db', 'runs.db']);
  });

  it('says clearly that PostgreSQL is not available yet', async () => {
    await expect(openStore({ databaseUrl: 'postgres://localhost/portcheck' })).rejects.toThrow(/PostgreSQL/);
    await expect(openStore({})).rejects.toThrow(/no database/);
    await expect(openStore({ dbPath: ':memory:' })).rejects.toThrow(/file path/);
  });
});

describe('SQLite files: the accounts file, read-only use, a full disk', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcheck-files-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const carriers = (...ids: string[]): StagedRow[] =>
    ids.map((id, i) => ({
      dataset: 'carriers',
      line: i + 2,
      record: { id, name: id, category: null, underlyingId: null },
    }));

  /** A database with two carriers and a key, closed (so its -wal and -shm are gone). */
  async function filled(path: string): Promise<void> {
    const store = SqliteStore.open(path);
    const session = await store.beginImport('carriers', { replace: false });
    await session.write(carriers('AAA', 'BBB'));
    await session.commit();
    await store.keys.create({
      accessKey: 'AK',
      name: 'n',
      secretHash: 'h',
      createdAt: 't',
      revokedAt: null,
      account: 'default',
      role: 'customer',
    });
    await store.close();
  }

  async function carrierIds(store: SqliteStore): Promise<string[]> {
    const sink = new RecordingSink();
    await store.loadInto(sink);
    return sink.carriers.map((c) => c.id);
  }

  it('names the accounts file after the database', () => {
    expect(accountsPathOf('/srv/portcheck.db')).toBe('/srv/portcheck.accounts.db');
    expect(accountsPathOf('/srv/numbers')).toBe('/srv/numbers.accounts.db');
  });

  it('moves the keys of a database from before the accounts file into it, once', async () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec(MIGRATIONS[0]);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO api_keys VALUES ('AK1', 'one', 'h1', '2024-01-01', NULL), ('AK2', 'two', 'h2', '2024-01-02', '2024-03-01');
              UPDATE meta SET keys_version = 3`);
    old.close();

    for (let open = 0; open < 2; open++) {
      const store = SqliteStore.open(path);
      expect((await store.keys.list()).map((k) => [k.accessKey, k.revokedAt, k.account, k.role])).toEqual([
        ['AK1', null, 'default', 'customer'],
        ['AK2', '2024-03-01', 'default', 'customer'],
      ]);
      // 3 copied, +1 by the migration that gave the keys their account and role.
      expect(await store.keys.version()).toBe(4);
      await store.close();
    }
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'api_keys'").pluck().get()).toBe(0);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
  });

  describe('keys made before accounts and roles', () => {
    /** A database whose accounts file stops at schema 2 (no account, no role), holding the demo key and another. */
    function beforeRoles(path: string): void {
      const main = connect(path);
      const accounts = connect(accountsPathOf(path));
      migrate(accounts, accountsMigrations(main).slice(0, 2), 'accounts');
      migrate(main, MIGRATIONS, path);
      accounts.exec(`INSERT INTO api_keys VALUES ('AKDEMO', 'demo', 'h1', '2024-01-01', NULL), ('AKOPS', 'ops', 'h2', '2024-01-02', NULL);
                     UPDATE meta SET keys_version = 2`);
      accounts.close();
      main.close();
    }
    const roles = async (store: SqliteStore) =>
      (await store.keys.list()).map((k) => [k.accessKey, k.account, k.role]);
    const migrated = [
      ['AKDEMO', 'default', 'admin'],
      ['AKOPS', 'default', 'customer'],
    ];

    it('become customer keys of account default, the demo key admin, and running servers reload them', async () => {
      const path = join(tempDir(), 'portcheck.db');
      beforeRoles(path);
      const store = SqliteStore.open(path);
      expect(await roles(store)).toEqual(migrated);
      expect(await store.keys.version()).toBe(3);
      await store.close();
      const raw = new Database(accountsPathOf(path), { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(KEYS_WITH_ROLES);
      raw.close();
    });

    it('read the same through a read-only store, which migrates nothing', async () => {
      const path = join(tempDir(), 'portcheck.db');
      beforeRoles(path);
      const store = SqliteStore.open(path, { readOnly: true });
      expect(await roles(store)).toEqual(migrated);
      expect(await store.keys.find('AKOPS')).toMatchObject({ account: 'default', role: 'customer' });
      await store.close();
      const raw = new Database(accountsPathOf(path), { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(2);
      raw.close();
    });
  });

  it('opened read-only, reads everything and refuses imports and key changes', async () => {
    const path = join(tempDir(), 'portcheck.db');
    await filled(path);
    const store = SqliteStore.open(path, { readOnly: true });
    try {
      expect(await carrierIds(store)).toEqual(['AAA', 'BBB']);
      expect((await store.keys.find('AK'))?.name).toBe('n');
      await expect(store.beginImport('carriers', { replace: false })).rejects.toThrow(/read-only/);
      await expect(store.keys.revoke('AK', 'now')).rejects.toThrow(/read-only/);
    } finally {
      await store.close();
    }
  });

  describe.skipIf(!CAN_MOUNT)(`on real mounts (${CAN_MOUNT ? 'root' : MOUNT_SKIP_REASON})`, () => {
    it('reads a database in a read-only folder; opening it to write names the folder', async () => {
      const dir = tempDir();
      const data = join(dir, 'data');
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      await filled(join(data, 'portcheck.db'));
      const unmount = bindReadOnly(data, ro);
      try {
        const path = join(ro, 'portcheck.db');
        const store = SqliteStore.open(path, { readOnly: true });
        try {
          expect(await carrierIds(store)).toEqual(['AAA', 'BBB']);
          expect((await store.dataVersion()).version).toBe(1);
          expect(await store.keys.list()).toHaveLength(1);
        } finally {
          await store.close();
        }
        const error = (() => {
          try {
            SqliteStore.open(path);
          } catch (e) {
            return e as Error;
          }
        })();
        expect(error?.message).toContain(`its folder ${ro} is read-only`);
        expect(error?.message).toMatch(/Make the folder writable/);
      } finally {
        unmount();
      }
    });

    it('reads a read-only database file; an import into it names the file', async () => {
      const path = join(tempDir(), 'portcheck.db');
      await filled(path);
      const unmount = bindReadOnly(path, path);
      try {
        const reader = SqliteStore.open(path, { readOnly: true });
        expect(await carrierIds(reader)).toEqual(['AAA', 'BBB']);
        await reader.close();
        const store = SqliteStore.open(path);
        try {
          const refused = await store.beginImport('carriers', { replace: false }).catch((e: Error) => e);
          if (!(refused instanceof Error)) await refused.abort();
          expect((refused as Error).message).toContain(
            `cannot write the database ${path}: the file is read-only`,
          );
          // The accounts file beside it is writable: keys still work.
          expect(await store.keys.revoke('AK', '2024-01-01')).toBe(true);
        } finally {
          await store.close();
        }
      } finally {
        unmount();
      }
    });

    it('says the disk is full, naming the folder, and changes nothing', async () => {
      const dir = tempDir();
      const unmount = tinyDisk(dir, '1m');
      try {
        const store = SqliteStore.open(join(dir, 'portcheck.db'));
        try {
          const session = await store.beginImport('ported', { replace: false });
          const rows: StagedRow[] = Array.from({ length: 60_000 }, (_, i) => ({
            dataset: 'ported',
            line: i + 2,
            action: 'upsert',
            record: {
              tn: 2_065_550_000 + i,
              spid: 'SPID',
              svType: 'wireline',
              lrn: '2065550000',
              altSpid: null,
            },
          }));
          await session.write(rows);
          const error = await session.commit().catch((e: Error) => e);
          expect((error as Error).message).toMatch(
            /^the disk is full: writing .* failed and nothing was changed/,
          );
          expect((error as Error).message).toContain(`Free some space on the disk holding ${dir}`);
          expect(await store.isEmpty()).toBe(true);
          expect((await store.dataVersion()).version).toBe(0);
        } finally {
          await store.close();
        }
      } finally {
        unmount();
      }
    });
  });
});
