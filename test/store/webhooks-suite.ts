import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orderEvent } from '../../src/domain/orders/events.js';
import type { Order, OrderEventDraft } from '../../src/domain/orders/types.js';
import type { Store } from '../../src/store/store.js';
import type { WebhookEndpoint, WebhookStore } from '../../src/store/webhook-store.js';
import { testDraft } from '../support/order-drafts.js';
import type { StoreHarness } from './store-suite.js';

const T0 = new Date('2024-06-03T14:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString();
const n = (i: number) => String(12_064_200_000 + i);

function draft(
  id: string,
  number: string,
  account = 'acme',
  when = T0,
): { order: Order; events: OrderEventDraft[] } {
  return testDraft(
    id,
    [number],
    { account, endUser: { accountNumber: 'ACCT-1', pin: '1234', btn: '12064205780' } },
    when,
  );
}

export function endpoint(id: string, o: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    id,
    url: `https://hooks.example.com/${id}`,
    eventTypes: [],
    account: null,
    secrets: [`whsec_${Buffer.alloc(32, id.length).toString('base64')}`],
    previousSecretExpiresAt: null,
    enabled: true,
    disabledReason: null,
    description: null,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...o,
  };
}

/**
 * The webhooks' contract every adapter runs (webhook-store.ts): the outbox written with the events,
 * leased claims, attempts, redelivery and replay. `open()` gives a new Store on the same database each
 * time (another process, as far as the store can tell).
 */
export function webhooksSuite(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`WebhookStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: Store;
    let hooks: WebhookStore;
    const opened: Store[] = [];

    const reopen = async () => {
      const s = await harness.open();
      opened.push(s);
      return s;
    };

    /** Creates an order (one `created` event); returns it. */
    async function created(id: string, number: string, account = 'acme'): Promise<Order> {
      const { order, events } = draft(id, number, account);
      await store.orders.create([order], events);
      return order;
    }

    /** Moves an order to in_review with one status_changed event. */
    async function submitted(order: Order): Promise<Order> {
      const next: Order = { ...order, status: 'in_review', version: order.version + 1, updatedAt: at(60) };
      await store.orders.update({
        order: next,
        expectedVersion: order.version,
        events: [
          orderEvent('port_order.status_changed', next, new Date(at(60)), { from: 'draft', to: 'in_review' }),
        ],
      });
      return next;
    }

    const pendingOf = async (endpointId: string) =>
      (await hooks.deliveries({ endpointId, limit: 100 })).filter((d) => d.status === 'pending');

    beforeEach(async () => {
      harness = await makeStore();
      store = await reopen();
      hooks = store.webhooks;
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await harness.dispose();
    });

    describe('endpoints', () => {
      it('stores, lists, updates and deletes endpoints with their secrets', async () => {
        const a = endpoint('we_A', {
          eventTypes: ['port_order.created'],
          account: 'acme',
          description: 'desk',
        });
        await hooks.createEndpoint(a);
        await hooks.createEndpoint(endpoint('we_B'));
        expect(await hooks.endpoint('we_A')).toEqual(a);
        expect((await hooks.endpoints()).map((e) => e.id)).toEqual(['we_A', 'we_B']);
        const rotated = {
          ...a,
          secrets: [`whsec_${Buffer.alloc(32, 7).toString('base64')}`, a.secrets[0]],
          previousSecretExpiresAt: at(86_400),
          enabled: false,
          disabledReason: 'admin',
          updatedAt: at(5),
        };
        await hooks.updateEndpoint(rotated);
        expect(await hooks.endpoint('we_A')).toEqual(rotated);
        expect(await hooks.deleteEndpoint('we_A')).toBe(true);
        expect(await hooks.deleteEndpoint('we_A')).toBe(false);
        expect(await hooks.endpoint('we_A')).toBeNull();
        await expect((await reopen()).webhooks.endpoint('we_B')).resolves.toMatchObject({ id: 'we_B' });
      });
    });

    describe('the outbox', () => {
      it('queues one delivery per matching enabled endpoint with each event, due at once', async () => {
        await hooks.createEndpoint(endpoint('we_all'));
        await hooks.createEndpoint(endpoint('we_status', { eventTypes: ['port_order.status_changed'] }));
        await hooks.createEndpoint(endpoint('we_globex', { account: 'globex' }));
        await hooks.createEndpoint(endpoint('we_acme', { account: 'acme' }));
        await hooks.createEndpoint(endpoint('we_off', { enabled: false, disabledReason: 'admin' }));
        const order = await created('po_1', n(1));
        await submitted(order);
        const events = await store.orders.events({ limit: 10 });
        expect(events.map((e) => e.type)).toEqual(['port_order.created', 'port_order.status_changed']);
        const byEndpoint = async (id: string) =>
          (await hooks.deliveries({ endpointId: id, limit: 10 })).map((d) => d.eventType).reverse();
        expect(await byEndpoint('we_all')).toEqual(['port_order.created', 'port_order.status_changed']);
        expect(await byEndpoint('we_status')).toEqual(['port_order.status_changed']);
        expect(await byEndpoint('we_globex')).toEqual([]);
        expect(await byEndpoint('we_acme')).toEqual(['port_order.created', 'port_order.status_changed']);
        expect(await byEndpoint('we_off')).toEqual([]);
        const [first] = await hooks.deliveries({ endpointId: 'we_all', eventId: events[0].id, limit: 10 });
        expect(first).toMatchObject({
          eventId: events[0].id,
          account: 'acme',
          status: 'pending',
          attempts: 0,
          roundAttempts: 0,
          nextAttemptAt: events[0].occurredAt,
          lastStatus: null,
        });
        expect(first.id).toMatch(/^dlv_/);
        expect(await hooks.delivery(first.id)).toEqual(first);
      });

      it('queues nothing for a change that does not commit', async () => {
        await hooks.createEndpoint(endpoint('we_all'));
        await created('po_1', n(1));
        await expect(created('po_2', n(1))).rejects.toMatchObject({ name: 'NumberInOpenOrder' });
        expect((await hooks.deliveries({ limit: 10 })).map((d) => d.eventType)).toEqual([
          'port_order.created',
        ]);
      });

      it('sees an endpoint created by another process at the next event', async () => {
        const other = (await reopen()).webhooks;
        await other.createEndpoint(endpoint('we_late'));
        await created('po_1', n(1));
        expect(await pendingOf('we_late')).toHaveLength(1);
      });
    });

    describe('claims', () => {
      beforeEach(async () => {
        await hooks.createEndpoint(endpoint('we_A'));
        await hooks.createEndpoint(endpoint('we_B'));
        for (let i = 0; i < 6; i++) await created(`po_${i}`, n(i));
      });

      it('hands out a due delivery with its event, oldest first, one endpoint at a time', async () => {
        const { token, deliveries } = await hooks.claimDue('we_A', at(1), 2, 30_000);
        expect(token).toMatch(/.{16,}/);
        expect(deliveries.map((c) => c.event.orderId)).toEqual(['po_0', 'po_1']);
        const [c] = deliveries;
        const [event] = await store.orders.events({ orderId: 'po_0', limit: 1 });
        expect(c.event).toEqual({
          id: event.id,
          type: event.type,
          orderId: 'po_0',
          account: 'acme',
          seq: 1,
          occurredAt: event.occurredAt,
          data: event.data,
        });
        expect(c.delivery).toMatchObject({ endpointId: 'we_A', eventId: event.id, status: 'pending' });
        // we_B's deliveries are its own.
        expect((await hooks.claimDue('we_B', at(1), 10, 30_000)).deliveries).toHaveLength(6);
      });

      it('never gives two claimers the same delivery, in this process or another', async () => {
        const other = (await reopen()).webhooks;
        const claims = await Promise.all([
          hooks.claimDue('we_A', at(1), 4, 30_000),
          other.claimDue('we_A', at(1), 4, 30_000),
          hooks.claimDue('we_A', at(1), 4, 30_000),
        ]);
        const ids = claims.flatMap((c) => c.deliveries.map((d) => d.delivery.id));
        expect(ids).toHaveLength(6);
        expect(new Set(ids).size).toBe(6);
        expect((await other.claimDue('we_A', at(2), 10, 30_000)).deliveries).toEqual([]);
      });

      it('lets an expired lease be claimed again, and ignores the attempt of the lease it lost', async () => {
        const first = await hooks.claimDue('we_A', at(1), 1, 10_000);
        const id = first.deliveries[0].delivery.id;
        expect(
          (await hooks.claimDue('we_A', at(10), 10, 10_000)).deliveries.map((d) => d.delivery.id),
        ).not.toContain(id);
        const other = (await reopen()).webhooks;
        const second = await other.claimDue('we_A', at(12), 1, 10_000);
        expect(second.deliveries.map((d) => d.delivery.id)).toEqual([id]);
        expect(second.token).not.toBe(first.token);
        // The first claimer comes back late: its result is not recorded.
        await hooks.recordAttempt({
          deliveryId: id,
          leaseToken: first.token,
          at: at(13),
          status: 500,
          error: null,
          outcome: 'failed',
        });
        expect(await hooks.delivery(id)).toMatchObject({ status: 'pending', attempts: 0 });
        await other.recordAttempt({
          deliveryId: id,
          leaseToken: second.token,
          at: at(14),
          status: 204,
          error: null,
          outcome: 'delivered',
        });
        expect(await hooks.delivery(id)).toMatchObject({
          status: 'delivered',
          attempts: 1,
          lastAttemptAt: at(14),
          lastStatus: 204,
          nextAttemptAt: null,
        });
      });
    });

    describe('attempts', () => {
      let id: string;
      let token: string;

      beforeEach(async () => {
        await hooks.createEndpoint(endpoint('we_A'));
        await hooks.createEndpoint(endpoint('we_B'));
        await created('po_1', n(1));
        const claim = await hooks.claimDue('we_A', at(1), 1, 30_000);
        id = claim.deliveries[0].delivery.id;
        token = claim.token;
      });

      it('retries at the given instant, counting the round, and only then', async () => {
        await hooks.recordAttempt({
          deliveryId: id,
          leaseToken: token,
          at: at(2),
          status: null,
          error: 'connect ECONNREFUSED',
          outcome: 'retry',
          nextAttemptAt: at(7),
        });
        expect(await hooks.delivery(id)).toMatchObject({
          status: 'pending',
          attempts: 1,
          roundAttempts: 1,
          nextAttemptAt: at(7),
          lastError: 'connect ECONNREFUSED',
          lastStatus: null,
        });
        expect((await hooks.claimDue('we_A', at(6), 10, 30_000)).deliveries).toEqual([]);
        const again = await hooks.claimDue('we_A', at(7), 10, 30_000);
        expect(again.deliveries.map((d) => [d.delivery.id, d.delivery.roundAttempts])).toEqual([[id, 1]]);
      });

      it('dead-letters a failed delivery: never claimed again', async () => {
        await hooks.recordAttempt({
          deliveryId: id,
          leaseToken: token,
          at: at(2),
          status: 500,
          error: null,
          outcome: 'failed',
        });
        expect(await hooks.delivery(id)).toMatchObject({
          status: 'failed',
          lastStatus: 500,
          nextAttemptAt: null,
        });
        expect((await hooks.claimDue('we_A', at(999_999), 10, 30_000)).deliveries).toEqual([]);
        expect((await hooks.deliveries({ status: 'failed', limit: 10 })).map((d) => d.id)).toEqual([id]);
      });

      it('gone: the delivery fails and the endpoint is disabled, so it gets no new deliveries and no claims', async () => {
        await created('po_2', n(2));
        await hooks.recordAttempt({
          deliveryId: id,
          leaseToken: token,
          at: at(2),
          status: 410,
          error: null,
          outcome: 'gone',
        });
        expect(await hooks.delivery(id)).toMatchObject({ status: 'failed', lastStatus: 410 });
        expect(await hooks.endpoint('we_A')).toMatchObject({ enabled: false, disabledReason: 'gone' });
        expect((await hooks.claimDue('we_A', at(3), 10, 30_000)).deliveries).toEqual([]);
        await created('po_3', n(3));
        expect(
          (await hooks.deliveries({ endpointId: 'we_A', limit: 10 })).map((d) => d.eventType),
        ).toHaveLength(2);
        // Other endpoints carry on.
        expect(await pendingOf('we_B')).toHaveLength(3);
      });

      it('redelivers: pending again, due now, a new round, the attempts kept', async () => {
        await hooks.recordAttempt({
          deliveryId: id,
          leaseToken: token,
          at: at(2),
          status: 200,
          error: null,
          outcome: 'delivered',
        });
        expect(await hooks.redeliver(id, at(100))).toBe(true);
        expect(await hooks.delivery(id)).toMatchObject({
          status: 'pending',
          attempts: 1,
          roundAttempts: 0,
          nextAttemptAt: at(100),
        });
        const again = await hooks.claimDue('we_A', at(100), 10, 30_000);
        expect(again.deliveries.map((d) => d.delivery.id)).toEqual([id]);
        // Not while it is being attempted, and not one that does not exist.
        expect(await hooks.redeliver(id, at(101))).toBe(false);
        expect(await hooks.redeliver('dlv_nope', at(101))).toBe(false);
      });

      it('deleting an endpoint removes its deliveries', async () => {
        expect(await hooks.deleteEndpoint('we_A')).toBe(true);
        expect(await hooks.delivery(id)).toBeNull();
        expect((await hooks.claimDue('we_A', at(3), 10, 30_000)).deliveries).toEqual([]);
        expect(await pendingOf('we_B')).toHaveLength(1);
      });
    });

    describe('replay', () => {
      it('sends again the deliveries of one endpoint in [since, until) with the given status', async () => {
        await hooks.createEndpoint(endpoint('we_A'));
        await hooks.createEndpoint(endpoint('we_B'));
        const orders = [] as Order[];
        for (let i = 0; i < 4; i++) {
          const { order, events } = draft(`po_${i}`, n(i), 'acme', new Date(at(i * 100)));
          await store.orders.create([order], events);
          orders.push(order);
        }
        // Deliver all of we_A's, fail the last.
        const claim = await hooks.claimDue('we_A', at(1000), 10, 30_000);
        for (const c of claim.deliveries) {
          const last = c.event.orderId === 'po_3';
          await hooks.recordAttempt({
            deliveryId: c.delivery.id,
            leaseToken: claim.token,
            at: at(1001),
            status: last ? 500 : 200,
            error: null,
            outcome: last ? 'failed' : 'delivered',
          });
        }
        expect(
          await hooks.replay('we_A', { since: at(100), until: at(300), status: 'delivered' }, at(2000)),
        ).toBe(2);
        const orderOf = async (d: { eventId: string }) =>
          (await store.orders.events({ limit: 10 })).find((e) => e.id === d.eventId)?.orderId;
        const pending = await pendingOf('we_A');
        expect(await Promise.all(pending.map(orderOf))).toEqual(['po_2', 'po_1']);
        expect(pending.every((d) => d.nextAttemptAt === at(2000) && d.roundAttempts === 0)).toBe(true);
        expect(await hooks.replay('we_A', { status: 'failed' }, at(2000))).toBe(1);
        expect(await hooks.replay('we_A', {}, at(2001))).toBe(4);
        // we_B untouched.
        expect((await pendingOf('we_B')).every((d) => d.nextAttemptAt !== at(2001))).toBe(true);
        expect(await hooks.replay('we_nope', {}, at(2001))).toBe(0);
      });
    });
  });
}
