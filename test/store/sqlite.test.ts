import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ImportNeedsStaging } from '../../src/store/store.js';
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
    await store.keys.create({ accessKey: 'AK', name: 'n', secretHash: 'h', createdAt: 't', revokedAt: null });
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
