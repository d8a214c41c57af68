import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order, OrderEventDraft } from '../../src/domain/orders/types.js';
import { FieldDecryptionError } from '../../src/store/field-cipher.js';
import { openStore } from '../../src/store/open.js';
import { accountsMigrations, accountsPathOf } from '../../src/store/sqlite/accounts-schema.js';
import { connect, type Db, migrate } from '../../src/store/sqlite/connection.js';
import { keyFileOf } from '../../src/store/sqlite/encryption-key-file.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { testDraft } from '../support/order-drafts.js';
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
    return testDraft('po_secret', ['12064205780'], {
      groupId: 'grp_1',
      numberType: 'wireless',
      endUser: {
        subscriberType: 'residential',
        entityName: 'Ann Smith',
        authorizedPerson: 'Ann Smith',
        accountNumber: ACCOUNT_NUMBER,
        pin: PIN,
        btn: '12064205780',
      },
    });
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

/** A number of the migration tests. */
const num = (i: number) => String(12_064_200_000 + i);

/** The latest accounts schema version: one a migration (counting them reads no database). */
const latestAccountsVersion = (db: Db) => accountsMigrations(db).length;

/**
 * For a describe block: a database path in a temporary folder (removed after each test) whose accounts
 * file is at accounts schema `version`, as that schema made it; its connection is left open to write
 * what that schema wrote, and for the caller to close.
 */
function olderAccounts(prefix: string): (version: number) => { path: string; accounts: Db } {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (version) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    const path = join(dir, 'portcheck.db');
    const main = connect(path);
    const accounts = connect(accountsPathOf(path));
    migrate(accounts, accountsMigrations(main).slice(0, version), 'accounts');
    main.close();
    return { path, accounts };
  };
}

describe('SQLite: orders written before the integer keys (accounts schema 5)', () => {
  const accountsAt = olderAccounts('portcheck-keyed-');

  /** An accounts file at schema 5 holding, as that schema wrote them, an open order and a completed one. */
  function schema5(): { path: string; open: Order; done: Order } {
    const { path, accounts } = accountsAt(5);
    const openDraft = testDraft('po_old_open', [num(1), num(2), num(3)]).order;
    // One of its numbers cancelled: it no longer holds its place.
    const open: Order = {
      ...openDraft,
      numbers: openDraft.numbers.map((x) => (x.number === num(3) ? { ...x, status: 'cancelled' } : x)),
    };
    const doneDraft = testDraft('po_old_done', [num(4)]).order;
    const done: Order = {
      ...doneDraft,
      status: 'completed',
      numbers: doneDraft.numbers.map((x) => ({ ...x, status: 'ported' })),
    };
    const insert = accounts.prepare(
      `INSERT INTO orders (id, account, group_id, status, customer_reference, losing_carrier_id, created_at,
         updated_at, version, foc_watch, body) VALUES (?, 'acme', ?, ?, NULL, 'LOSE', ?, ?, 1, NULL, ?)`,
    );
    const number = accounts.prepare('INSERT INTO order_numbers (order_id, number, open) VALUES (?, ?, ?)');
    for (const o of [open, done]) {
      insert.run(o.id, o.groupId, o.status, o.createdAt, o.updatedAt, JSON.stringify(o));
    }
    number.run(open.id, num(1), 1);
    number.run(open.id, num(2), 1);
    number.run(open.id, num(3), 0);
    number.run(done.id, num(4), 0);
    // An event as schema 5 stored it: every number in full.
    accounts
      .prepare(
        `INSERT INTO order_events (id, order_id, account, seq, type, occurred_at, data)
         VALUES ('evt_old', ?, 'acme', 1, 'port_order.created', ?, ?)`,
      )
      .run(
        open.id,
        open.createdAt,
        JSON.stringify({ status: 'draft', numbers: [{ number: num(1), status: 'active', foc_date: null }] }),
      );
    accounts.close();
    return { path, open, done };
  }

  it('keeps every order, its numbers and which of them hold their place', async () => {
    const { path, open, done } = schema5();
    const store = SqliteStore.open(path);
    try {
      expect(await store.orders.get(open.id)).toEqual(open);
      expect(await store.orders.get(done.id)).toEqual(done);
      expect(await store.orders.openOrdersOf([num(1), num(2), num(3), num(4)])).toEqual(
        new Map([
          [num(1), open.id],
          [num(2), open.id],
        ]),
      );
      const ids = async (number: string) =>
        (await store.orders.list({ number }, 10)).items.map((o) => o.id).sort();
      expect(await ids(num(3))).toEqual([open.id]);
      expect(await ids(num(4))).toEqual([done.id]);
      const events = await store.orders.events({ limit: 10 });
      expect(events.map((e) => e.data)).toEqual([
        { status: 'draft', numbers: [{ number: num(1), status: 'active', foc_date: null }] },
      ]);

      // The rule still holds across the old rows: a held number is refused, a released one is free.
      const clash = testDraft('po_new_clash', [num(2), num(5)]);
      await expect(store.orders.create([clash.order], clash.events)).rejects.toMatchObject({
        number: num(2),
        orderId: open.id,
      });
      const reuse = testDraft('po_new_reuse', [num(3), num(4)]);
      await store.orders.create([reuse.order], reuse.events);
      expect(await ids(num(4))).toEqual([reuse.order.id, done.id].sort());
    } finally {
      await store.close();
    }
    const raw = new Database(accountsPathOf(path), { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(latestAccountsVersion(raw));
    raw.close();
  });
});

describe('SQLite: numbers written one row each (accounts schema 6) become runs', () => {
  const accountsAt = olderAccounts('portcheck-runs-');

  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => num(from + i));

  /**
   * An accounts file at schema 6: an open order of 0..249 and 300..301, with 120 ported (no longer
   * holding its place), and a completed order of 400..402, their numbers one row each as schema 6 wrote
   * them (slot 0 while open, else the order's key).
   */
  function schema6(): { path: string; open: Order; done: Order } {
    const { path, accounts } = accountsAt(6);
    const openDraft = testDraft('po_six_open', [...range(0, 249), num(301), num(300)]).order;
    const open: Order = {
      ...openDraft,
      numbers: openDraft.numbers.map((x) => (x.number === num(120) ? { ...x, status: 'ported' } : x)),
    };
    const doneDraft = testDraft('po_six_done', range(400, 402)).order;
    const done: Order = {
      ...doneDraft,
      status: 'completed',
      numbers: doneDraft.numbers.map((x) => ({ ...x, status: 'ported' })),
    };
    const insert = accounts.prepare(
      `INSERT INTO orders (order_key, id, account, group_id, status, customer_reference, losing_carrier_id,
         created_at, updated_at, version, foc_watch, body) VALUES (?, ?, 'acme', ?, ?, NULL, 'LOSE', ?, ?, 1, NULL, ?)`,
    );
    const number = accounts.prepare('INSERT INTO order_numbers (number, slot, order_key) VALUES (?, ?, ?)');
    [open, done].forEach((o, i) => {
      const key = i + 1;
      insert.run(key, o.id, o.groupId, o.status, o.createdAt, o.updatedAt, JSON.stringify(o));
      for (const x of o.numbers) {
        const holds = o.status !== 'completed' && x.status === 'active';
        number.run(Number(x.number), holds ? 0 : key, key);
      }
    });
    accounts.close();
    return { path, open, done };
  }

  it('keeps which order holds each number, cut into runs of at most 100', async () => {
    const { path, open, done } = schema6();
    const store = SqliteStore.open(path);
    try {
      const raw = new Database(accountsPathOf(path), { readonly: true });
      const base = 12_064_200_000;
      expect(
        raw
          .prepare(
            'SELECT order_key, first - ?, last - ?, open FROM order_runs ORDER BY order_key, open DESC, first',
          )
          .raw()
          .all(base, base),
      ).toEqual([
        [1, 0, 99, 1],
        [1, 100, 119, 1],
        [1, 121, 220, 1],
        [1, 221, 249, 1],
        [1, 300, 301, 1],
        [1, 120, 120, 0],
        [2, 400, 402, 0],
      ]);
      expect(raw.pragma('user_version', { simple: true })).toBe(latestAccountsVersion(raw));
      raw.close();

      expect(await store.orders.get(open.id)).toEqual(open);
      const held = await store.orders.openOrdersOf([
        num(0),
        num(99),
        num(100),
        num(119),
        num(120),
        num(121),
        num(249),
        num(250),
        num(299),
        num(301),
        num(401),
      ]);
      expect([...held.keys()].sort()).toEqual(
        [num(0), num(99), num(100), num(119), num(121), num(249), num(301)].sort(),
      );
      expect(new Set(held.values())).toEqual(new Set([open.id]));
      const ids = async (number: string) =>
        (await store.orders.list({ number }, 10)).items.map((o) => o.id).sort();
      expect(await ids(num(120))).toEqual([open.id]);
      expect(await ids(num(249))).toEqual([open.id]);
      expect(await ids(num(250))).toEqual([]);
      expect(await ids(num(402))).toEqual([done.id]);

      // The rule holds across the converted runs: the first held number is named; released ones are free.
      const clash = testDraft('po_new_clash', [num(260), num(230), num(120)]);
      await expect(store.orders.create([clash.order], clash.events)).rejects.toMatchObject({
        number: num(230),
        orderId: open.id,
      });
      const reuse = testDraft('po_new_reuse', [num(120), ...range(400, 402), num(250)]);
      await store.orders.create([reuse.order], reuse.events);
      expect(await ids(num(401))).toEqual([reuse.order.id, done.id].sort());
      expect((await store.orders.openOrdersOf([num(120), num(250)])).get(num(120))).toBe(reuse.order.id);
    } finally {
      await store.close();
    }
  });
});

describe('SQLite: one index of order_runs by number (accounts schema 8)', () => {
  const accountsAt = olderAccounts('portcheck-runs-index-');

  it('replaces the two indexes of schema 7, and the number look-ups read it alone', async () => {
    const { path, accounts } = accountsAt(7);
    // A file at schema 7 with an open order, then opened by the store (which migrates it).
    const held = testDraft('po_seven_open', [num(0), num(1), num(2)]);
    const o = held.order;
    accounts
      .prepare(
        `INSERT INTO orders (order_key, id, account, group_id, status, customer_reference, losing_carrier_id,
           created_at, updated_at, version, foc_watch, body) VALUES (1, ?, ?, ?, ?, NULL, ?, ?, ?, 1, NULL, ?)`,
      )
      .run(
        o.id,
        o.account,
        o.groupId,
        o.status,
        o.losingCarrier.id,
        o.createdAt,
        o.updatedAt,
        JSON.stringify(o),
      );
    accounts
      .prepare('INSERT INTO order_runs (order_key, first, last, open) VALUES (1, ?, ?, 1)')
      .run(Number(num(0)), Number(num(2)));
    accounts.close();

    const store = SqliteStore.open(path);
    try {
      const raw = new Database(accountsPathOf(path), { readonly: true });
      const indexes = raw
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'order_runs' AND sql IS NOT NULL",
        )
        .pluck()
        .all();
      expect(indexes).toEqual(['order_runs_by_number']);
      // The open-run probe of a write and the look-up of a number's orders: a covering index range.
      const plan = (sql: string, ...params: unknown[]) =>
        (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
          .map((r) => r.detail)
          .join('\n');
      expect(
        plan(
          `SELECT o.id FROM json_each(?) j JOIN order_runs r ON r.open = 1 AND r.first BETWEEN (j.value ->> 1) - 99
             AND (j.value ->> 2) AND r.last >= (j.value ->> 1) JOIN orders o ON o.order_key = r.order_key`,
          '[]',
        ),
      ).toMatch(/SEARCH r USING COVERING INDEX order_runs_by_number \(first>\? AND first<\?\)/);
      expect(
        plan('SELECT order_key FROM order_runs WHERE first BETWEEN ? - 99 AND ? AND last >= ?', 1, 1, 1),
      ).toMatch(/USING COVERING INDEX order_runs_by_number/);
      raw.close();

      // The rule still holds on the migrated file: a held number is refused, another is free.
      const clash = testDraft('po_eight_clash', [num(2), num(3)]);
      await expect(store.orders.create([clash.order], clash.events)).rejects.toMatchObject({
        number: num(2),
        orderId: held.order.id,
      });
      const free = testDraft('po_eight_free', [num(3), num(4)]);
      await store.orders.create([free.order], free.events);
      expect([...(await store.orders.openOrdersOf([num(1), num(4), num(5)])).entries()]).toEqual([
        [num(1), held.order.id],
        [num(4), free.order.id],
      ]);
    } finally {
      await store.close();
    }
  });
});
