// Row 14: GET /v2/portorders?status=in_review (the first page, 20 orders) over a store holding
// 1,000,000 port orders across 50 accounts and every state, asked by a desk key (every account).
// The orders are written once through the store's own create (with their `created` events) into a
// database cached in bench/.cache/, then served by the real server. The target is a figure (a
// median under 50 ms); the baseline, GET /healthz on the same server alternating with it, shows
// what any request costs there.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ORDER_STATUSES, type Order, type OrderEventDraft } from '../../src/domain/orders/types.js';
import { openStore } from '../../src/store/open.js';
import type { BenchContext } from '../lib/context.js';
import { startServers } from '../lib/context.js';
import { benchOrder } from '../lib/orders.js';
import { CACHE_DIR } from '../lib/paths.js';
import { basicAuth } from '../lib/servers-info.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

const BATCH = 2000;
const ACCOUNTS = 50;
const REQUESTS = 201;
// Far from the generated dataset's numbers; only the store sees these.
const FIRST_NUMBER = 19_990_000_000;

function orderAt(i: number, now: Date): { order: Order; events: OrderEventDraft[] } {
  const { order, events } = benchOrder({
    id: `po_bench${String(i).padStart(9, '0')}`,
    account: `acct-${i % ACCOUNTS}`,
    groupId: `grp_bench${String(Math.floor(i / 4)).padStart(9, '0')}`,
    number: String(FIRST_NUMBER + i),
    at: now,
    losingCarrier: { id: `C${i % 97}`, name: `Carrier ${i % 97}` },
    endUser: {
      entityName: `Customer ${i}`,
      authorizedPerson: 'Pat Bench',
      accountNumber: `ACCT-${i}`,
      btn: String(FIRST_NUMBER + i),
    },
  });
  // Every state, spread evenly; the store writes what it is given.
  const status = ORDER_STATUSES[i % ORDER_STATUSES.length];
  const closed = status === 'completed' || status === 'cancelled';
  return {
    order: {
      ...order,
      status,
      numbers: order.numbers.map((n) => ({
        ...n,
        status: closed ? (status === 'completed' ? 'ported' : 'cancelled') : 'active',
      })),
    },
    events,
  };
}

/** The cached database with `count` orders, made when missing. */
async function ordersDatabase(count: number, log: (line: string) => void): Promise<string> {
  const db = join(CACHE_DIR, `orders-${count}.db`);
  if (existsSync(db)) return db;
  const building = join(CACHE_DIR, `orders-${count}.building.db`);
  for (const f of [building, building.replace(/\.db$/, '.accounts.db'), `${building.slice(0, -3)}.key`]) {
    rmSync(f, { force: true });
  }
  const store = await openStore({ dbPath: building });
  const t0 = performance.now();
  try {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < count; i += BATCH) {
      const orders: Order[] = [];
      const events: OrderEventDraft[] = [];
      for (let j = i; j < Math.min(count, i + BATCH); j++) {
        const made = orderAt(j, new Date(start + j * 1000));
        orders.push(made.order);
        events.push(...made.events);
      }
      await store.orders.create(orders, events);
      if (i % 100_000 === 0) log(`  orders written: ${i.toLocaleString('en-US')}`);
    }
  } finally {
    await store.close();
  }
  log(
    `  ${count.toLocaleString('en-US')} orders written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // The accounts file and key file follow the database's name.
  renameSync(building.replace(/\.db$/, '.accounts.db'), db.replace(/\.db$/, '.accounts.db'));
  if (existsSync(`${building}.key`)) renameSync(`${building}.key`, `${db}.key`);
  renameSync(building, db);
  return db;
}

async function timedGet(url: string, auth: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: auth } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
  return { ms, body };
}

export async function ordersListRow(ctx: BenchContext): Promise<RowResult> {
  const count = ctx.size.orders;
  const db = await ordersDatabase(count, ctx.log);
  const servers = await startServers(db, ctx.log, ['--key-role', 'desk']);
  try {
    const auth = basicAuth(servers.info);
    const base = servers.info.subject;
    const list = `${base}/v2/portorders?status=in_review`;
    const first = await timedGet(list, auth);
    const page = JSON.parse(first.body) as { data: unknown[]; links?: { next?: string | null } };
    if (page.data.length !== 20) throw new Error(`the first page held ${page.data.length} orders, not 20`);
    const listed: number[] = [];
    const health: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      if (i % 2 === 0) {
        listed.push((await timedGet(list, auth)).ms);
        health.push((await timedGet(`${base}/healthz`, auth)).ms);
      } else {
        health.push((await timedGet(`${base}/healthz`, auth)).ms);
        listed.push((await timedGet(list, auth)).ms);
      }
    }
    const figure = median(listed);
    const baseline = median(health);
    return judge({
      row: 14,
      what: `GET /v2/portorders?status=in_review, first page, over ${count.toLocaleString('en-US')} orders, median (${REQUESTS})`,
      figure,
      unit: 'ms',
      baseline,
      baselineUnit: 'ms GET /healthz',
      ratio: figure / baseline,
      target: { kind: 'figure-max', value: 50, unit: 'ms' },
      notes: [
        `desk key (every account), 20 orders of ${Math.round(count / ORDER_STATUSES.length).toLocaleString('en-US')} in that state, JSON:API body ${(first.body.length / 1024).toFixed(1)} KiB; SQLite store`,
      ],
      samples: { listMs: listed, healthMs: health },
    });
  } finally {
    await servers.stop();
  }
}
