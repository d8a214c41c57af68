import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newDraftOrder } from '../../src/domain/orders/create.js';
import type { Order, OrderEventDraft } from '../../src/domain/orders/types.js';
import { FieldDecryptionError } from '../../src/store/field-cipher.js';
import { openStore } from '../../src/store/open.js';
import { accountsPathOf } from '../../src/store/sqlite/accounts-schema.js';
import { keyFileOf } from '../../src/store/sqlite/encryption-key-file.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ordersSuite } from './orders-suite.js';

ordersSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-orders-'));
  const path = join(dir, 'portcheck.db');
  return {
    open: async () => SqliteStore.open(path),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite: sensitive fields at rest', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'portcheck-cipher-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const PIN = 'PIN-7T3QX9';
  const ACCOUNT_NUMBER = 'ACCT-5K8W2M4R';

  function order(): { order: Order; events: OrderEventDraft[] } {
    return newDraftOrder(
      {
        id: 'po_secret',
        account: 'acme',
        groupId: 'grp_1',
        numberType: 'wireless',
        losingCarrier: { id: 'LOSE', name: 'Losing Co' },
        resellers: [],
        gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
        lata: 674,
        numbers: ['12064205780'],
        endUser: {
          subscriberType: 'residential',
          entityName: 'Ann Smith',
          authorizedPerson: 'Ann Smith',
          accountNumber: ACCOUNT_NUMBER,
          pin: PIN,
          btn: '12064205780',
          serviceAddress: null,
        },
        requestedFocDate: null,
        customerReference: null,
        alias: null,
      },
      new Date('2024-06-03T14:00:00Z'),
    );
  }

  /** Every byte SQLite keeps for the accounts file (the file and, if any, its WAL). */
  const accountsBytes = (path: string) =>
    Buffer.concat(
      [accountsPathOf(path), `${accountsPathOf(path)}-wal`].filter(existsSync).map((f) => readFileSync(f)),
    );

  it('stores the PIN and account number encrypted with a key file made beside the database (0600)', async () => {
    const path = join(tempDir(), 'portcheck.db');
    const store = SqliteStore.open(path);
    expect(existsSync(keyFileOf(path))).toBe(false);
    const { order: o, events } = order();
    await store.orders.create([o], events);
    expect(statSync(keyFileOf(path)).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFileOf(path))).toHaveLength(32);
    expect((await store.orders.get(o.id))?.endUser).toMatchObject({
      pin: PIN,
      accountNumber: ACCOUNT_NUMBER,
    });
    await store.close();

    const bytes = accountsBytes(path);
    expect(bytes.includes('Ann Smith')).toBe(true); // the order is there, in the clear where allowed
    expect(bytes.includes(PIN)).toBe(false);
    expect(bytes.includes(ACCOUNT_NUMBER)).toBe(false);
    const raw = new Database(accountsPathOf(path), { readonly: true });
    const body = JSON.parse(raw.prepare('SELECT body FROM orders').pluck().get() as string) as Order;
    raw.close();
    expect(body.endUser.pin).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(body.endUser.accountNumber).toMatch(/^v1:/);

    const again = SqliteStore.open(path);
    expect((await again.orders.get(o.id))?.endUser.pin).toBe(PIN);
    await again.close();
  });

  it('uses PORTCHECK_ENCRYPTION_KEY when given (no key file), and a wrong key is a clear error, never garbage', async () => {
    const path = join(tempDir(), 'portcheck.db');
    const key = randomBytes(32).toString('hex');
    const store = await openStore({ dbPath: path, encryptionKey: key });
    const { order: o, events } = order();
    await store.orders.create([o], events);
    await store.close();
    expect(existsSync(keyFileOf(path))).toBe(false);

    const right = await openStore({
      dbPath: path,
      encryptionKey: Buffer.from(key, 'hex').toString('base64'),
    });
    expect((await right.orders.get(o.id))?.endUser.accountNumber).toBe(ACCOUNT_NUMBER);
    await right.close();

    const wrong = await openStore({ dbPath: path, encryptionKey: randomBytes(32).toString('hex') });
    await expect(wrong.orders.get(o.id)).rejects.toThrow(FieldDecryptionError);
    await expect(wrong.orders.list({}, 10)).rejects.toThrow(/encryption key is not the one/);
    await wrong.close();

    // Without the key, the embedded store makes its own file: a different key, the same clear error.
    const fileKeyed = await openStore({ dbPath: path });
    await expect(fileKeyed.orders.get(o.id)).rejects.toThrow(FieldDecryptionError);
    await fileKeyed.close();
  });

  it('refuses a key of the wrong shape without showing it', async () => {
    await expect(
      openStore({ dbPath: join(tempDir(), 'p.db'), encryptionKey: 'abc123-not-a-key' }),
    ).rejects.toThrow(/64 hex characters or the base64 of 32 bytes/);
    await expect(
      openStore({ dbPath: join(tempDir(), 'p.db'), encryptionKey: 'abc123-not-a-key' }),
    ).rejects.not.toThrow(/abc123/);
  });

  it('a read-only store reads the orders with the existing key file and never makes one', async () => {
    const path = join(tempDir(), 'portcheck.db');
    const store = SqliteStore.open(path);
    const { order: o, events } = order();
    await store.orders.create([o], events);
    await store.close();
    const reader = SqliteStore.open(path, { readOnly: true });
    expect((await reader.orders.get(o.id))?.endUser.pin).toBe(PIN);
    await expect(reader.orders.create([o], events)).rejects.toThrow(/read-only/);
    await reader.close();

    rmSync(keyFileOf(path));
    const lost = SqliteStore.open(path, { readOnly: true });
    await expect(lost.orders.get(o.id)).rejects.toThrow(/key file .* is missing/);
    await lost.close();
    expect(existsSync(keyFileOf(path))).toBe(false);
  });
});
