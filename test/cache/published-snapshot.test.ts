// A snapshot published by an import with its commit (PostgreSQL): another instance takes it instead
// of re-reading every row, and only when it is the current version of this database and intact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildFromStore,
  databaseIdOf,
  loadSnapshot,
  snapshotPublisher,
} from '../../src/cache/snapshot-file.js';
import { type Snapshot, SnapshotBuilder } from '../../src/domain/snapshot.js';
import { encodeSnapshot } from '../../src/domain/snapshot-codec.js';
import { importFile } from '../../src/import/run-import.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { SEED_DIR } from '../support/fixtures.js';
import { adminQuery, postgresReachable, type TestSchema, testSchema } from '../support/postgres.js';

const reachable = await postgresReachable();
const bytesOf = (snapshot: Snapshot) => Buffer.concat(encodeSnapshot(snapshot, 'stamp', crc32));

describe.skipIf(!reachable)('the snapshot published with an import (PostgreSQL)', () => {
  let schema: TestSchema;
  let importer: Store;
  let instance: Store;
  let dir: string;

  beforeEach(async () => {
    schema = testSchema();
    importer = await PostgresStore.open(schema.url);
    instance = await PostgresStore.open(schema.url);
    dir = mkdtempSync(join(tmpdir(), 'portcheck-published-'));
  });

  afterEach(async () => {
    await importer.close();
    await instance.close();
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Imports one seed file as `portcheck import` does, publishing or not. */
  async function importSeed(dataset: 'carriers' | 'blocks' | 'tollfree', publish: boolean) {
    const databaseId = await databaseIdOf(importer);
    let publisher: ReturnType<typeof snapshotPublisher> | null = null;
    return importFile(importer, dataset, join(SEED_DIR, `${dataset}.csv`), {
      commitInto: () => {
        const builder = new SnapshotBuilder();
        publisher = publish ? snapshotPublisher(builder, databaseId) : null;
        return builder;
      },
      publishWith: () => publisher?.publish,
    });
  }

  it('is what another instance loads, the same bytes as a read of every row', async () => {
    await importSeed('carriers', true);
    await importSeed('blocks', true);
    const loaded = await loadSnapshot(instance, join(dir, 'instance.snapshot'));
    expect(loaded.source).toBe('published');
    expect(loaded.version).toEqual(await instance.dataVersion());
    const rows = await buildFromStore(instance);
    expect(bytesOf(loaded.snapshot).equals(bytesOf(rows.snapshot))).toBe(true);
    // And it became the instance's own file: the next start reads that.
    expect((await loadSnapshot(instance, join(dir, 'instance.snapshot'))).source).toBe('file');
  });

  it('is not used once an import that did not publish has moved the version on', async () => {
    await importSeed('carriers', true);
    await importSeed('blocks', false);
    const loaded = await loadSnapshot(instance, join(dir, 'instance.snapshot'));
    expect(loaded.source).toBe('store');
    expect(loaded.version.version).toBe(2);
  });

  it('is never trusted when damaged: the rows are read instead', async () => {
    await importSeed('carriers', true);
    await adminQuery(
      `UPDATE "${schema.schema}".published_snapshot SET bytes = overlay(bytes placing '\\xffff'::bytea from 200)`,
    );
    expect((await loadSnapshot(instance, null)).source).toBe('store');
  });

  it('is kept unlogged, so a crash of PostgreSQL empties it: the rows are read instead', async () => {
    await importSeed('carriers', true);
    const {
      rows: [table],
    } = await adminQuery(
      `SELECT c.relpersistence, a.attstorage FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'bytes'
       WHERE n.nspname = '${schema.schema}' AND c.relname = 'published_snapshot'`,
    );
    expect(table).toEqual({ relpersistence: 'u', attstorage: 'e' });
    // What crash recovery leaves of an unlogged table.
    await adminQuery(`TRUNCATE "${schema.schema}".published_snapshot`);
    const loaded = await loadSnapshot(instance, null);
    expect(loaded.source).toBe('store');
    expect(loaded.version).toEqual(await instance.dataVersion());
  });

  it('a dry run publishes nothing', async () => {
    await importSeed('carriers', true);
    const before = await instance.publishedSnapshot?.();
    const databaseId = await databaseIdOf(importer);
    await importFile(importer, 'blocks', join(SEED_DIR, 'blocks.csv'), {
      dryRun: true,
      publishWith: () => snapshotPublisher(new SnapshotBuilder(), databaseId).publish,
    });
    expect((await instance.publishedSnapshot?.())?.stamp).toBe(before?.stamp);
  });
});
