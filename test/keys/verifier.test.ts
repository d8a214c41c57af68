import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/keys/api-keys.js';
import { KeyVerifier } from '../../src/keys/verifier.js';
import { MemoryKeyStore } from './memory-key-store.js';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

async function setup() {
  const keys = new MemoryKeyStore();
  const key = generateApiKey('test');
  await keys.create(key.record);
  let clock = 0;
  const verifier = new KeyVerifier(keys, { refreshMs: 1000, now: () => clock });
  return { keys, key, verifier, advance: (ms: number) => (clock += ms) };
}

describe('KeyVerifier', () => {
  it('accepts the right secret', async () => {
    const { key, verifier } = await setup();
    expect(await verifier.verifyHeader(basic(key.accessKey, key.secretKey))).toEqual({
      ok: true,
      accessKey: key.accessKey,
      name: 'test',
      account: 'default',
      role: 'customer',
    });
    expect(
      await verifier.verifyHeader(
        `basic  ${Buffer.from(`${key.accessKey}:${key.secretKey}`).toString('base64')}`,
      ),
    ).toMatchObject({ ok: true });
  });

  it('says whose orders the key works on and what it may do', async () => {
    const { keys, verifier } = await setup();
    const desk = generateApiKey('desk', new Date(), { account: 'acme', role: 'desk' });
    await keys.create(desk.record);
    expect(await verifier.verify(desk.accessKey, desk.secretKey)).toEqual({
      ok: true,
      accessKey: desk.accessKey,
      name: 'desk',
      account: 'acme',
      role: 'desk',
    });
  });

  it('names each kind of failure', async () => {
    const { key, verifier } = await setup();
    expect(await verifier.verifyHeader(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(await verifier.verifyHeader('Bearer abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifier.verifyHeader('Basic !!!')).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifier.verifyHeader(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(await verifier.verifyHeader(basic(key.accessKey, `${key.secretKey}x`))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(await verifier.verifyHeader(basic('PKAAAAAAAAAAAAAAAAAA', key.secretKey))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it('answers verifyHeaderNow without waiting only from a fresh cache, as verifyHeader would', async () => {
    const { key, verifier, advance } = await setup();
    const token = Buffer.from(`${key.accessKey}:${key.secretKey}`).toString('base64');
    expect(verifier.verifyHeaderNow(`Basic ${token}`)).toBeUndefined(); // nothing loaded yet
    expect(verifier.verifyHeaderNow(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(verifier.verifyHeaderNow(' \t')).toEqual({ ok: false, reason: 'missing' });
    expect(verifier.verifyHeaderNow('Basic ')).toEqual({ ok: false, reason: 'malformed' });
    await verifier.verifyHeader(`Basic ${token}`);
    // The plain form, and the forms only the regular expression reads, agree.
    const ok = { ok: true, accessKey: key.accessKey, name: 'test', account: 'default', role: 'customer' };
    const urlSafe = token.replace(/\+/g, '-').replace(/\//g, '_');
    for (const header of [
      `Basic ${token}`,
      `basic ${token}`,
      `Basic\t${token}`,
      `Basic ${token} `,
      `BASIC ${urlSafe}`,
    ]) {
      expect(verifier.verifyHeaderNow(header)).toEqual(ok);
      expect(await verifier.verifyHeader(header)).toEqual(ok);
    }
    expect(verifier.verifyHeaderNow(basic(key.accessKey, `${key.secretKey.slice(1)}A`))).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    advance(1000);
    expect(verifier.verifyHeaderNow(`Basic ${token}`)).toBeUndefined(); // time to ask the store again
  });

  it('loads every key once per version change, and asks the store nothing per request', async () => {
    const { keys, key, verifier, advance } = await setup();
    for (let i = 0; i < 5; i++) await verifier.verify(key.accessKey, key.secretKey);
    expect(keys.lists).toBe(1);
    advance(1000);
    await verifier.verify(key.accessKey, key.secretKey); // version asked again, unchanged
    expect(keys.lists).toBe(1);
    await keys.create(generateApiKey('second').record);
    advance(1000);
    await verifier.verify(key.accessKey, key.secretKey);
    expect(keys.lists).toBe(2);
    expect(keys.finds).toBe(0);
  });

  it('takes the same path for an unknown access key as for a wrong secret: no store query of its own', async () => {
    const { keys, key, verifier } = await setup();
    await verifier.verify(key.accessKey, key.secretKey);
    const queries = () => keys.finds + keys.lists;
    const before = queries();
    for (let i = 0; i < 20; i++) {
      const unknown = `PK${String(i).padStart(18, 'A')}`;
      expect(verifier.verifyNow(unknown, key.secretKey)).toEqual({ ok: false, reason: 'invalid' });
      expect(await verifier.verify(unknown, key.secretKey)).toEqual({ ok: false, reason: 'invalid' });
      expect(verifier.verifyNow(key.accessKey, 'wrong')).toMatchObject({ ok: false, reason: 'invalid' });
    }
    expect(queries()).toBe(before);
  });

  it('names the access key of a failure only when that key exists (a swapped key and secret is never echoed)', async () => {
    const { key, verifier } = await setup();
    // The secret typed as the access key, and the access key as the secret.
    const swapped = await verifier.verifyHeader(basic(key.secretKey, key.accessKey));
    expect(swapped).toEqual({ ok: false, reason: 'invalid' });
    expect(JSON.stringify(swapped)).not.toContain(key.secretKey);
    expect(await verifier.verify(key.accessKey, 'wrong')).toEqual({
      ok: false,
      reason: 'invalid',
      accessKey: key.accessKey,
    });
  });

  it('sees a revoke from another process once the refresh interval passed', async () => {
    const { keys, key, verifier, advance } = await setup();
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
    await keys.revoke(key.accessKey, new Date().toISOString());
    advance(999);
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
    advance(1);
    expect(await verifier.verify(key.accessKey, key.secretKey)).toEqual({
      ok: false,
      reason: 'revoked',
      accessKey: key.accessKey,
    });
  });

  it('sees a revoke in this process at once after invalidate()', async () => {
    const { keys, key, verifier } = await setup();
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(true);
    await keys.revoke(key.accessKey, new Date().toISOString());
    verifier.invalidate(key.accessKey);
    expect((await verifier.verify(key.accessKey, key.secretKey)).ok).toBe(false);
  });

  it('tells "revoked" only to someone holding the secret', async () => {
    const { keys, key, verifier } = await setup();
    await keys.revoke(key.accessKey, new Date().toISOString());
    expect(await verifier.verify(key.accessKey, 'guess')).toEqual({
      ok: false,
      reason: 'invalid',
      accessKey: key.accessKey,
    });
  });
});
