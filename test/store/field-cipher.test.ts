import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldCipher, FieldDecryptionError, parseEncryptionKey } from '../../src/store/field-cipher.js';

describe('FieldCipher', () => {
  const key = randomBytes(32);

  it('round-trips, as v1:<base64 of iv|tag|ciphertext>, with a fresh IV per value', () => {
    const cipher = new FieldCipher(key, 'test.db');
    const a = cipher.encrypt('4321');
    const b = cipher.encrypt('4321');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.slice(3), 'base64')).toHaveLength(12 + 16 + 4);
    expect(cipher.decrypt(a)).toBe('4321');
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('ünïcødé ✓'))).toBe('ünïcødé ✓');
  });

  it('fails loudly on another key, a damaged value or a plain one, naming the database', () => {
    const stored = new FieldCipher(key, 'a.db').encrypt('4321');
    const other = new FieldCipher(randomBytes(32), 'a.accounts.db');
    expect(() => other.decrypt(stored)).toThrow(FieldDecryptionError);
    expect(() => other.decrypt(stored)).toThrow(/a\.accounts\.db/);
    const raw = Buffer.from(stored.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => new FieldCipher(key, 'a.db').decrypt(`v1:${raw.toString('base64')}`)).toThrow(
      FieldDecryptionError,
    );
    expect(() => new FieldCipher(key, 'a.db').decrypt('4321')).toThrow(FieldDecryptionError);
    expect(() => new FieldCipher(key, 'a.db').decrypt('v1:AAAA')).toThrow(FieldDecryptionError);
  });

  it('fetches a lazy key once, at the first use', () => {
    let calls = 0;
    const cipher = new FieldCipher(() => {
      calls++;
      return key;
    }, 'a.db');
    expect(calls).toBe(0);
    cipher.decrypt(cipher.encrypt('x'));
    expect(calls).toBe(1);
  });
});

describe('parseEncryptionKey', () => {
  const key = randomBytes(32);
  it('takes 64 hex characters or the base64 (or base64url) of 32 bytes', () => {
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(` ${key.toString('hex').toUpperCase()}\n`)).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64url'))).toEqual(key);
  });

  it('refuses anything else without echoing it', () => {
    for (const bad of ['', 'secret', key.toString('hex').slice(2), randomBytes(16).toString('base64')]) {
      expect(() => parseEncryptionKey(bad)).toThrow(/64 hex characters or the base64 of 32 bytes/);
      if (bad) expect(() => parseEncryptionKey(bad)).not.toThrow(bad);
    }
  });
});
