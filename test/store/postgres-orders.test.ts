import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { orderEvent } from '../../src/domain/orders/events.js';
import type { Order, OrderEventDraft } from '../../src/domain/orders/types.js';
import { FieldCipher, FieldDecryptionError } from '../../src/store/field-cipher.js';
import { openStore } from '../../src/store/open.js';
import { NumberInOpenOrder, type StoredEvent, VersionMismatch } from '../../src/store/orders-store.js';
import { OrderWriter } from '../../src/store/postgres/orders/orders.js';
import type { Queryable } from '../../src/store/postgres/orders/sql.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { testDraft } from '../support/order-drafts.js';
import {
  adminQuery,
  postgresReachable,
  storesPerTest,
  TEST_DATABASE_URL,
  testSchema,
} from '../support/postgres.js';
import { ordersSuite } from './orders-suite.js';

const reachable = await postgresReachable();
const KEY = randomBytes(32);
const PIN = 'PIN-7T3QX9';
const ACCOUNT_NUMBER = 'ACCT-5K8W2M4R';

describe.skipIf(!reachable)('PostgreSQL', () => {
  ordersSuite('PostgreSQL', async () => {
    const schema = testSchema();
    return {
      open: async () => PostgresStore.open(schema.url, { encryptionKey: KEY }),
      dispose: () => schema.drop(),
    };
  });
});

function draft(
  id: string,
  numbers: string[],
  o: { reference?: string; group?: string; pin?: string | null } = {},
): { order: Order; events: OrderEventDraft[] } {
  return testDraft(id, numbers, {
    groupId: o.group,
    numberType: 'wireless',
    endUser: {
      subscriberType: 'residential',
      entityName: 'Ann Smith',
      authorizedPerson: 'Ann Smith',
      accountNumber: o.pin === null ? null : ACCOUNT_NUMBER,
      pin: o.pin === undefined ? PIN : o.pin,
      btn: '12064205780',
    },
    customerReference: o.reference,
  });
}

const n = (i: number) => String(12_064_300_000 + i);

describe.skipIf(!reachable)('PostgreSQL port orders: several instances, keys at rest', () => {
  const { fresh, open, keep } = storesPerTest(KEY);

  it('lets exactly one of 50 concurrent updates of one version win, across two instances', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema.url), await open(schema.url)];
    const { order, events } = draft('po_A', [n(1)]);
    await one.orders.create([order], events);
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => {
        const next: Order = { ...order, version: 2, alias: `writer ${i}` };
        return (i % 2 ? two : one).orders.update({
          order: next,
          expectedVersion: 1,
          events: [orderEvent('port_order.numbers_changed', next, new Date('2024-06-03T15:00:00Z'))],
        });
      }),
    );
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionMismatch);
    }
    const stored = await two.orders.get('po_A');
    expect(stored).toMatchObject({ version: 2, alias: `writer ${won[0]}` });
    expect((await one.orders.events({ orderId: 'po_A', limit: 10 })).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('lets exactly one of two instances creating orders with the same number at once succeed, each time', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema.url), await open(schema.url)];
    for (let round = 0; round < 20; round++) {
      const a = draft(`po_${round}_a`, [n(100 + round), n(round)]);
      const b = draft(`po_${round}_b`, [n(round), n(200 + round)]);
      const results = await Promise.allSettled([
        one.orders.create([a.order], a.events),
        two.orders.create([b.order], b.events),
      ]);
      const won = results.findIndex((r) => r.status === 'fulfilled');
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results[1 - won] as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(NumberInOpenOrder);
      expect(lost.reason).toMatchObject({ number: n(round), orderId: won === 0 ? a.order.id : b.order.id });
    }
    const held = await one.orders.openOrdersOf(Array.from({ length: 20 }, (_, i) => n(i)));
    expect(held.size).toBe(20);
  });

  it('lets exactly one of two instances take a customer reference at once', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema.url), await open(schema.url)];
    for (let round = 0; round < 10; round++) {
      const a = draft(`po_${round}_a`, [n(2 * round)], { reference: `REF-${round}` });
      const b = draft(`po_${round}_b`, [n(2 * round + 1)], { reference: `REF-${round}` });
      const results = await Promise.allSettled([
        one.orders.create([a.order], a.events),
        two.orders.create([b.order], b.events),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toMatchObject({ name: 'DuplicateCustomerReference' });
    }
  });

  it('hands out event positions in commit order: a reader paging with `after` while two instances write misses nothing, and a create’s events never interleave with another’s', async () => {
    const schema = fresh();
    const [one, two, reader] = [await open(schema.url), await open(schema.url), await open(schema.url)];
    const seen: StoredEvent[] = [];
    let writing = true;
    const read = (async () => {
      for (;;) {
        const done = !writing; // one more read after the writers finished
        const after = seen.at(-1)?.position;
        seen.push(...(await reader.orders.events({ ...(after ? { after } : {}), limit: 1000 })));
        if (done) return;
      }
    })();
    // Each create a group of three orders, whose events are appended in one statement.
    const created: StoredEvent[][] = [];
    await Promise.all(
      [one, two].map(async (store, s) => {
        for (let i = 0; i < 60; i++) {
          const drafts = [0, 1, 2].map((k) =>
            draft(`po_${s}_${i}_${k}`, [n(10_000 * (s + 1) + 3 * i + k)], { group: `grp_${s}_${i}` }),
          );
          const events = drafts.flatMap((d) => d.events);
          created.push(
            await store.orders.create(
              drafts.map((d) => d.order),
              [...events, ...events.map((e) => ({ ...e, type: 'port_order.numbers_changed' as const }))],
            ),
          );
        }
      }),
    );
    writing = false;
    await read;
    expect(seen).toHaveLength(720);
    expect(new Set(seen.map((e) => e.orderId)).size).toBe(360);
    const positions = seen.map((e) => Number(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Every create's six events are next to each other as read, in the order they were given.
    const at = new Map(seen.map((e, i) => [e.id, i]));
    for (const events of created) {
      const first = at.get(events[0].id) ?? -1;
      expect(events.map((e) => at.get(e.id))).toEqual([0, 1, 2, 3, 4, 5].map((k) => first + k));
      expect(events.map((e) => e.seq)).toEqual([1, 1, 1, 2, 2, 2]);
    }
  });

  it('stores the PIN and account number encrypted; without PORTCHECK_ENCRYPTION_KEY order writes are refused, a wrong key is a clear error', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const { order, events } = draft('po_secret', [n(1)]);
    await store.orders.create([order], events);
    const raw = await adminQuery(`SELECT body FROM "${schema.schema}".orders`);
    const body = raw.rows[0].body as string;
    expect(body).toContain('Ann Smith');
    expect(body).not.toContain(PIN);
    expect(body).not.toContain(ACCOUNT_NUMBER);
    expect((JSON.parse(body) as Order).endUser.pin).toMatch(/^v1:/);

    // The same key through openStore's text form (base64 here) reads it back.
    const again = await openStore({ databaseUrl: schema.url, encryptionKey: KEY.toString('base64') });
    keep(again);
    expect((await again.orders.get('po_secret'))?.endUser).toMatchObject({
      pin: PIN,
      accountNumber: ACCOUNT_NUMBER,
    });

    const keyless = await open(schema.url, { key: null });
    const plain = draft('po_plain', [n(2)], { pin: null });
    await expect(keyless.orders.create([plain.order], plain.events)).rejects.toThrow(
      /port orders on PostgreSQL need PORTCHECK_ENCRYPTION_KEY/,
    );
    const moved: Order = { ...order, version: 2 };
    await expect(keyless.orders.update({ order: moved, expectedVersion: 1, events: [] })).rejects.toThrow(
      /PORTCHECK_ENCRYPTION_KEY/,
    );
    await expect(keyless.orders.get('po_secret')).rejects.toThrow(/PORTCHECK_ENCRYPTION_KEY/);
    // What holds nothing secret works without it.
    expect(
      await keyless.orders.importHolidays([{ date: '2024-12-25', carrierId: null, name: 'X' }], false),
    ).toEqual({ inserted: 1, updated: 0, deleted: 0 });
    expect(await keyless.orders.events({ limit: 10 })).toHaveLength(1);
    expect(await keyless.orders.openOrdersOf([n(1)])).toEqual(new Map([[n(1), 'po_secret']]));

    const wrong = await open(schema.url, { key: randomBytes(32) });
    await expect(wrong.orders.get('po_secret')).rejects.toThrow(FieldDecryptionError);
  });

  it('a read-only store reads the orders and refuses every write', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const { order, events } = draft('po_A', [n(1)]);
    await store.orders.create([order], events);
    const reader = await open(schema.url, { readOnly: true });
    expect(await reader.orders.get('po_A')).toEqual(order);
    await expect(reader.orders.create([order], events)).rejects.toThrow(/read-only/);
    await expect(reader.orders.importHolidays([], true)).rejects.toThrow(/read-only/);
    await expect(
      reader.orders.claimIdempotency({ scope: 'S', key: 'k', requestHash: 'h' }, '2024-06-03T14:00:00Z'),
    ).rejects.toThrow(/read-only/);
  });

  it('lists the first page of a status filter from its index, without sorting every match', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const { order, events } = draft('po_seed', [n(1)]);
    await store.orders.create([order], events);
    // 200,000 orders straight in SQL (only the columns the list reads matter here): four common
    // statuses in turn, and a rare one only among the oldest 1,000.
    await adminQuery(
      `INSERT INTO "${schema.schema}".orders (id, account, group_id, status, customer_reference, losing_carrier_id,
         created_at, updated_at, version, foc_watch, body)
       SELECT 'po_' || lpad(i::text, 7, '0'), 'acct_' || (i % 50), 'grp_' || i,
              CASE WHEN i <= 1000 THEN 'exception' ELSE (ARRAY['draft','submitted','in_review','cancelled'])[1 + i % 4] END, NULL, 'LOSE',
              to_char(timestamp '2024-01-01' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              '2024-06-01T00:00:00.000Z', 1, NULL, replace((SELECT body FROM "${schema.schema}".orders WHERE id = 'po_seed'), '"po_seed"', '"po_' || lpad(i::text, 7, '0') || '"')
       FROM generate_series(1, 200000) AS i;
       ANALYZE "${schema.schema}".orders;`,
    );
    const plan = async (where: string) => {
      const text = (
        await adminQuery(
          `EXPLAIN SELECT created_at, id, body FROM "${schema.schema}".orders WHERE ${where}
           ORDER BY created_at DESC, id DESC LIMIT 51`,
        )
      ).rows
        .map((r) => r['QUERY PLAN'] as string)
        .join('\n');
      return text;
    };
    for (const where of [
      "status = 'submitted'",
      "status = 'exception'",
      "account = 'acct_7' AND status = 'draft'",
    ]) {
      const text = await plan(where);
      expect(text).toMatch(/Index Scan Backward/);
      expect(text).not.toMatch(/Sort/);
    }
    // The rare status is not found by walking the newest orders.
    expect(await plan("status = 'exception'")).toMatch(/using orders_by_status/);
    const page = await store.orders.list({ status: ['submitted', 'exception'] }, 50);
    expect(page.items).toHaveLength(50);
    expect(page.items[0].id).toBe('po_0199997'); // i % 4 = 1: submitted, the newest of them
    const rare = await store.orders.list({ status: ['exception'] }, 50);
    expect(rare.items[0].id).toBe('po_0001000');
  });
});

/**
 * Creates `orders` through an OrderWriter on a connection of the test's own, in one transaction;
 * `around` runs before and after each statement that inserts open numbers (`attempt` from 0);
 * `statement` sees every statement's text.
 */
async function createThrough(
  schema: string,
  orders: ReturnType<typeof draft>[],
  around: {
    before?: (attempt: number) => Promise<void>;
    after?: (attempt: number) => Promise<void>;
    statement?: (text: string) => void;
  },
): Promise<number> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    options: `-c search_path=${schema}`,
  });
  await client.connect();
  let attempts = 0;
  const q: Queryable = {
    query: async (text, values = []) => {
      around.statement?.(text);
      const open = /ON CONFLICT/.test(text);
      if (open) await around.before?.(attempts);
      const result = await client.query({ text, values: values as unknown[], rowMode: 'array' });
      if (open) await around.after?.(attempts++);
      return result;
    },
  };
  const writer = new OrderWriter(new FieldCipher(KEY, 'test'), {
    events: `events ${schema}`,
    reference: (account, reference) => `${schema}\t${account}\t${reference}`,
  });
  try {
    await client.query('BEGIN');
    await writer.create(
      q,
      orders.map((o) => o.order),
      orders.flatMap((o) => o.events),
    );
    await client.query('COMMIT');
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end();
  }
  return attempts;
}

describe.skipIf(!reachable)('PostgreSQL port orders: numbers written in batches', () => {
  const { fresh, open } = storesPerTest(KEY);
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => n(from + i));

  it('refuses a large group when several of its numbers are held, naming the first as before (order by order, then number) and writing nothing', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    for (const [id, numbers] of [
      ['po_X', [n(7000), n(9000)]],
      ['po_Y', [n(3000)]],
      ['po_Z', [n(4000)]],
    ] as const) {
      const d = draft(id, [...numbers]);
      await store.orders.create([d.order], d.events);
    }
    // The first order's held numbers come first, though the second's are smaller.
    const a = draft('po_A', range(5000, 5000).reverse(), { group: 'g' });
    const b = draft('po_B', range(0, 5000), { group: 'g' });
    const refused = store.orders.create([a.order, b.order], [...a.events, ...b.events]);
    await expect(refused).rejects.toThrow(NumberInOpenOrder);
    await expect(refused).rejects.toMatchObject({ number: n(7000), orderId: 'po_X' });
    const c = draft('po_C', range(0, 10_000));
    await expect(store.orders.create([c.order], c.events)).rejects.toMatchObject({
      name: 'NumberInOpenOrder',
      number: n(3000),
      orderId: 'po_Y',
    });
    const count = await adminQuery(`SELECT count(*)::int AS c FROM "${schema.schema}".order_numbers`);
    expect(count.rows[0].c).toBe(4);
    expect(await store.orders.get('po_A')).toBeNull();
    expect(await store.orders.get('po_C')).toBeNull();
    // A number listed twice in one order (the domain never does) is its own holder, as before.
    const d = draft('po_D', [...range(10_000, 100), n(10_050)]);
    await expect(store.orders.create([d.order], d.events)).rejects.toMatchObject({
      name: 'NumberInOpenOrder',
      number: n(10_050),
      orderId: 'po_D',
    });
  });

  it('tries the numbers again when their holder released them between the insert and the look-up of the holder', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const held = draft('po_H', [n(3), n(8)]);
    await store.orders.create([held.order], held.events);
    const b = draft('po_B', range(0, 10));
    const attempts = await createThrough(schema.schema, [b], {
      after: async (attempt) => {
        if (attempt === 0)
          await adminQuery(
            `UPDATE "${schema.schema}".order_numbers SET open = false WHERE order_id = 'po_H'`,
          );
      },
    });
    // Once more, all of them: the rows taken by the first try were undone, not kept twice.
    expect(attempts).toBe(2);
    const holders = await store.orders.openOrdersOf(range(0, 10));
    expect([...holders.values()]).toEqual(Array(10).fill('po_B'));
    expect(await store.orders.get('po_B')).toEqual(b.order);
  });

  it('gives up on a number that keeps changing hands, after five tries', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const table = `"${schema.schema}".order_numbers`;
    const b = draft('po_B', range(0, 10));
    await expect(
      createThrough(schema.schema, [b], {
        before: () => adminQuery(`INSERT INTO ${table} VALUES ('po_H', $1, true)`, [n(4)]).then(() => {}),
        after: () => adminQuery(`DELETE FROM ${table} WHERE order_id = 'po_H'`).then(() => {}),
      }),
    ).rejects.toThrow(`number ${n(4)} kept changing hands while port order po_B was written: try again`);
    expect(await store.orders.get('po_B')).toBeNull();
  });

  it('an update writes only the number rows that change: the others keep their row version (ctid, xmin)', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const table = `"${schema.schema}".order_numbers`;
    const versions = async (): Promise<Map<string, string>> =>
      new Map(
        (
          await adminQuery(
            `SELECT number, ctid::text || '/' || xmin::text || '/' || open AS v FROM ${table} WHERE order_id = 'po_A'`,
          )
        ).rows.map((r) => [r.number as string, r.v as string]),
      );
    const { order, events } = draft('po_A', range(0, 1000));
    await store.orders.create([order], events);
    const first = await versions();
    const untouched = (now: Map<string, string>, numbers: string[]) => {
      for (const number of numbers) expect(now.get(number), number).toBe(first.get(number));
    };
    let version = 1;
    const update = (o: Order) => {
      const next: Order = { ...o, version: version + 1 };
      return store.orders
        .update({
          order: next,
          expectedVersion: version,
          events: [orderEvent('port_order.numbers_changed', next, new Date('2024-06-03T15:00:00Z'))],
        })
        .then(() => {
          version++;
          return next;
        });
    };
    const status = (o: Order, numbers: string[], to: Order['numbers'][number]['status']): Order => ({
      ...o,
      numbers: o.numbers.map((x) => (numbers.includes(x.number) ? { ...x, status: to } : x)),
    });

    // Ten numbers removed, ten added, ten ported (closed): the other 970 rows are not written.
    const removed = range(0, 10);
    const ported = range(10, 10);
    let a = await update(
      status(
        {
          ...order,
          numbers: [
            ...order.numbers.filter((x) => !removed.includes(x.number)),
            ...range(2000, 10).map((number) => ({
              number,
              status: 'active' as const,
              focDate: null,
              rejection: null,
            })),
          ],
        },
        ported,
        'ported',
      ),
    );
    let now = await versions();
    expect(now.size).toBe(1000);
    for (const number of removed) expect(now.has(number)).toBe(false);
    for (const number of ported) expect(now.get(number)).toMatch(/\/false$/);
    untouched(now, range(20, 980));
    expect(await store.orders.openOrdersOf([...removed, ...ported, ...range(2000, 10)])).toEqual(
      new Map(range(2000, 10).map((number) => [number, 'po_A'])),
    );

    // A closed number open again goes back through the unique index: refused while another order holds it.
    const b = draft('po_B', [n(15)]);
    await store.orders.create([b.order], b.events);
    await expect(update(status(a, ported, 'active'))).rejects.toMatchObject({
      name: 'NumberInOpenOrder',
      number: n(15),
      orderId: 'po_B',
    });
    expect(await versions()).toEqual(now);
    await store.orders.update({
      order: { ...b.order, version: 2, status: 'cancelled' },
      expectedVersion: 1,
      events: [],
    });
    a = await update(status(a, ported, 'active'));
    now = await versions();
    for (const number of ported) expect(now.get(number)).toMatch(/\/true$/);
    untouched(now, range(20, 980));

    // A change of status alone writes no number row; a cancel flips them all, writing no other row.
    const before = await versions();
    a = await update({ ...a, status: 'in_review' });
    expect(await versions()).toEqual(before);
    a = await update({ ...a, status: 'cancelled' });
    now = await versions();
    expect([...now.keys()].sort()).toEqual([...before.keys()].sort());
    for (const v of now.values()) expect(v).toMatch(/\/false$/);
    expect(await store.orders.get('po_A')).toEqual(a);
    expect(await store.orders.openOrdersOf(range(0, 3000))).toEqual(new Map());
  });

  it('two instances creating large orders with crossing numbers at once: one wins, the other is told who holds them, never a deadlock', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema.url), await open(schema.url)];
    for (let round = 0; round < 8; round++) {
      const base = round * 10_000;
      // 1,000 numbers in common (the last of the one, the first of the other), given in opposite orders.
      const a = draft(`po_${round}_a`, range(base, 5000));
      const b = draft(`po_${round}_b`, range(base + 4000, 5000).reverse());
      const results = await Promise.allSettled([
        one.orders.create([a.order], a.events),
        two.orders.create([b.order], b.events),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const won = results.findIndex((r) => r.status === 'fulfilled');
      const lost = results[1 - won] as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(NumberInOpenOrder);
      expect(lost.reason).toMatchObject({
        number: n(base + 4000),
        orderId: won === 0 ? a.order.id : b.order.id,
      });
    }
  });
});

describe.skipIf(!reachable)(
  'PostgreSQL port orders: a create of many orders in a constant number of statements',
  () => {
    const { fresh, open } = storesPerTest(KEY);

    /** `count` orders of one group (`group`), two numbers each from `from`, one `created` event each. */
    const group = (prefix: string, count: number, from: number, o: { reference?: string } = {}) =>
      Array.from({ length: count }, (_, i) =>
        draft(`${prefix}_${String(i).padStart(3, '0')}`, [n(from + 2 * i), n(from + 2 * i + 1)], {
          group: `grp_${prefix}`,
          ...o,
        }),
      );
    const create = (store: Store, drafts: ReturnType<typeof draft>[]) =>
      store.orders.create(
        drafts.map((d) => d.order),
        drafts.flatMap((d) => d.events),
      );

    it('the orders of one group share a customer reference; an order of another group may not take it, and nothing of that create is written', async () => {
      const schema = fresh();
      const store = await open(schema.url);
      const a = group('po_a', 30, 0, { reference: 'REF-1' });
      await create(store, a);
      for (const d of a) expect(await store.orders.get(d.order.id)).toEqual(d.order);

      // One order among many with the taken reference (the others with none, or one of their own).
      const b = group('po_b', 30, 1000, { reference: 'REF-2' });
      const taken = draft('po_b_x', [n(2000)], { group: 'grp_po_b', reference: 'REF-1' });
      await expect(create(store, [...b.slice(0, 10), taken, ...b.slice(10)])).rejects.toMatchObject({
        name: 'DuplicateCustomerReference',
        reference: 'REF-1',
      });
      expect(await store.orders.get(b[0].order.id)).toBeNull();
      expect(await store.orders.openOrdersOf([n(1000), n(2000)])).toEqual(new Map());
      // Without it, the same group goes in, and its orders share their own reference.
      await create(store, b);
      const page = await store.orders.list({ customerReference: 'REF-2' }, 100);
      expect(page.items).toHaveLength(30);
    });

    it('a create of 89 orders appends their events in the order given, each order’s seq from 1, in as many statements as a create of one order; an update continues each seq', async () => {
      const schema = fresh();
      const store = await open(schema.url);
      const statementsOf = async (drafts: ReturnType<typeof draft>[]) => {
        let count = 0;
        await createThrough(schema.schema, drafts, { statement: () => count++ });
        return count;
      };
      const one = await statementsOf(group('po_one', 1, 0, { reference: 'REF-1' }));
      expect(await statementsOf(group('po_many', 89, 100, { reference: 'REF-2' }))).toBe(one);
      expect(one).toBeLessThanOrEqual(8);

      // Two events per order: every `created` first, then the second ones in reverse order of orders.
      const drafts = group('po_a', 89, 1000);
      const seconds = drafts
        .map((d) => orderEvent('port_order.numbers_changed', d.order, new Date('2024-06-03T14:30:00Z')))
        .reverse();
      const given = [...drafts.flatMap((d) => d.events), ...seconds];
      const stored = await store.orders.create(
        drafts.map((d) => d.order),
        given,
      );
      expect(stored.map((e) => [e.orderId, e.type])).toEqual(given.map((e) => [e.orderId, e.type]));
      const positions = stored.map((e) => Number(e.position));
      for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
      expect(stored.map((e) => e.seq)).toEqual([...Array(89).fill(1), ...Array(89).fill(2)]);
      expect(new Set(stored.map((e) => e.id)).size).toBe(178);
      for (const e of stored) expect(e.id).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
      // What a reader gets is what the create returned, data included.
      const read = await store.orders.events({ after: String(positions[0] - 1), limit: 1000 });
      expect(read).toEqual(stored);

      // An update of an order with events continues its seq, whatever the order of its events.
      const order = drafts[7].order;
      const next: Order = { ...order, version: 2, alias: 'moved' };
      const at = new Date('2024-06-03T15:00:00Z');
      const more = await store.orders.update({
        order: next,
        expectedVersion: 1,
        events: [
          orderEvent('port_order.numbers_changed', next, at),
          orderEvent('port_order.status_changed', next, at),
        ],
      });
      expect(more.map((e) => e.seq)).toEqual([3, 4]);
      expect(Number(more[0].position)).toBeGreaterThan(positions.at(-1) ?? 0);
      expect(Number(more[1].position)).toBeGreaterThan(Number(more[0].position));
      expect((await store.orders.events({ orderId: order.id, limit: 10 })).map((e) => e.seq)).toEqual([
        1, 2, 3, 4,
      ]);
    });

    it('a create of 1,001 orders, beyond which bodies and data go as one array literal, reads back as written', async () => {
      const schema = fresh();
      const store = await open(schema.url);
      // Quotes and backslashes, which the array literal escapes.
      const drafts = group('po_big', 1001, 0).map((d) => ({
        ...d,
        order: { ...d.order, alias: 'say "hi" \\ {x}' },
      }));
      const stored = await create(store, drafts);
      expect(stored.map((e) => e.seq)).toEqual(Array(1001).fill(1));
      for (const i of [0, 500, 1000])
        expect(await store.orders.get(drafts[i].order.id)).toEqual(drafts[i].order);
      expect(await store.orders.events({ limit: 2000 })).toEqual(stored);
    });
  },
);
