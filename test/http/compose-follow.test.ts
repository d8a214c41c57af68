import { describe, expect, it, vi } from 'vitest';
import { openService } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { FleetStore } from './fake-store.js';

// openService opens whatever openStore gives: here a store that can push notes.
const opened = vi.hoisted(() => ({ stores: [] as FleetStore[] }));
vi.mock('../../src/store/open.js', async () => {
  const { FleetStore } = await import('./fake-store.js');
  return {
    openStore: async () => {
      const store = new FleetStore();
      opened.stores.push(store);
      return store;
    },
  };
});

const config = loadConfig({ snapshotFile: 'off' }, {});

describe('openService and the store notes', () => {
  it('subscribes the holder and the verifier, and unsubscribes on close', async () => {
    const service = await openService(config);
    const store = opened.stores.at(-1)!;
    expect(store.listenerCount).toBe(1);
    await service.holder.load();
    store.version = { version: 2, updatedAt: null };
    store.emit('data');
    await vi.waitFor(() => expect(service.holder.current?.version.version).toBe(2));
    await service.close();
    expect(store.listenerCount).toBe(0);
  });

  it('a one-shot entry point opens no subscription', async () => {
    const service = await openService(config, { followChanges: false });
    expect(opened.stores.at(-1)!.listenerCount).toBe(0);
    await service.close();
  });
});
