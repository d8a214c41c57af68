// The WebhookStore contract on PostgreSQL (a schema per test), and what only a shared database adds:
// several instances claiming one endpoint's outbox at once, secrets at rest, the key's absence.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
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
import { endpoint, webhooksSuite } from './webhooks-suite.js';

const reachable = await postgresReachable();
const KEY = randomBytes(32);

describe.skipIf(!reachable)('PostgreSQL', () => {
  webhooksSuite('PostgreSQL', async () => {
    const schema = testSchema();
    return {
      open: async () => PostgresStore.open(schema.url, { encryptionKey: KEY }),
      dispose: () => schema.drop(),
    };
  });
});

const T0 = '2024-06-03T14:00:00.000Z';

/** `count` draft orders (one `created` event each), written in batches of one change per order. */
async function createOrders(store: Store, count: number, from = 0): Promise<void> {
  for (let i = from; i < from + count; i++) {
    const { order, events } = testDraft(
      `po_${String(i).padStart(4, '0')}`,
      [String(12_064_500_000 + i)],
      { groupId: `grp_${i}`, endUser: { btn: '12064205780' } },
      new Date(T0),
    );
    await store.orders.create([order], events);
  }
}

describe.skipIf(!reachable)('PostgreSQL webhooks: several instances, secrets at rest', () => {
  const { fresh, open } = storesPerTest(KEY);

  it('two instances claiming the same endpoint’s 200 due deliveries at once: each claimed exactly once', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema.url), await open(schema.url)];
    await one.webhooks.createEndpoint(endpoint('we_A'));
    await createOrders(one, 200);
    expect(await one.webhooks.deliveries({ endpointId: 'we_A', status: 'pending', limit: 500 })).toHaveLength(
      200,
    );
    // Each instance keeps claiming small batches, several at a time, until a claim comes back empty.
    const claimed: string[][] = [[], []];
    const drain = async (store: Store, into: string[]) => {
      for (;;) {
        const { deliveries } = await store.webhooks.claimDue('we_A', '2024-06-03T15:00:00.000Z', 7, 60_000);
        if (deliveries.length === 0) return;
        into.push(...deliveries.map((d) => d.delivery.id));
      }
    };
    await Promise.all([
      ...[0, 1, 2].map(() => drain(one, claimed[0])),
      ...[0, 1, 2].map(() => drain(two, claimed[1])),
    ]);
    const all = claimed.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    // Both took part (the batches are small and interleaved), and nothing due is left unleased.
    expect(claimed[0].length).toBeGreaterThan(0);
    expect(claimed[1].length).toBeGreaterThan(0);
    const leased = await adminQuery(
      `SELECT count(*)::int AS n FROM "${schema.schema}".webhook_deliveries WHERE lease_token IS NOT NULL`,
    );
    expect(leased.rows[0].n).toBe(200);
  });

  it('an endpoint deleted by another instance gets nothing more', async () => {
    const schema = fresh();
    const [one, two] = [await open(schema.url), await open(schema.url)];
    await one.webhooks.createEndpoint(endpoint('we_A'));
    await one.webhooks.createEndpoint(endpoint('we_B'));
    await createOrders(one, 3);
    expect(await two.webhooks.deleteEndpoint('we_A')).toBe(true);
    await createOrders(one, 2, 3);
    expect(await one.webhooks.deliveries({ endpointId: 'we_A', limit: 10 })).toEqual([]);
    expect(await one.webhooks.deliveries({ endpointId: 'we_B', limit: 10 })).toHaveLength(5);
  });

  it('a create of many orders queues, in its transaction, a delivery for every event of the batch and every endpoint that takes it', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    await store.webhooks.createEndpoint(endpoint('we_all'));
    await store.webhooks.createEndpoint(endpoint('we_created', { eventTypes: ['port_order.created'] }));
    await store.webhooks.createEndpoint(
      endpoint('we_acme', { account: 'acme', eventTypes: ['port_order.numbers_changed'] }),
    );
    await store.webhooks.createEndpoint(endpoint('we_other', { account: 'other' }));
    await store.webhooks.createEndpoint(endpoint('we_off', { enabled: false, disabledReason: 'admin' }));
    const drafts = Array.from({ length: 40 }, (_, i) =>
      testDraft(
        `po_${String(i).padStart(4, '0')}`,
        [String(12_064_500_000 + i)],
        {
          groupId: 'grp_batch',
          losingCarrier: { id: `LOSE${i}`, name: 'Losing Co' },
          customerReference: 'REF-1',
          endUser: { btn: '12064205780' },
        },
        new Date(T0),
      ),
    );
    const created = drafts.flatMap((d) => d.events);
    const stored = await store.orders.create(
      drafts.map((d) => d.order),
      [...created, ...created.map((e) => ({ ...e, type: 'port_order.numbers_changed' as const }))],
    );
    expect(stored).toHaveLength(80);
    const queued = await adminQuery(
      `SELECT endpoint_id, event_position::text AS position, event_id, event_type, account
       FROM "${schema.schema}".webhook_deliveries ORDER BY seq`,
    );
    const byEndpoint = (id: string) => queued.rows.filter((r) => r.endpoint_id === id);
    const as = (events: typeof stored) =>
      events.map((e) => ({ position: e.position, event_id: e.id, event_type: e.type, account: 'acme' }));
    const rowsOf = (id: string) => byEndpoint(id).map(({ endpoint_id: _, ...r }) => r);
    expect(rowsOf('we_all')).toEqual(as(stored));
    expect(rowsOf('we_created')).toEqual(as(stored.slice(0, 40)));
    expect(rowsOf('we_acme')).toEqual(as(stored.slice(40)));
    expect(byEndpoint('we_other')).toEqual([]);
    expect(byEndpoint('we_off')).toEqual([]);
    // In the events' order, each event's endpoints by creation: the deliveries' seq follows the positions.
    expect(queued.rows.map((r) => r.position)).toEqual(
      stored.flatMap((e, i) =>
        (i < 40 ? ['we_all', 'we_created'] : ['we_all', 'we_acme']).map(() => e.position),
      ),
    );
  });

  it('a change racing an endpoint’s delete waits for it, then commits without queueing for that endpoint', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    await store.webhooks.createEndpoint(endpoint('we_A'));
    await store.webhooks.createEndpoint(endpoint('we_B'));
    // The delete holds the endpoint's row, uncommitted, on a connection of its own.
    const deleter = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await deleter.connect();
    try {
      await deleter.query('BEGIN');
      await deleter.query(`DELETE FROM "${schema.schema}".webhook_endpoints WHERE id = 'we_A'`);
      const writing = createOrders(store, 1);
      // The change's outbox waits on that row (a lock wait seen in pg_stat_activity, not a timer).
      for (;;) {
        const waiting = await adminQuery(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`,
          [`portcheck_${schema.schema}`],
        );
        if (waiting.rows[0].n > 0) break;
      }
      await deleter.query('COMMIT');
      await writing;
    } finally {
      await deleter.end();
    }
    expect(await store.orders.events({ limit: 10 })).toHaveLength(1);
    expect((await store.webhooks.deliveries({ limit: 10 })).map((d) => d.endpointId)).toEqual(['we_B']);
  });

  it('never writes a secret in plain text; without PORTCHECK_ENCRYPTION_KEY endpoint writes are refused', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    const secret = `whsec_${Buffer.from('a very secret thirty-two bytes!!').toString('base64')}`;
    const previous = `whsec_${Buffer.from('the previous secret, 32 bytes!!!').toString('base64')}`;
    await store.webhooks.createEndpoint(
      endpoint('we_S', { secrets: [secret, previous], previousSecretExpiresAt: '2030-01-01T00:00:00.000Z' }),
    );
    const raw = await adminQuery(`SELECT * FROM "${schema.schema}".webhook_endpoints`);
    const text = JSON.stringify(raw.rows);
    expect(text).not.toContain(secret.slice(6));
    expect(text).not.toContain(previous.slice(6));
    expect(raw.rows[0].secret).toMatch(/^v1:/);
    expect((await (await open(schema.url)).webhooks.endpoint('we_S'))?.secrets).toEqual([secret, previous]);

    const keyless = await open(schema.url, { key: null });
    await expect(keyless.webhooks.createEndpoint(endpoint('we_T'))).rejects.toThrow(
      /need PORTCHECK_ENCRYPTION_KEY/,
    );
    await expect(
      keyless.webhooks.updateEndpoint({ ...endpoint('we_S'), description: 'changed' }),
    ).rejects.toThrow(/PORTCHECK_ENCRYPTION_KEY/);
    await expect(keyless.webhooks.endpoints()).rejects.toThrow(/PORTCHECK_ENCRYPTION_KEY/);
    expect((await store.webhooks.endpoint('we_S'))?.description).toBeNull();
    // The outbox and the deliveries hold no secret: the keyless instance reads and claims them.
    await createOrders(store, 1);
    const { deliveries } = await keyless.webhooks.claimDue('we_S', '2024-06-03T15:00:00.000Z', 10, 1000);
    expect(deliveries).toHaveLength(1);
    const wrong = await open(schema.url, { key: randomBytes(32) });
    await expect(wrong.webhooks.endpoint('we_S')).rejects.toThrow(/cannot decrypt/);
  });

  it('a read-only store reads endpoints and deliveries and refuses every change', async () => {
    const schema = fresh();
    const store = await open(schema.url);
    await store.webhooks.createEndpoint(endpoint('we_A'));
    await createOrders(store, 1);
    const reader = await open(schema.url, { readOnly: true });
    expect((await reader.webhooks.endpoints()).map((e) => e.id)).toEqual(['we_A']);
    const [d] = await reader.webhooks.deliveries({ limit: 10 });
    expect(d).toMatchObject({ endpointId: 'we_A', status: 'pending' });
    await expect(reader.webhooks.createEndpoint(endpoint('we_B'))).rejects.toThrow(/read-only/);
    await expect(reader.webhooks.deleteEndpoint('we_A')).rejects.toThrow(/read-only/);
    await expect(reader.webhooks.claimDue('we_A', T0, 10, 1000)).rejects.toThrow(/read-only/);
    await expect(reader.webhooks.redeliver(d.id, T0)).rejects.toThrow(/read-only/);
    await expect(reader.webhooks.replay('we_A', {}, T0)).rejects.toThrow(/read-only/);
  });
});
