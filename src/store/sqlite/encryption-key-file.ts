import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { ENCRYPTION_KEY_BYTES } from '../field-cipher.js';

/** The embedded store's encryption key file, beside the database (docs/spec/orders.md §2). */
export const keyFileOf = (dbPath: string): string => `${dbPath}.key`;

/**
 * The key held in `file`, made on first use (32 random bytes, mode 0600). Written whole to a temporary
 * file and then linked into place, which fails when the file exists: two processes making it at once
 * agree on the winner's, and nobody ever reads a half-written key. `create` false (a read-only store)
 * only reads.
 */
export function loadOrCreateKeyFile(file: string, create: boolean): Buffer {
  if (create) {
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temp, randomBytes(ENCRYPTION_KEY_BYTES), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  let key: Buffer;
  try {
    key = readFileSync(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      throw new Error(
        `the encryption key file ${file} is missing: restore it, or set PORTCHECK_ENCRYPTION_KEY to the key the orders were written with`,
      );
    }
    throw error;
  }
  if (key.length !== ENCRYPTION_KEY_BYTES) {
    throw new Error(
      `the encryption key file ${file} holds ${key.length} bytes, not ${ENCRYPTION_KEY_BYTES}: restore it from a backup`,
    );
  }
  return key;
}
