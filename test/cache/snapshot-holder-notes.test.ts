import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { SnapshotHolder } from '../../src/cache/snapshot-holder.js';
import { followStoreChanges } from '../../src/compose.js';
import { generateApiKey } from '../../src/keys/api-keys.js';
import { KeyVerifier } from '../../src/keys/verifier.js';
import { FleetStore } from '../http/fake-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holderOn(store: FleetStore): SnapshotHolder {
  const holder = new SnapshotHolder(store);
  onTestFinished(() => holder.stop());
  return holder;
}

describe('SnapshotHolder on data notes', () => {
  it('reloads on a note, without any polling', async () => {
    const store = new FleetStore();
    const holder = holderOn(store);
    await holder.load();
    store.version = { version: 2, updatedAt: '2024-05-02T00:00:00.000Z' };
    holder.notify();
    await vi.waitFor(() => expect(holder.current?.version.version).toBe(2));
    expect(store.loads).toBe(2);
  });

  it('folds a burst of notes into one load', async () => {
    const store = new FleetStore();
    const holder = holderOn(store);
    await holder.load();
    store.version = { version: 2, updatedAt: null };
    for (let i = 0; i < 10; i++) holder.notify();
    await vi.waitFor(() => expect(holder.current?.version.version).toBe(2));
    await sleep(200);
    expect(store.loads).toBe(2);
  });

  it('a note during a load that read the data before the commit brings the newer data after it', async () => {
    const store = new FleetStore();
    const holder = holderOn(store);
    await holder.load();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const plainLoad = store.loadInto.bind(store);
    store.loadInto = async (sink) => {
      const seen = await plainLoad(sink); // reads version 2, then is slow
      await gate;
      return seen;
    };
    store.version = { version: 2, updatedAt: null };
    const slow = holder.load();
    store.version = { version: 3, updatedAt: null }; // committed while that load runs
    holder.notify();
    await sleep(100);
    release();
    await slow;
    await vi.waitFor(() => expect(holder.current?.version.version).toBe(3));
  });

  it('a note while the database is unreachable keeps the snapshot serving', async () => {
    const store = new FleetStore();
    const holder = holderOn(store);
    const first = await holder.load();
    store.unreachable = true;
    holder.notify();
    await sleep(150);
    expect(holder.current).toBe(first);
  });
});

describe('followStoreChanges', () => {
  it('routes data notes to the holder and key notes to the verifier, until unsubscribed', async () => {
    const store = new FleetStore();
    const holder = holderOn(store);
    await holder.load();
    const key = generateApiKey('k');
    await store.keys.create(key.record);
    const verifier = new KeyVerifier(store.keys, { refreshMs: 60_000 });
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);

    const unsubscribe = followStoreChanges(store, holder, verifier);
    expect(store.listenerCount).toBe(1);
    await store.keys.revoke(key.accessKey, '2024-05-02T00:00:00.000Z');
    store.emit('keys');
    await vi.waitFor(async () =>
      expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(false),
    );
    store.version = { version: 2, updatedAt: null };
    store.emit('data');
    await vi.waitFor(() => expect(holder.current?.version.version).toBe(2));

    unsubscribe();
    expect(store.listenerCount).toBe(0);
  });
});

describe('SnapshotHolder while the database is unreachable', () => {
  it('logs the failing reloads once, and once when they work again', async () => {
    const store = new FleetStore();
    const lines: string[] = [];
    const log = {
      info: (_o: object, msg?: string) => lines.push(`info ${msg}`),
      warn: (_o: object, msg?: string) => lines.push(`warn ${msg}`),
      error: (_o: object, msg?: string) => lines.push(`error ${msg}`),
    };
    const holder = new SnapshotHolder(store, log);
    await holder.load();
    lines.length = 0;
    store.unreachable = true;
    for (let i = 0; i < 5; i++) expect(await holder.reloadIfChanged()).toBe(false);
    expect(lines).toEqual(['error numbering data reload failed; still serving the previous snapshot']);
    store.unreachable = false;
    expect(await holder.reloadIfChanged()).toBe(false);
    expect(await holder.reloadIfChanged()).toBe(false);
    expect(lines.slice(1)).toEqual(['info numbering data reachable again; reloads resume']);
  });
});
