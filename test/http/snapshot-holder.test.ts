import { describe, expect, it } from 'vitest';
import { SnapshotHolder } from '../../src/http/snapshot-holder.js';
import { FakeStore } from './fake-store.js';

function recordingLogger() {
  const lines: Array<{ level: 'info' | 'error'; obj: Record<string, unknown>; msg?: string }> = [];
  return {
    lines,
    info: (obj: object, msg?: string) =>
      lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    error: (obj: object, msg?: string) =>
      lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
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

  it('polls in the background until stopped', async () => {
    const store = new FakeStore();
    const holder = new SnapshotHolder(store);
    await holder.load();
    holder.startPolling(100);
    store.version = { version: 5, updatedAt: null };
    await expect.poll(() => holder.current?.version.version, { timeout: 10_000 }).toBe(5);
    holder.stop();
  });
});
