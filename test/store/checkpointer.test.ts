// The accounts file's WAL checkpointed by a worker thread (store/sqlite/checkpointer.ts).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer } from '../../src/store/sqlite/checkpointer.js';
import { connect, type Db } from '../../src/store/sqlite/connection.js';

const PAGE = 4096;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('BackgroundCheckpointer', () => {
  const dirs: string[] = [];
  const dbs: Db[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) if (db.open) db.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcheck-ckpt-'));
    dirs.push(dir);
    const db = connect(join(dir, 'a.db'));
    dbs.push(db);
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)');
    return db;
  };
  const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true });
  const walPages = (db: Db) => statSync(`${db.name}-wal`).size / PAGE;

  /** Ten transactions of about 400 pages each, with time between them for the worker. */
  async function writeBatches(db: Db): Promise<number> {
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    let largest = 0;
    for (let batch = 0; batch < 10; batch++) {
      db.transaction(() => {
        for (let i = 0; i < 400; i++) insert.run(Buffer.alloc(3000, batch));
      })();
      largest = Math.max(largest, walPages(db));
      await sleep(300); // fifteen of the worker's 20 ms intervals: room for a loaded machine
    }
    return largest;
  }

  it('takes the checkpoints off the connection and keeps the WAL to about one transaction', async () => {
    const db = open();
    const checkpointer = await BackgroundCheckpointer.start(db, { intervalMs: 20 });
    expect(autocheckpoint(db)).toBe(0);
    const largest = await writeBatches(db);
    // Unchecked, the WAL would hold all ten batches (over 4,000 pages); checkpointed after each, it
    // restarts from its beginning at the next one.
    expect(largest).toBeLessThan(1200);
    await checkpointer.stop();
    expect(autocheckpoint(db)).toBe(1000);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(4000);
  });

  it('without it the same writes grow the WAL (the test above can fail)', async () => {
    const db = open();
    db.pragma('wal_autocheckpoint = 0');
    expect(await writeBatches(db)).toBeGreaterThan(3500);
  });

  it('a worker that cannot open the file leaves the connection checkpointing by itself', async () => {
    const db = open();
    rmSync(db.name);
    await expect(BackgroundCheckpointer.start(db)).rejects.toThrow();
    expect(autocheckpoint(db)).toBe(1000);
  });
});
