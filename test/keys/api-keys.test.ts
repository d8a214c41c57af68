import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/orders/types.js';
import { ACCESS_KEY_PATTERN, createApiKey, generateApiKey, hashSecret } from '../../src/keys/api-keys.js';
import type { Store } from '../../src/store/store.js';
import { MemoryKeyStore } from './memory-key-store.js';

describe('generateApiKey', () => {
  it('makes a PK access key, a 256-bit base64url secret, and stores only its SHA-256', () => {
    const key = generateApiKey('  billing team ', new Date('2024-01-02T03:04:05Z'));
    expect(key.accessKey).toMatch(ACCESS_KEY_PATTERN);
    expect(key.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.secretKey, 'base64url')).toHaveLength(32);
    expect(key.record).toEqual({
      accessKey: key.accessKey,
      name: 'billing team',
      secretHash: createHash('sha256').update(key.secretKey).digest('hex'),
      createdAt: '2024-01-02T03:04:05.000Z',
      revokedAt: null,
      account: 'default',
      role: 'customer',
    });
    expect(JSON.stringify(key.record)).not.toContain(key.secretKey);
  });

  it('gives the key the account and role asked for, and refuses what cannot be one', () => {
    expect(
      generateApiKey('desk', new Date(), { account: 'acme-2.east_1', role: 'desk' }).record,
    ).toMatchObject({
      account: 'acme-2.east_1',
      role: 'desk',
    });
    expect(() => generateApiKey('k', new Date(), { account: '', role: 'customer' })).toThrow(/account id/);
    expect(() => generateApiKey('k', new Date(), { account: 'a b', role: 'customer' })).toThrow(/account id/);
    expect(() => generateApiKey('k', new Date(), { account: 'x'.repeat(65), role: 'customer' })).toThrow(
      /64/,
    );
    expect(() => generateApiKey('k', new Date(), { account: 'a', role: 'root' as Role })).toThrow(
      /customer, desk, admin/,
    );
  });

  it('never repeats itself', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey('k'));
    expect(new Set(keys.map((k) => k.accessKey)).size).toBe(200);
    expect(new Set(keys.map((k) => k.secretKey)).size).toBe(200);
  });

  it('refuses an empty or overlong name', () => {
    expect(() => generateApiKey('   ')).toThrow(/name/);
    expect(() => generateApiKey('x'.repeat(201))).toThrow(/200/);
  });

  it('hashSecret is hex SHA-256', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('createApiKey', () => {
  it('stores the record through the key store', async () => {
    const keys = new MemoryKeyStore();
    const created = await createApiKey({ keys } as unknown as Store, 'ops');
    expect(await keys.find(created.accessKey)).toEqual(created.record);
  });
});
