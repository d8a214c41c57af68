import { createHash, randomBytes } from 'node:crypto';
import { ROLES, type Role } from '../domain/orders/types.js';
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

/** Whose orders a key works on and what it may do (docs/spec/orders.md §1). */
export interface KeyAccess {
  account: string;
  role: Role;
}

export const DEFAULT_ACCOUNT = 'default';
export const DEFAULT_KEY_ACCESS: Readonly<KeyAccess> = Object.freeze({
  account: DEFAULT_ACCOUNT,
  role: 'customer',
});

/**
 * An account id: letters, digits and `._-`, starting with a letter or digit, at most 64
 * characters, so it reads the same in a URL query, a log line and a CSV.
 */
export const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Throws a one-line error when the account or role cannot be a key's. */
export function checkKeyAccess(access: KeyAccess): KeyAccess {
  if (!ACCOUNT_PATTERN.test(access.account)) {
    throw new Error(
      `An account id is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (got ${JSON.stringify(access.account)}).`,
    );
  }
  if (!(ROLES as readonly string[]).includes(access.role)) {
    throw new Error(`A role is one of ${ROLES.join(', ')} (got ${JSON.stringify(access.role)}).`);
  }
  return access;
}

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

/**
 * A new key with its record; nothing is stored. Throws on an empty or overlong name, or an
 * account or role checkKeyAccess refuses.
 */
export function generateApiKey(
  name: string,
  now: Date = new Date(),
  access: KeyAccess = DEFAULT_KEY_ACCESS,
): GeneratedApiKey {
  const { account, role } = checkKeyAccess(access);
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
      account,
      role,
    },
  };
}

/** Generates a key and stores its record (hash only). */
export async function createApiKey(
  store: Store,
  name: string,
  access: KeyAccess = DEFAULT_KEY_ACCESS,
): Promise<GeneratedApiKey> {
  const key = generateApiKey(name, new Date(), access);
  await store.keys.create(key.record);
  return key;
}
