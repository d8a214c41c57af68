// Sensitive order fields at rest (docs/spec/orders.md §2: `pin` and `account_number`), shared by the
// adapters: AES-256-GCM, a random 12-byte IV per value, stored as `v1:<base64 of iv | tag | ciphertext>`.
// GCM's tag makes a wrong key or a damaged value fail loudly instead of decrypting to garbage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const ENCRYPTION_KEY_BYTES = 32;

/** A value that cannot be decrypted with the key at hand (another key, or damaged). */
export class FieldDecryptionError extends Error {
  constructor(where: string) {
    super(
      `cannot decrypt a sensitive field of ${where}: the encryption key is not the one it was written with` +
        ' (set PORTCHECK_ENCRYPTION_KEY, or for the embedded store restore the key file beside the database), or the value is damaged',
    );
    this.name = 'FieldDecryptionError';
  }
}

/**
 * The key from its text (PORTCHECK_ENCRYPTION_KEY): 64 hex characters, or the base64 of 32 bytes.
 * Throws a one-line error otherwise, never echoing the text (it is a secret).
 */
export function parseEncryptionKey(text: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t, t.includes('-') || t.includes('_') ? 'base64url' : 'base64');
    if (key.length === ENCRYPTION_KEY_BYTES) return key;
  }
  throw new Error(
    'the encryption key (PORTCHECK_ENCRYPTION_KEY) must be 64 hex characters or the base64 of 32 bytes' +
      ' (e.g. the output of "openssl rand -hex 32")',
  );
}

/** Where the key comes from: given, or fetched (made, for a key file) the first time it is needed. */
export type KeySource = Buffer | (() => Buffer);

export class FieldCipher {
  private key: Buffer | null;

  /** `where` names the database in errors. */
  constructor(
    private readonly source: KeySource,
    private readonly where: string,
  ) {
    this.key = Buffer.isBuffer(source) ? FieldCipher.checked(source) : null;
  }

  private static checked(key: Buffer): Buffer {
    if (key.length !== ENCRYPTION_KEY_BYTES) {
      throw new Error(`an encryption key is ${ENCRYPTION_KEY_BYTES} bytes, not ${key.length}`);
    }
    return key;
  }

  private keyNow(): Buffer {
    if (this.key === null) this.key = FieldCipher.checked((this.source as () => Buffer)());
    return this.key;
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyNow(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(stored: string): string {
    if (!stored.startsWith(PREFIX)) throw new FieldDecryptionError(this.where);
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldDecryptionError(this.where);
    const key = this.keyNow(); // a missing key file says so itself
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new FieldDecryptionError(this.where);
    }
  }
}
