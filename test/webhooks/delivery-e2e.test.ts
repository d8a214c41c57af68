// Deliveries end to end, in one process: the real SQLite store (its outbox), the order service, the
// delivery worker and real receivers on 127.0.0.1 verifying every request with `standardwebhooks`.
// The retry schedule is shortened to fractions of a second; waits are bounded by the test timeout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newDraftOrder } from '../../src/domain/orders/create.js';
import { orderEvent } from '../../src/domain/orders/events.js';
import { DEFAULT_ORDER_SETTINGS } from '../../src/domain/orders/settings.js';
import { EVENT_TYPES, type Order } from '../../src/domain/orders/types.js';
import { OrderService } from '../../src/orders/service.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { WebhookEndpoint } from '../../src/store/webhook-store.js';
import { AddressGuard } from '../../src/webhooks/address-guard.js';
import { OPERATOR, WebhookService } from '../../src/webhooks/service.js';
import { newWebhookSecret } from '../../src/webhooks/signature.js';
import { DeliveryWorker } from '../../src/webhooks/worker.js';
import { freePort } from '../cli/helpers.js';
import { END_USER, LONG, loaded, ordersDataset } from '../support/orders-data.js';
import { Receiver } from './receiver.js';

const LOOPBACK = '127.0.0.1/32';
const FAST = [
  0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2,
];

interface Rig {
  store: SqliteStore;
  orders: OrderService;
  hooks: WebhookService;
  worker: DeliveryWorker;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function rig(o: { allow?: string; timeoutMs?: number; schedule?: number[]; perEndpoint?: number } = {}): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-delivery-'));
  const store = SqliteStore.open(join(dir, 'hooks.db'));
  const guard = AddressGuard.fromSetting(o.allow ?? LOOPBACK);
  const worker = new DeliveryWorker({
    store: store.webhooks,
    guard,
    schedule: o.schedule ?? FAST,
    timeoutMs: o.timeoutMs ?? 2000,
    perEndpoint: o.perEndpoint ?? 16,
    pollMs: 50,
  });
  const data = loaded(ordersDataset());
  const orders = new OrderService({
    orders: store.orders,
    snapshot: () => data,
    settings: DEFAULT_ORDER_SETTINGS,
    onCommit: () => worker.wake(),
  });
  const hooks = new WebhookService({ store: store.webhooks, guard, onQueued: () => worker.wake() });
  worker.start();
  cleanups.push(async () => {
    await worker.stop(100);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, orders, hooks, worker };
}

async function receiver(port = 0): Promise<Receiver> {
  const r = await new Receiver().start(port);
  cleanups.push(() => r.stop());
  return r;
}

/** Adds an endpoint for `r` through the service and hands the receiver its secret. */
async function endpointFor(x: Rig, r: Receiver, types: string[] = []): Promise<WebhookEndpoint> {
  const { endpoint, secret } = await x.hooks.add(OPERATOR, { url: r.url, eventTypes: types });
  r.secrets.push(secret);
  return endpoint;
}

/** Polls the store until `done` holds (the test's timeout bounds it). */
async function eventually(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((r) => setTimeout(r, 20));
}

let serial = 0;
/** A new draft order written straight to the store (one port_order.created event). */
async function newOrder(x: Rig, account = 'acme'): Promise<Order> {
  serial++;
  const { order, events } = newDraftOrder(
    {
      id: `po_e2e_${serial}`,
      account,
      groupId: `grp_${serial}`,
      numberType: 'long-code',
      losingCarrier: { id: 'LOSE', name: 'Losing Co' },
      resellers: [],
      gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
      lata: 674,
      numbers: [String(12_069_990_000 + serial)],
      endUser: END_USER,
      requestedFocDate: null,
      customerReference: null,
      alias: null,
    },
    new Date(),
  );
  await x.store.orders.create([order], events);
  x.worker.wake();
  return order;
}

async function eventIds(x: Rig): Promise<string[]> {
  return (await x.store.orders.events({ limit: 1000 })).map((e) => e.id);
}

describe('webhook delivery, end to end', () => {
  it('delivers every event type of §7, signed (Standard Webhooks), with the event id as webhook-id', async () => {
    const x = rig();
    const r = await receiver();
    await endpointFor(x, r);
    // One event through the order service (which wakes the worker on commit)…
    const created = await x.orders.createFromNumbers(
      { role: 'customer', account: 'acme' },
      {
        numbers: [LONG[0]],
        endUser: END_USER,
        requestedFocDate: null,
        customerReference: null,
        alias: null,
      },
    );
    // …and one of every other type, written as the service would, in one change each.
    let order = created.orders[0].order;
    for (const type of EVENT_TYPES.filter((t) => t !== 'port_order.created')) {
      const next = { ...order, version: order.version + 1 };
      await x.store.orders.update({
        order: next,
        expectedVersion: order.version,
        events: [orderEvent(type, next, new Date(), { marker: type })],
      });
      order = next;
    }
    const events = await x.store.orders.events({ limit: 100 });
    expect(events.map((e) => e.type).sort()).toEqual([...EVENT_TYPES].sort());
    await r.until(() => events.every((e) => r.ids().has(e.id)));
    expect(r.unverified).toEqual([]);
    for (const e of events) {
      const got = r.arrivals.find((a) => a.id === e.id);
      expect(got?.type).toBe(e.type);
      expect(got?.body.data).toMatchObject({
        id: e.id,
        type: e.type,
        order_id: e.orderId,
        account: 'acme',
        seq: e.seq,
      });
      expect(Number.isNaN(Date.parse(got?.body.timestamp ?? ''))).toBe(false);
      expect(got?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    }
    const raw = JSON.stringify(r.arrivals.map((a) => a.body));
    expect(raw).not.toContain(END_USER.pin as string);
    expect(raw).not.toContain(END_USER.accountNumber as string);
    await eventually(
      async () => (await x.store.webhooks.deliveries({ status: 'delivered', limit: 100 })).length === 7,
    );
  });

  it('500s, timeouts and refused connections are retried until the receivers recover: none missing', async () => {
    const x = rig({ timeoutMs: 300 });
    const failing = await receiver();
    failing.mode = 'fail';
    const hanging = await receiver();
    hanging.mode = 'hang';
    const downPort = await freePort();
    const down = new Receiver();
    down.port = downPort;
    const endpoints = [
      await endpointFor(x, failing),
      await endpointFor(x, hanging),
      await endpointFor(x, down),
    ];
    for (let i = 0; i < 5; i++) await newOrder(x);
    // Every endpoint has seen failed attempts on every event.
    await eventually(async () => {
      for (const e of endpoints) {
        const ds = await x.store.webhooks.deliveries({ endpointId: e.id, limit: 100 });
        if (ds.length !== 5 || ds.some((d) => d.attempts < 1 || d.status !== 'pending')) return false;
      }
      return true;
    });
    const errors = await x.store.webhooks.deliveries({ endpointId: endpoints[2].id, limit: 1 });
    expect(errors[0].lastError).toMatch(/ECONNREFUSED/);
    expect((await x.store.webhooks.deliveries({ endpointId: endpoints[0].id, limit: 1 }))[0].lastStatus).toBe(
      500,
    );
    expect(
      (await x.store.webhooks.deliveries({ endpointId: endpoints[1].id, limit: 1 }))[0].lastError,
    ).toMatch(/no answer within 300 ms/);
    // More events while they are down, then recovery.
    for (let i = 0; i < 3; i++) await newOrder(x);
    failing.mode = 'ok';
    hanging.mode = 'ok';
    await down.start(downPort);
    cleanups.push(() => down.stop());
    const ids = await eventIds(x);
    expect(ids).toHaveLength(8);
    for (const r of [failing, hanging, down]) {
      await r.until(() => ids.every((id) => r.ids().has(id)));
      expect(r.unverified).toEqual([]);
    }
  });

  it('dead-letters after the schedule, and a redelivery or replay sends again with the same webhook-id', async () => {
    const x = rig({ schedule: [0.1, 0.1] });
    const r = await receiver();
    r.mode = 'fail';
    const e = await endpointFor(x, r);
    await newOrder(x);
    await eventually(
      async () => (await x.store.webhooks.deliveries({ status: 'failed', limit: 10 })).length === 1,
    );
    const [dead] = await x.store.webhooks.deliveries({ status: 'failed', limit: 10 });
    expect(dead.attempts).toBe(3);
    r.mode = 'ok';
    await x.hooks.redeliver(OPERATOR, dead.id);
    await r.until(() => r.ids().has(dead.eventId));
    await eventually(async () => (await x.store.webhooks.delivery(dead.id))?.status === 'delivered');
    expect(await x.hooks.replay(OPERATOR, e.id, { status: 'delivered' })).toBe(1);
    await r.until(() => r.arrivals.length === 2);
    expect(r.arrivals.map((a) => a.id)).toEqual([dead.eventId, dead.eventId]);
  });

  it('a 410 disables the endpoint at once; other endpoints carry on', async () => {
    const x = rig();
    const gone = await receiver();
    gone.mode = 'gone';
    const fine = await receiver();
    const g = await endpointFor(x, gone);
    await endpointFor(x, fine);
    await newOrder(x);
    await eventually(async () => (await x.store.webhooks.endpoint(g.id))?.enabled === false);
    expect(await x.store.webhooks.endpoint(g.id)).toMatchObject({ disabledReason: 'gone' });
    await newOrder(x);
    const ids = await eventIds(x);
    await fine.until(() => ids.every((id) => fine.ids().has(id)));
    expect(await x.store.webhooks.deliveries({ endpointId: g.id, limit: 10 })).toHaveLength(1);
  });

  it('an endpoint that never answers does not delay another endpoint', async () => {
    // The slow one's attempts would only end after a minute: far beyond this test.
    const x = rig({ timeoutMs: 60_000, perEndpoint: 4 });
    const slow = await receiver();
    slow.mode = 'hang';
    const fast = await receiver();
    await endpointFor(x, slow);
    await endpointFor(x, fast);
    for (let i = 0; i < 12; i++) await newOrder(x);
    const ids = await eventIds(x);
    await fast.until(() => ids.every((id) => fast.ids().has(id)));
    expect(fast.ids().size).toBe(12);
    expect(slow.arrivals).toHaveLength(0);
  });

  it('rotation: during the overlap both secrets sign, so a receiver holding either one verifies', async () => {
    const x = rig();
    const oldOnly = await receiver();
    const newOnly = await receiver();
    const a = await endpointFor(x, oldOnly);
    const { secret } = await x.hooks.rotate(OPERATOR, a.id);
    const b = await endpointFor(x, newOnly);
    // The second receiver stands in for the first after its switch to the new secret: its endpoint
    // signs with the same pair.
    newOnly.secrets = [secret];
    await x.store.webhooks.updateEndpoint({
      ...((await x.store.webhooks.endpoint(b.id)) as WebhookEndpoint),
      secrets: (await x.store.webhooks.endpoint(a.id))?.secrets ?? [],
      previousSecretExpiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await newOrder(x);
    const ids = await eventIds(x);
    await oldOnly.until(() => oldOnly.ids().has(ids[0]));
    await newOnly.until(() => newOnly.ids().has(ids[0]));
    expect(oldOnly.unverified).toEqual([]);
    expect(newOnly.unverified).toEqual([]);
    expect(oldOnly.arrivals[0].headers['webhook-signature']?.toString().split(' ')).toHaveLength(2);
  });

  it('refuses private targets without the allow list: at creation, and at connect time for names and stored URLs', async () => {
    const x = rig({ allow: '' });
    const r = await receiver();
    await expect(x.hooks.add(OPERATOR, { url: r.url })).rejects.toMatchObject({
      code: 'webhook_target_refused',
    });
    await expect(x.hooks.add(OPERATOR, { url: `http://localhost:${r.port}/hook` })).rejects.toMatchObject({
      code: 'webhook_target_refused',
    });
    // Endpoints that got in anyway (an allow list since narrowed; a public-looking name resolving
    // to loopback) are refused when connecting.
    const now = new Date().toISOString();
    for (const [id, url] of [
      ['we_literal', r.url],
      ['we_name', `http://localhost:${r.port}/hook`],
    ]) {
      await x.store.webhooks.createEndpoint({
        id,
        url,
        eventTypes: [],
        account: null,
        secrets: [newWebhookSecret()],
        previousSecretExpiresAt: null,
        enabled: true,
        disabledReason: null,
        description: null,
        createdAt: now,
        updatedAt: now,
      });
    }
    await newOrder(x);
    await eventually(async () => {
      const ds = await x.store.webhooks.deliveries({ limit: 10 });
      return ds.length === 2 && ds.every((d) => d.attempts >= 1);
    });
    for (const d of await x.store.webhooks.deliveries({ limit: 10 })) {
      expect(d.lastError).toMatch(/target refused: .*PORTCHECK_WEBHOOK_ALLOW/);
    }
    expect(r.arrivals).toHaveLength(0);
    expect(r.unverified).toHaveLength(0);
  });
});
