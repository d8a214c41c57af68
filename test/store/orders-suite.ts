import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderEvent } from '../../src/domain/orders/events.js';
import { DEFAULT_ORDER_SETTINGS } from '../../src/domain/orders/settings.js';
import { split } from '../../src/domain/orders/split.js';
import type { EndUser, Order, OrderEventDraft, OrderStatus } from '../../src/domain/orders/types.js';
import {
  DuplicateCustomerReference,
  type IdempotencyKey,
  InvalidCursor,
  NumberInOpenOrder,
  type OrderStore,
  VersionMismatch,
} from '../../src/store/orders-store.js';
import type { Store } from '../../src/store/store.js';
import { SEATTLE_ADDRESS, testDraft } from '../support/order-drafts.js';
import type { StoreHarness } from './store-suite.js';

const T0 = new Date('2024-06-03T14:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const END_USER: EndUser = {
  subscriberType: 'business',
  entityName: 'Acme Plumbing',
  authorizedPerson: 'Ann Smith',
  accountNumber: 'ACCT-99812',
  pin: '4321',
  btn: '12064205780',
  serviceAddress: SEATTLE_ADDRESS,
};

interface DraftOptions {
  account?: string;
  group?: string;
  reference?: string | null;
  carrier?: string;
  created?: Date;
}

function draft(
  id: string,
  numbers: string[],
  o: DraftOptions = {},
): { order: Order; events: OrderEventDraft[] } {
  return testDraft(
    id,
    numbers,
    {
      account: o.account,
      groupId: o.group,
      losingCarrier: { id: o.carrier ?? 'LOSE', name: 'Losing Co' },
      endUser: END_USER,
      customerReference: o.reference,
    },
    o.created ?? T0,
  );
}

/** The order moved to `status` as the domain would write it (version +1, an event). */
function moved(
  order: Order,
  status: OrderStatus,
  when: Date = at(1),
): { order: Order; events: OrderEventDraft[] } {
  const next: Order = {
    ...order,
    status,
    version: order.version + 1,
    updatedAt: when.toISOString(),
    statusUpdatedAt: when.toISOString(),
    numbers:
      status === 'completed'
        ? order.numbers.map((n) => ({ ...n, status: 'ported' as const }))
        : status === 'cancelled'
          ? order.numbers.map((n) => ({ ...n, status: 'cancelled' as const }))
          : order.numbers,
  };
  return {
    order: next,
    events: [orderEvent('port_order.status_changed', next, when, { from: order.status, to: status })],
  };
}

const n = (i: number) => String(12_064_200_000 + i);

/**
 * The port orders' contract every adapter runs (orders-store.ts), on real databases. `open()` gives
 * a new Store on the same database each time (another process, as far as the store can tell).
 */
export function ordersSuite(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`OrderStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    let orders: OrderStore;
    const opened: Store[] = [];

    const reopen = async () => {
      const s = await harness.open();
      opened.push(s);
      return s;
    };

    async function created(id: string, numbers: string[], o: DraftOptions = {}): Promise<Order> {
      const { order, events } = draft(id, numbers, o);
      await orders.create([order], events);
      return order;
    }

    async function write(order: Order, status: OrderStatus, when?: Date): Promise<Order> {
      const next = moved(order, status, when);
      await orders.update({ order: next.order, expectedVersion: order.version, events: next.events });
      return next.order;
    }

    beforeEach(async () => {
      harness = await makeStore();
      store = await reopen();
      orders = store.orders;
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await harness.dispose();
    });

    describe('create and get', () => {
      it('stores a group of orders with their events, and reads each back as written', async () => {
        const a = draft('po_A', [n(1), n(2)], { group: 'grp_1', reference: 'REF-1' });
        const b = draft('po_B', [n(3)], { group: 'grp_1', reference: 'REF-1', carrier: 'OTHER' });
        const events = await orders.create([a.order, b.order], [...a.events, ...b.events]);
        expect(events.map((e) => [e.type, e.orderId, e.account, e.seq])).toEqual([
          ['port_order.created', 'po_A', 'acme', 1],
          ['port_order.created', 'po_B', 'acme', 1],
        ]);
        expect(events[0].id).toMatch(/^evt_/);
        expect(events[0].id).not.toBe(events[1].id);
        expect(await orders.get('po_A')).toEqual(a.order);
        expect(await orders.get('po_B')).toEqual(b.order);
        expect((await orders.get('po_A'))?.endUser).toMatchObject({
          pin: '4321',
          accountNumber: 'ACCT-99812',
        });
        expect(await orders.get('po_nope')).toBeNull();
      });

      it('refuses a number already in another open order, naming it, and writes nothing of the group', async () => {
        await created('po_A', [n(1), n(2)]);
        const b = draft('po_B', [n(5)], { group: 'grp_2' });
        const c = draft('po_C', [n(6), n(2)], { group: 'grp_2' });
        const refused = orders.create([b.order, c.order], [...b.events, ...c.events]);
        await expect(refused).rejects.toThrow(NumberInOpenOrder);
        await expect(refused).rejects.toMatchObject({ number: n(2), orderId: 'po_A' });
        expect(await orders.get('po_B')).toBeNull();
        expect(await orders.get('po_C')).toBeNull();
        expect(await orders.openOrdersOf([n(5), n(6), n(2), n(1)])).toEqual(
          new Map([
            [n(2), 'po_A'],
            [n(1), 'po_A'],
          ]),
        );
        expect((await orders.events({ limit: 10 })).map((e) => e.orderId)).toEqual(['po_A']);
      });

      it('refuses the same number twice in one group', async () => {
        const a = draft('po_A', [n(1)], { group: 'g' });
        const b = draft('po_B', [n(1)], { group: 'g' });
        await expect(orders.create([a.order, b.order], [...a.events, ...b.events])).rejects.toMatchObject({
          name: 'NumberInOpenOrder',
          orderId: 'po_A',
        });
        expect(await orders.get('po_A')).toBeNull();
      });

      it('keeps customer_reference unique per account: shared within one group, refused for another', async () => {
        await created('po_A', [n(1)], { reference: 'REF', group: 'g1' });
        await expect(created('po_B', [n(2)], { reference: 'REF', group: 'g2' })).rejects.toThrow(
          DuplicateCustomerReference,
        );
        expect(await orders.get('po_B')).toBeNull();
        // Another account may use it.
        await created('po_C', [n(3)], { reference: 'REF', account: 'globex' });
        expect((await orders.list({ customerReference: 'REF' }, 10)).items.map((o) => o.id).sort()).toEqual([
          'po_A',
          'po_C',
        ]);
      });
    });

    describe('update', () => {
      it('writes a change with its events, per-order seq continuing; a stale version is VersionMismatch', async () => {
        const a = await created('po_A', [n(1)]);
        const b = await write(a, 'in_review');
        expect(await orders.get('po_A')).toEqual(b);
        const stale = moved(a, 'cancelled');
        const refused = orders.update({
          order: stale.order,
          expectedVersion: a.version,
          events: stale.events,
        });
        await expect(refused).rejects.toThrow(VersionMismatch);
        await expect(refused).rejects.toMatchObject({ orderId: 'po_A', currentVersion: 2 });
        expect((await orders.get('po_A'))?.status).toBe('in_review');
        const c = moved(b, 'submitted');
        const events = await orders.update({ order: c.order, expectedVersion: 2, events: c.events });
        expect(events.map((e) => e.seq)).toEqual([3]);
        const missing = moved({ ...a, id: 'po_gone' }, 'submitted');
        await expect(
          orders.update({ order: missing.order, expectedVersion: 1, events: missing.events }),
        ).rejects.toMatchObject({ name: 'VersionMismatch', currentVersion: null });
      });

      it('lets exactly one of two concurrent updates on one version win, across two stores', async () => {
        const a = await created('po_A', [n(1)]);
        const other = (await reopen()).orders;
        const one = moved(a, 'in_review');
        const two = moved(a, 'cancelled');
        const results = await Promise.allSettled([
          orders.update({ order: one.order, expectedVersion: 1, events: one.events }),
          other.update({ order: two.order, expectedVersion: 1, events: two.events }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(VersionMismatch);
        const winner = results[0].status === 'fulfilled' ? 'in_review' : 'cancelled';
        expect((await orders.get('po_A'))?.status).toBe(winner);
        expect((await orders.events({ orderId: 'po_A', limit: 10 })).map((e) => e.seq)).toEqual([1, 2]);
      });

      it('refuses an added number that another open order holds', async () => {
        await created('po_A', [n(1)]);
        const b = await created('po_B', [n(2)]);
        const added: Order = {
          ...b,
          version: 2,
          numbers: [...b.numbers, { number: n(1), status: 'active', focDate: null, rejection: null }],
        };
        await expect(
          orders.update({
            order: added,
            expectedVersion: 1,
            events: [orderEvent('port_order.numbers_changed', added, at(1))],
          }),
        ).rejects.toMatchObject({ name: 'NumberInOpenOrder', number: n(1), orderId: 'po_A' });
        expect(await orders.get('po_B')).toEqual(b);
        expect(await orders.openOrdersOf([n(1), n(2)])).toEqual(
          new Map([
            [n(1), 'po_A'],
            [n(2), 'po_B'],
          ]),
        );
      });

      it('releases the numbers of a completed or cancelled order: they can be in a new order', async () => {
        const a = await created('po_A', [n(1), n(2)]);
        const b = await created('po_B', [n(3)]);
        await write(a, 'cancelled');
        const foc = await write(await write(await write(b, 'in_review'), 'submitted'), 'foc_confirmed');
        await write(foc, 'completed');
        expect(await orders.openOrdersOf([n(1), n(2), n(3)])).toEqual(new Map());
        await created('po_C', [n(1), n(2), n(3)]);
        expect(await orders.openOrdersOf([n(1), n(3)])).toEqual(
          new Map([
            [n(1), 'po_C'],
            [n(3), 'po_C'],
          ]),
        );
        // The old orders still list the numbers.
        expect((await orders.list({ number: n(1) }, 10)).items.map((o) => o.id)).toEqual(['po_C', 'po_A']);
      });

      it('splits: the new order is inserted with the moved numbers, in one transaction', async () => {
        const a = await created('po_A', [n(1), n(2), n(3)]);
        const decided = split(a, { numbers: [n(2), n(3)] }, at(5), {
          settings: DEFAULT_ORDER_SETTINGS,
          holidays: [],
          newOrderId: 'po_S',
        });
        if (!decided.ok || !decided.created) throw new Error('split refused');
        const events = await orders.update({
          order: decided.order,
          expectedVersion: 1,
          events: decided.events,
          created: decided.created,
        });
        expect(events.map((e) => [e.type, e.orderId, e.seq])).toEqual([
          ['port_order.split', 'po_A', 2],
          ['port_order.created', 'po_S', 1],
        ]);
        expect(await orders.get('po_S')).toEqual(decided.created);
        expect((await orders.get('po_A'))?.numbers.map((x) => x.number)).toEqual([n(1)]);
        expect(await orders.openOrdersOf([n(1), n(2), n(3)])).toEqual(
          new Map([
            [n(1), 'po_A'],
            [n(2), 'po_S'],
            [n(3), 'po_S'],
          ]),
        );
      });

      it("keeps a document's bytes with the change that added it", async () => {
        const a = await created('po_A', [n(1)]);
        const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
        const withDoc: Order = {
          ...a,
          version: 2,
          documents: [
            {
              id: 'doc_1',
              type: 'loa',
              filename: 'loa.pdf',
              contentType: 'application/pdf',
              size: bytes.length,
              sha256: 'x',
              uploadedAt: at(1).toISOString(),
            },
          ],
        };
        await orders.update({
          order: withDoc,
          expectedVersion: 1,
          events: [orderEvent('port_order.document_added', withDoc, at(1))],
          document: { id: 'doc_1', bytes },
        });
        const doc = await (await reopen()).orders.document('po_A', 'doc_1');
        expect(doc).toMatchObject({ orderId: 'po_A', documentId: 'doc_1', contentType: 'application/pdf' });
        expect(doc?.filename).toBe('loa.pdf');
        expect(Buffer.compare(doc!.bytes, bytes)).toBe(0);
        expect(await orders.document('po_A', 'doc_2')).toBeNull();
        expect(await orders.document('po_B', 'doc_1')).toBeNull();
      });
    });

    describe('events', () => {
      it('lists in commit order with filters by account, order, type and after', async () => {
        const a = await created('po_A', [n(1)]);
        await created('po_B', [n(2)], { account: 'globex' });
        const a2 = await write(a, 'in_review');
        await write(a2, 'cancelled');
        const all = await orders.events({ limit: 100 });
        expect(all.map((e) => [e.orderId, e.type, e.seq])).toEqual([
          ['po_A', 'port_order.created', 1],
          ['po_B', 'port_order.created', 1],
          ['po_A', 'port_order.status_changed', 2],
          ['po_A', 'port_order.status_changed', 3],
        ]);
        const positions = all.map((e) => BigInt(e.position));
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
        expect(all[2].data).toMatchObject({ from: 'draft', to: 'in_review', status: 'in_review' });
        expect(JSON.stringify(all)).not.toContain('4321');
        expect(JSON.stringify(all)).not.toContain('ACCT-99812');

        expect((await orders.events({ account: 'globex', limit: 100 })).map((e) => e.orderId)).toEqual([
          'po_B',
        ]);
        expect((await orders.events({ orderId: 'po_A', limit: 100 })).map((e) => e.seq)).toEqual([1, 2, 3]);
        expect(
          (await orders.events({ type: 'port_order.status_changed', limit: 100 })).map((e) => e.seq),
        ).toEqual([2, 3]);
        expect(await orders.events({ after: all[1].position, limit: 100 })).toEqual(all.slice(2));
        expect(await orders.events({ after: all[0].position, limit: 2 })).toEqual(all.slice(1, 3));
        expect(await orders.events({ after: all[3].position, limit: 100 })).toEqual([]);
        await expect(orders.events({ after: 'not-a-position', limit: 1 })).rejects.toThrow(InvalidCursor);
      });
    });

    describe('list', () => {
      it('pages newest first through the filters with an opaque cursor, scoped to an account', async () => {
        for (let i = 0; i < 7; i++) {
          await created(`po_${i}`, [n(i)], {
            account: i % 2 === 0 ? 'acme' : 'globex',
            carrier: i < 3 ? 'LOSE' : 'OTHER',
            // Orders 4 and 5 share an instant: the id breaks the tie.
            created: at(i === 5 ? 4 : i),
          });
        }
        const first = await orders.list({}, 3);
        expect(first.items.map((o) => o.id)).toEqual(['po_6', 'po_5', 'po_4']);
        expect(first.next).not.toBeNull();
        const second = await orders.list({}, 3, first.next);
        expect(second.items.map((o) => o.id)).toEqual(['po_3', 'po_2', 'po_1']);
        const third = await orders.list({}, 3, second.next);
        expect(third).toEqual({ items: [expect.objectContaining({ id: 'po_0' })], next: null });

        const acme = await orders.list({ account: 'acme' }, 2);
        expect(acme.items.map((o) => o.id)).toEqual(['po_6', 'po_4']);
        expect((await orders.list({ account: 'acme' }, 2, acme.next)).items.map((o) => o.id)).toEqual([
          'po_2',
          'po_0',
        ]);
        expect((await orders.list({ losingCarrier: 'LOSE' }, 10)).items.map((o) => o.id)).toEqual([
          'po_2',
          'po_1',
          'po_0',
        ]);
        expect((await orders.list({ number: n(3) }, 10)).items.map((o) => o.id)).toEqual(['po_3']);
        expect((await orders.list({ groupId: 'grp_po_5' }, 10)).items.map((o) => o.id)).toEqual(['po_5']);
        expect(
          (
            await orders.list({ createdAfter: at(1).toISOString(), createdBefore: at(3).toISOString() }, 10)
          ).items.map((o) => o.id),
        ).toEqual(['po_2', 'po_1']);

        await write((await orders.get('po_2'))!, 'in_review');
        await write((await orders.get('po_3'))!, 'cancelled');
        expect(
          (await orders.list({ status: ['in_review', 'cancelled'] }, 10)).items.map((o) => o.id),
        ).toEqual(['po_3', 'po_2']);
        expect(
          (await orders.list({ status: ['draft'], account: 'globex' }, 10)).items.map((o) => o.id),
        ).toEqual(['po_5', 'po_1']);
        await expect(orders.list({}, 3, 'garbage')).rejects.toThrow(InvalidCursor);
      });
    });

    it('finds timer candidates: idle drafts and exceptions, FOC dates passed and not yet told', async () => {
      const idle = await created('po_idle', [n(1)], { created: new Date('2024-01-01T00:00:00Z') });
      await created('po_fresh', [n(2)], { created: new Date('2024-06-01T00:00:00Z') });
      const exc = await created('po_exc', [n(3)], { created: new Date('2024-01-01T00:00:00Z') });
      await write(exc, 'exception', new Date('2024-02-01T00:00:00Z'));
      const foc = await created('po_foc', [n(4)]);
      const focced: Order = {
        ...foc,
        status: 'foc_confirmed',
        version: 2,
        foc: { date: '2024-06-10', windowStart: null, windowEnd: null },
      };
      await orders.update({ order: focced, expectedVersion: 1, events: [] });
      const told = await created('po_told', [n(5)]);
      await orders.update({
        order: {
          ...focced,
          ...told,
          status: 'foc_confirmed',
          version: 2,
          focOverdueNotified: '2024-06-10',
          foc: focced.foc,
        },
        expectedVersion: 1,
        events: [],
      });
      const ids = async (c: Partial<Parameters<OrderStore['timerCandidates']>[0]>) =>
        (
          await orders.timerCandidates({
            draftIdleBefore: '2024-03-01T00:00:00.000Z',
            exceptionIdleBefore: '2024-03-01T00:00:00.000Z',
            focBefore: '2024-06-11',
            limit: 10,
            ...c,
          })
        )
          .map((o) => o.id)
          .sort();
      expect(await ids({})).toEqual(['po_exc', 'po_foc', 'po_idle']);
      expect(await ids({ focBefore: '2024-06-10', exceptionIdleBefore: '2024-01-15T00:00:00.000Z' })).toEqual(
        ['po_idle'],
      );
      expect(await ids({ limit: 1 })).toHaveLength(1);
      expect(idle.status).toBe('draft');
    });

    it('imports holidays merged by date and carrier, or replacing them all', async () => {
      expect(await orders.holidays()).toEqual([]);
      expect(
        await orders.importHolidays(
          [
            { date: '2024-12-25', carrierId: null, name: 'Christmas' },
            { date: '2024-12-26', carrierId: 'LOSE', name: 'Boxing Day' },
          ],
          false,
        ),
      ).toEqual({ inserted: 2, updated: 0, deleted: 0 });
      expect(
        await orders.importHolidays(
          [
            { date: '2024-12-25', carrierId: null, name: 'Christmas Day' },
            { date: '2024-12-25', carrierId: 'LOSE', name: 'Christmas (LOSE)' },
          ],
          false,
        ),
      ).toEqual({ inserted: 1, updated: 1, deleted: 0 });
      expect(await (await reopen()).orders.holidays()).toEqual([
        { date: '2024-12-25', carrierId: null, name: 'Christmas Day' },
        { date: '2024-12-25', carrierId: 'LOSE', name: 'Christmas (LOSE)' },
        { date: '2024-12-26', carrierId: 'LOSE', name: 'Boxing Day' },
      ]);
      expect(
        await orders.importHolidays(
          [
            { date: '2025-01-01', carrierId: null, name: 'New Year' },
            { date: '2024-12-25', carrierId: null, name: 'Christmas' },
          ],
          true,
        ),
      ).toEqual({ inserted: 1, updated: 1, deleted: 2 });
      expect(await orders.holidays()).toEqual([
        { date: '2024-12-25', carrierId: null, name: 'Christmas' },
        { date: '2025-01-01', carrierId: null, name: 'New Year' },
      ]);
      expect(await orders.importHolidays([], true)).toEqual({ inserted: 0, updated: 0, deleted: 2 });
      expect(await orders.holidays()).toEqual([]);
    });

    it('claims idempotency keys: new, in use, done (replayed), reused with another body, forgotten after 24 h', async () => {
      const key: IdempotencyKey = { scope: 'PKONE', key: 'k-1', requestHash: 'aa' };
      const now = T0.toISOString();
      expect(await orders.claimIdempotency(key, now)).toEqual({ state: 'new' });
      const other = (await reopen()).orders;
      expect(await other.claimIdempotency(key, now)).toEqual({ state: 'in_use' });
      expect(await other.claimIdempotency({ ...key, requestHash: 'bb' }, now)).toEqual({ state: 'reused' });
      // Scoped to the API key: another key's same Idempotency-Key is its own.
      expect(await other.claimIdempotency({ ...key, scope: 'PKTWO' }, now)).toEqual({ state: 'new' });
      await orders.completeIdempotency(key, 201, '{"data":[]}');
      expect(await other.claimIdempotency(key, at(60).toISOString())).toEqual({
        state: 'done',
        status: 201,
        body: '{"data":[]}',
      });
      expect(await other.claimIdempotency({ ...key, requestHash: 'bb' }, now)).toEqual({ state: 'reused' });
      const later = new Date(T0.getTime() + 24 * 3_600_000 + 1000).toISOString();
      expect(await orders.claimIdempotency({ ...key, requestHash: 'bb' }, later)).toEqual({ state: 'new' });

      const released: IdempotencyKey = { scope: 'PKONE', key: 'k-2', requestHash: 'cc' };
      expect(await orders.claimIdempotency(released, now)).toEqual({ state: 'new' });
      await orders.releaseIdempotency(released);
      expect(await orders.claimIdempotency(released, now)).toEqual({ state: 'new' });

      // A claim never completed nor released (its process died) is free again after 2 minutes.
      const orphan: IdempotencyKey = { scope: 'PKONE', key: 'k-3', requestHash: 'dd' };
      expect(await orders.claimIdempotency(orphan, now)).toEqual({ state: 'new' });
      expect(await other.claimIdempotency(orphan, new Date(T0.getTime() + 119_000).toISOString())).toEqual({
        state: 'in_use',
      });
      expect(await other.claimIdempotency(orphan, at(3).toISOString())).toEqual({ state: 'new' });
    });

    it("two stores on one database see each other's writes at once", async () => {
      const other = (await reopen()).orders;
      const a = await created('po_A', [n(1)]);
      expect(await other.get('po_A')).toEqual(a);
      const b = moved(a, 'in_review');
      await other.update({ order: b.order, expectedVersion: 1, events: b.events });
      expect((await orders.get('po_A'))?.status).toBe('in_review');
      expect(await orders.openOrdersOf([n(1)])).toEqual(new Map([[n(1), 'po_A']]));
      expect((await orders.events({ limit: 10 })).map((e) => e.seq)).toEqual([1, 2]);
      await expect(
        other.create(...((d) => [[d.order], d.events] as const)(draft('po_B', [n(1)]))),
      ).rejects.toThrow(NumberInOpenOrder);
    });
  });
}
