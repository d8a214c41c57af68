import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRecord, Store } from '../store/store.js';

/**
 * API keys are an access key (public, an identifier: `PK` + 18 base32
 * characters) and a secret (32 random bytes, base64url, shown once).
 *
 * Only the hex SHA-256 of the secret is stored. A slow password hash (bcrypt,
 * scrypt) exists to make guessing low-entropy human passwords expensive; these
 * secrets are 256 random bits, which no amount of guessing reaches, so a fast
 * hash loses nothing and keeps every request free of a deliberate ~50 ms of
 * CPU.
 */
export interface GeneratedApiKey {
  accessKey: string;
  /** The only time the secret exists outside the client: print it, never log it. */
  secretKey: string;
  record: ApiKeyRecord;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const ACCESS_KEY_PATTERN = /^PK[A-Z2-7]{18}$/;
const MAX_KEY_NAME_LENGTH = 200;

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Hex SHA-256 of a secret, as stored in ApiKeyRecord.secretHash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new key with its record; nothing is stored. Throws on an empty or overlong name. */
export function generateApiKey(name: string, now: Date = new Date()): GeneratedApiKey {
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('An API key needs a name.');
  if (trimmed.length > MAX_KEY_NAME_LENGTH) {
    throw new Error(`An API key name is at most ${MAX_KEY_NAME_LENGTH} characters.`);
  }
  const accessKey = `PK${base32(randomBytes(12), 18)}`;
  const secretKey = randomBytes(32).toString('base64url');
  return {
    accessKey,
    secretKey,
    record: {
      accessKey,
      name: trimmed,
      secretHash: hashSecret(secretKey),
      createdAt: now.toISOString(),
      revokedAt: null,
    },
  };
}

/** Generates a key and stores its record (hash only). */
export async function createApiKey(store: Store, name: string): Promise<GeneratedApiKey> {
  const key = generateApiKey(name);
  await store.keys.create(key.record);
  return key;
}
