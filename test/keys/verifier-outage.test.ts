import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/keys/api-keys.js';
import { KeyVerifier } from '../../src/keys/verifier.js';
import { FleetStore } from '../http/fake-store.js';

function recordingLogger() {
  const lines: Array<{ level: 'info' | 'error'; msg?: string }> = [];
  return {
    lines,
    info: (_obj: object, msg?: string) => lines.push({ level: 'info', msg }),
    error: (_obj: object, msg?: string) => lines.push({ level: 'error', msg }),
  };
}

async function setup() {
  const store = new FleetStore();
  const key = generateApiKey('live');
  const revoked = generateApiKey('gone');
  await store.keys.create(key.record);
  await store.keys.create(revoked.record);
  await store.keys.revoke(revoked.accessKey, '2024-05-01T00:00:00.000Z');
  let clock = 0;
  const log = recordingLogger();
  const verifier = new KeyVerifier(store.keys, { refreshMs: 1000, now: () => clock, log });
  return { store, key, revoked, verifier, log, advance: (ms: number) => (clock += ms) };
}

describe('KeyVerifier while the key store is unreachable', () => {
  it('answers from the keys it holds, logs the loss once and the return once', async () => {
    const { store, key, revoked, verifier, log, advance } = await setup();
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
    store.unreachable = true;
    for (let i = 0; i < 5; i++) {
      advance(1000); // every refresh interval the store is asked again, and fails
      expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
      expect((await verifier.verify(revoked.accessKey, revoked.secretKey)).ok).toBe(false);
      expect((await verifier.verify(key.accessKey, 'wrong')).ok).toBe(false);
    }
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(log.lines[0].msg).toMatch(/answering from the keys already loaded/);

    store.unreachable = false;
    await store.keys.revoke(key.accessKey, '2024-05-02T00:00:00.000Z');
    advance(1000);
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(false);
    expect(log.lines.filter((l) => l.level === 'info')).toHaveLength(1);
  });

  it('does not ask the failing store on every request, only once per refresh interval', async () => {
    const { store, key, verifier, advance } = await setup();
    await verifier.verify(key.accessKey, key.secretKey);
    store.unreachable = true;
    advance(1000);
    await verifier.verify(key.accessKey, key.secretKey);
    expect(verifier.verifyNow(key.accessKey, key.secretKey)?.ok).toBe(true); // the fast path again
  });

  it('fails before it ever loaded a key: there is nothing to answer from', async () => {
    const { store, key, verifier } = await setup();
    store.unreachable = true;
    await expect(verifier.verify(key.accessKey, key.secretKey)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('KeyVerifier on a keys note', () => {
  it('refuses a key revoked in another process at once, long before its refresh interval', async () => {
    const { store, key, verifier } = await setup();
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
    await store.keys.revoke(key.accessKey, '2024-05-02T00:00:00.000Z');
    verifier.changed();
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(false);
  });

  it('a note while the store is unreachable changes nothing and throws nothing', async () => {
    const { store, key, verifier } = await setup();
    await verifier.verify(key.accessKey, key.secretKey);
    store.unreachable = true;
    verifier.changed();
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
  });
});

describe('KeyVerifier on a keys note during a reload', () => {
  it('a note arriving while a reload that read the old keys is in flight brings the change after it', async () => {
    const { store, key, verifier, advance } = await setup();
    await verifier.verify(key.accessKey, key.secretKey);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const plainList = store.keys.list.bind(store.keys);
    store.keys.list = async () => {
      const seen = await plainList(); // reads the keys before the revoke, then is slow
      await gate;
      return seen;
    };
    await store.keys.create(generateApiKey('other').record); // moves the version: the next check reloads
    advance(1000);
    const slow = verifier.verify(key.accessKey, key.secretKey);
    await new Promise((r) => setTimeout(r, 10));
    await store.keys.revoke(key.accessKey, '2024-05-02T00:00:00.000Z'); // committed meanwhile
    verifier.changed();
    release();
    await slow;
    store.keys.list = plainList;
    await new Promise((r) => setTimeout(r, 20));
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(false);
  });
});
