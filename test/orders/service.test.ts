import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { LoadedSnapshot } from '../../src/cache/snapshot-holder.js';
import { DEFAULT_ORDER_SETTINGS } from '../../src/domain/orders/settings.js';
import type { Actor } from '../../src/domain/orders/types.js';
import { OrderFailure } from '../../src/orders/failure.js';
import { OrderService } from '../../src/orders/service.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import {
  END_USER,
  LONG,
  loaded,
  MOVED,
  movedDataset,
  ordersDataset,
  RESOLD,
  TOLLFREE,
  UNASSIGNED,
} from '../support/orders-data.js';

const A: Actor = { role: 'customer', account: 'acct-a' };
const B: Actor = { role: 'customer', account: 'acct-b' };
const DESK: Actor = { role: 'desk', account: 'desk' };
// A Monday morning in New York.
const NOW = new Date('2024-06-03T14:00:00Z');

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-order-service-'));
  const store = await SqliteStore.open(join(dir, 'orders.db'), {});
  onTestFinished(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const orders = store.orders;
  const data: { current: LoadedSnapshot } = { current: loaded(ordersDataset()) };
  let now = NOW;
  const service = new OrderService({
    orders,
    snapshot: () => data.current,
    settings: DEFAULT_ORDER_SETTINGS,
    clock: () => now,
  });
  return { orders, data, service, setNow: (d: Date) => (now = d) };
}

const input = (numbers: string[], customerReference: string | null = null) => ({
  numbers,
  endUser: END_USER,
  requestedFocDate: '2024-06-14',
  customerReference,
  alias: null,
});

async function failure(p: Promise<unknown>): Promise<OrderFailure> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OrderFailure);
  return err as OrderFailure;
}

describe('OrderService', () => {
  it('creates one draft per group, one group id, the nonportable numbers beside them', async () => {
    const { service } = await setup();
    const res = await service.createFromNumbers(A, input([...LONG, RESOLD, TOLLFREE, UNASSIGNED], 'ref-7'));
    expect(res.orders).toHaveLength(2);
    expect(new Set(res.orders.map((v) => v.order.groupId))).toEqual(new Set([res.groupId]));
    const [long, tf] = res.orders.map((v) => v.order);
    expect(long.id).toMatch(/^po_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(long.numbers.map((n) => n.number)).toEqual([...LONG, RESOLD]);
    expect(long.losingCarrier).toEqual({ id: '8824', name: 'Level3' });
    expect(long.resellers).toEqual([{ id: 'RSL01', name: 'Resale Co' }]);
    expect(tf.numberType).toBe('tollfree');
    expect(tf.resellers).toEqual([]);
    expect([long.customerReference, tf.customerReference]).toEqual(['ref-7-1', 'ref-7-2']);
    expect(res.nonportable.map((d) => d.number)).toEqual([UNASSIGNED]);
    expect(res.orders[0].blockers.map((b) => b.code)).toContain('loa_required');
  });

  it('refuses when nothing is portable, and a number already in an open order', async () => {
    const { service } = await setup();
    expect((await failure(service.createFromNumbers(A, input([UNASSIGNED])))).code).toBe('nothing_portable');
    const first = await service.createFromNumbers(A, input([LONG[0]]));
    const f = await failure(service.createFromNumbers(B, input([LONG[1], LONG[0]])));
    expect(f.code).toBe('number_in_open_order');
    expect(f.extra.orderId).toBe(first.orders[0].order.id);
  });

  it('hides other accounts from customers, not from the desk', async () => {
    const { service } = await setup();
    const { orders } = await service.createFromNumbers(A, input([LONG[0]]));
    const id = orders[0].order.id;
    expect((await failure(service.get(B, id))).code).toBe('not_found');
    expect((await service.get(DESK, id)).id).toBe(id);
    expect((await service.list(B, {}, 20)).items).toEqual([]);
    expect((await service.list(B, { account: 'acct-a' }, 20)).items).toEqual([]);
    expect((await service.list(A, {}, 20)).items.map((v) => v.order.id)).toEqual([id]);
    expect((await failure(service.group(B, orders[0].order.groupId))).code).toBe('not_found');
    expect((await service.group(A, orders[0].order.groupId)).status).toBe('requires_action');
  });

  it('refuses a stale If-Match, and takes the current one', async () => {
    const { service } = await setup();
    const { orders } = await service.createFromNumbers(A, input([LONG[0]]));
    const id = orders[0].order.id;
    const edited = await service.edit(A, id, { alias: 'x' }, 1);
    expect(edited.order.version).toBe(2);
    const f = await failure(service.edit(A, id, { alias: 'y' }, 1));
    expect(f.code).toBe('version_mismatch');
    expect(f.extra.currentVersion).toBe(2);
  });

  it('re-checks on submit: a number moved by an import is portability_changed', async () => {
    const { service, data } = await setup();
    const { orders } = await service.createFromNumbers(A, input([LONG[0], MOVED]));
    const id = orders[0].order.id;
    await service.addDocument(
      A,
      id,
      { type: 'loa', filename: 'loa.pdf', contentType: 'application/pdf' },
      Buffer.from('%PDF-1.4'),
    );
    data.current = loaded(movedDataset(), 2);
    const f = await failure(service.act(A, id, { action: 'submit' }));
    expect(f.code).toBe('portability_changed');
    expect(f.extra.changes?.map((c) => c.number)).toEqual([MOVED]);
    data.current = loaded(ordersDataset(), 3);
    const ok = await service.act(A, id, { action: 'submit' });
    expect(ok.order.order.status).toBe('in_review');
  });

  it('added numbers must fall in the group', async () => {
    const { service } = await setup();
    const { orders } = await service.createFromNumbers(A, input([LONG[0]]));
    const f = await failure(service.changeNumbers(A, orders[0].order.id, { add: [TOLLFREE] }));
    expect(f.code).toBe('number_not_in_group');
    const ok = await service.changeNumbers(A, orders[0].order.id, {
      add: ['+1 206 420 5782'.replace(/ /g, '')],
    });
    expect(ok.order.numbers.map((n) => n.number)).toEqual([LONG[0], LONG[2]]);
  });

  it('runs the timers: an idle draft expires, once', async () => {
    const { service, setNow } = await setup();
    const { orders } = await service.createFromNumbers(A, input([LONG[0]]));
    setNow(new Date(NOW.getTime() + 31 * 86_400_000));
    expect(await service.runTimers()).toBe(1);
    const order = await service.get(A, orders[0].order.id);
    expect([order.status, order.cancelReason]).toEqual(['cancelled', 'expired']);
    expect(await service.runTimers()).toBe(0);
  });
});
