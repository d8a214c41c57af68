import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SnapshotHolder } from '../../src/cache/snapshot-holder.js';
import { FakeStore } from '../http/fake-store.js';

type Level = 'info' | 'warn' | 'error';

function recordingLogger() {
  const lines: Array<{ level: Level; obj: Record<string, unknown>; msg?: string }> = [];
  const at = (level: Level) => (obj: object, msg?: string) =>
    lines.push({ level, obj: obj as Record<string, unknown>, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A FakeStore that counts how often the data version is asked for, and can hold the answer back. */
class CountingStore extends FakeStore {
  versionReads = 0;
  /** When set, dataVersion waits for it: a poll in flight. */
  gate: Promise<void> | null = null;
  override async dataVersion() {
    this.versionReads++;
    if (this.gate) await this.gate;
    return super.dataVersion();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tempCacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-holder-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'p.db.snapshot');
}

describe('SnapshotHolder', () => {
  it('has nothing before the first load, then the snapshot with its version', async () => {
    const store = new FakeStore();
    const holder = new SnapshotHolder(store);
    expect(holder.current).toBeNull();
    const loaded = await holder.load();
    expect(holder.current).toBe(loaded);
    expect(loaded.version).toEqual(store.version);
    expect(loaded.snapshot.stats.carriers).toBe(4);
    expect(Date.parse(loaded.loadedAt)).not.toBeNaN();
  });

  it('reloads only when the data version moved, swapping the reference in one step', async () => {
    const store = new FakeStore();
    const holder = new SnapshotHolder(store);
    const first = await holder.load();
    expect(await holder.reloadIfChanged()).toBe(false);
    expect(store.loads).toBe(1);

    store.version = { version: 2, updatedAt: '2024-05-02T00:00:00.000Z' };
    const inFlight = holder.current; // what a request in flight holds
    expect(await holder.reloadIfChanged()).toBe(true);
    expect(holder.current).not.toBe(first);
    expect(holder.current?.version.version).toBe(2);
    expect(inFlight).toBe(first); // the old one stays whole for whoever holds it
  });

  it('keeps serving the old snapshot when a reload fails, and logs why', async () => {
    const store = new FakeStore();
    const log = recordingLogger();
    const holder = new SnapshotHolder(store, log);
    const first = await holder.load();
    store.version = { version: 2, updatedAt: null };
    store.loadFailure = new Error('database disk image is malformed');
    expect(await holder.reloadIfChanged()).toBe(false);
    expect(holder.current).toBe(first);
    const failure = log.lines.find((l) => l.level === 'error')!;
    expect(failure.msg).toMatch(/reload failed/);
    expect((failure.obj.err as Error).message).toBe('database disk image is malformed');
    expect(failure.obj.servingVersion).toBe(1);

    store.loadFailure = null;
    expect(await holder.reloadIfChanged()).toBe(true);
    expect(holder.current?.version.version).toBe(2);
  });

  it('shares one build between concurrent loads', async () => {
    const store = new FakeStore();
    const holder = new SnapshotHolder(store);
    const [a, b] = await Promise.all([holder.load(), holder.load()]);
    expect(a).toBe(b);
    expect(store.loads).toBe(1);
  });

  it('polls in the background until stopped, and not once after', async () => {
    const store = new CountingStore();
    const holder = new SnapshotHolder(store);
    await holder.load();
    holder.startPolling(10);
    store.version = { version: 5, updatedAt: null };
    await expect.poll(() => holder.current?.version.version, { timeout: 10_000 }).toBe(5);
    holder.stop();
    const reads = store.versionReads;
    await sleep(200); // twenty intervals
    expect(store.versionReads).toBe(reads);
  });

  it('a poll in flight when stop() is called does not arm another', async () => {
    const store = new CountingStore();
    const holder = new SnapshotHolder(store);
    await holder.load();
    let release = () => {};
    store.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    holder.startPolling(10);
    await expect.poll(() => store.versionReads, { timeout: 10_000 }).toBe(1);
    holder.stop();
    release();
    await sleep(200); // twenty intervals
    expect(store.versionReads).toBe(1);
  });

  it('a damaged snapshot file: rebuilt from the store, with one warning naming the file and why', async () => {
    const cacheFile = tempCacheFile();
    const store = new FakeStore();
    await new SnapshotHolder(store, recordingLogger(), cacheFile).load();
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length >> 1] ^= 0x40;
    writeFileSync(cacheFile, bytes);

    const log = recordingLogger();
    const loaded = await new SnapshotHolder(store, log, cacheFile).load();
    expect(loaded.snapshot.stats.carriers).toBe(4);
    expect(store.loads).toBe(2);
    const warnings = log.lines.filter((l) => l.level !== 'info');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].level).toBe('warn');
    expect(warnings[0].msg).toBe(
      `snapshot file ${cacheFile} failed verification (checksum mismatch); rebuilt from the database`,
    );
    // Rewritten whole: the next start trusts it, quietly.
    const quiet = recordingLogger();
    await new SnapshotHolder(store, quiet, cacheFile).load();
    expect(store.loads).toBe(2);
    expect(quiet.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('a snapshot file merely older than the data is rebuilt without a warning', async () => {
    const cacheFile = tempCacheFile();
    const store = new FakeStore();
    await new SnapshotHolder(store, recordingLogger(), cacheFile).load();
    store.version = { version: 2, updatedAt: '2024-05-02T00:00:00.000Z' };
    const log = recordingLogger();
    await new SnapshotHolder(store, log, cacheFile).load();
    expect(store.loads).toBe(2);
    expect(log.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });
});
