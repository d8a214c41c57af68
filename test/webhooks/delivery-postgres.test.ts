// Deliveries shared by two instances on PostgreSQL: two PostgresStores of one schema, a DeliveryWorker
// on each, and a real receiver on 127.0.0.1 verifying every request with `standardwebhooks`. Every
// event reaches the receiver at least once between the two workers; and when one worker dies
// mid-flight (stopped with its attempts still out, unrecorded), the other takes its claims once their
// lease runs out. Waits are bounded by the test timeout, never timed.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newDraftOrder } from '../../src/domain/orders/create.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { AddressGuard } from '../../src/webhooks/address-guard.js';
import { type AttemptResult, deliver } from '../../src/webhooks/deliver.js';
import { OPERATOR, WebhookService } from '../../src/webhooks/service.js';
import { DeliveryWorker } from '../../src/webhooks/worker.js';
import { END_USER } from '../support/orders-data.js';
import { postgresReachable, testSchema } from '../support/postgres.js';
import { Receiver } from './receiver.js';

const reachable = await postgresReachable();
const KEY = randomBytes(32);
const guard = AddressGuard.fromSetting('127.0.0.0/8');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `count` new draft orders written through `store`, one change (one `created` event) each. */
async function createOrders(store: Store, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const { order, events } = newDraftOrder(
      {
        id: `po_pg_${i}`,
        account: 'acme',
        groupId: `grp_${i}`,
        numberType: 'long-code',
        losingCarrier: { id: 'LOSE', name: 'Losing Co' },
        resellers: [],
        gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
        lata: 674,
        numbers: [String(12_069_800_000 + i)],
        endUser: END_USER,
        requestedFocDate: null,
        customerReference: null,
        alias: null,
      },
      new Date(),
    );
    await store.orders.create([order], events);
  }
}

async function eventIds(store: Store): Promise<string[]> {
  return (await store.orders.events({ limit: 10_000 })).map((e) => e.id);
}

describe.skipIf(!reachable)('webhook delivery on PostgreSQL: two instances, two workers', () => {
  it('delivers every event at least once between two workers, and still every one after a worker dies mid-flight', async () => {
    const schema = testSchema();
    cleanups.push(() => schema.drop());
    const stores = [
      await PostgresStore.open(schema.url, { encryptionKey: KEY }),
      await PostgresStore.open(schema.url, { encryptionKey: KEY }),
    ];
    cleanups.push(async () => {
      for (const s of stores) await s.close();
    });
    const receiver = await new Receiver().start();
    cleanups.push(() => receiver.stop());
    const hooks = new WebhookService({ store: stores[0].webhooks, guard });
    const { endpoint, secret } = await hooks.add(OPERATOR, { url: receiver.url });
    receiver.secrets.push(secret);

    // Worker A's attempts can be made to hang, as if its process died in the middle of them.
    let dying = false;
    let release: () => void = () => {};
    const dead = new Promise<void>((r) => {
      release = r;
    });
    const held: string[] = [];
    let heldOne: () => void = () => {};
    const someHeld = new Promise<void>((r) => {
      heldOne = r;
    });
    const sendA: typeof deliver = async (...args) => {
      if (!dying) return deliver(...args);
      const id = String(args[1]['webhook-id']);
      held.push(id);
      heldOne();
      await dead;
      return { error: 'the process died' } as AttemptResult;
    };
    cleanups.push(() => release());

    const workers = stores.map(
      (store, i) =>
        new DeliveryWorker({
          store: store.webhooks,
          guard,
          schedule: [0.2, 0.2, 0.2, 0.2, 0.2],
          // The lease is twice this and a second: an abandoned claim comes back after 2 s.
          timeoutMs: 500,
          perEndpoint: 8,
          pollMs: 50,
          ...(i === 0 ? { send: sendA } : {}),
        }),
    );
    for (const w of workers) w.start();
    cleanups.push(async () => {
      for (const w of workers) await w.stop(0);
    });

    // 300 events, written through both instances in turn.
    await Promise.all([createOrders(stores[0], 0, 150), createOrders(stores[1], 150, 150)]);
    const first = await eventIds(stores[0]);
    expect(first).toHaveLength(300);
    await receiver.until(() => first.every((id) => receiver.ids().has(id)));
    expect(receiver.unverified).toEqual([]);

    // Worker A's attempts now hang; 300 more events; once A holds some, it is stopped without
    // waiting: its claims stay leased, unrecorded, and B must take them when the lease ends.
    dying = true;
    await createOrders(stores[0], 300, 300);
    await someHeld;
    await workers[0].stop(0);
    const all = await eventIds(stores[1]);
    expect(all).toHaveLength(600);
    await receiver.until(() => all.every((id) => receiver.ids().has(id)));
    expect(receiver.unverified).toEqual([]);
    expect(held.length).toBeGreaterThan(0);
    // What A held reached the receiver through B, and is recorded as delivered.
    for (const id of held) {
      expect(receiver.ids().has(id)).toBe(true);
      const [d] = await stores[1].webhooks.deliveries({ endpointId: endpoint.id, eventId: id, limit: 1 });
      // B records the attempt just after the receiver answers.
      while ((await stores[1].webhooks.delivery(d.id))?.status !== 'delivered') {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect((await stores[1].webhooks.delivery(d.id))?.attempts).toBeGreaterThanOrEqual(1);
    }
  });
});
