// Row 13: 1,000 concurrent actions on 1,000 different port orders, spread over 2 `portcheck serve`
// instances on one PostgreSQL database: every order starts in `in_review`, and each gets one desk
// `record-submission` at the same moment. The figure is the number of actions that failed (not 200)
// plus those lost (the order not `submitted` at version 2 with exactly one status_changed event
// afterwards, read back from the database). The target is 0; throughput is a note.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Order, OrderEventDraft } from '../../src/domain/orders/types.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { openStore } from '../../src/store/open.js';
import { freePort, stopChild } from '../lib/child.js';
import { benchOrder } from '../lib/orders.js';
import { CLI } from '../lib/paths.js';
import { createBenchDatabase, postgresAbsent } from '../lib/postgres.js';
import { judge, type RowResult } from '../lib/table.js';

const ORDERS = 1000;
const INSTANCES = 2;
const TARGET = { kind: 'figure-max', value: 0, unit: 'failed or lost' } as const;

function inReview(i: number, now: Date): { order: Order; events: OrderEventDraft[] } {
  const { order, events } = benchOrder({
    id: `po_conc${String(i).padStart(6, '0')}`,
    account: `acct-${i % 10}`,
    groupId: `grp_conc${String(i).padStart(6, '0')}`,
    number: String(19_980_000_000 + i),
    at: now,
    endUser: {
      entityName: `Customer ${i}`,
      authorizedPerson: 'Pat Bench',
      accountNumber: `ACCT-${i}`,
      pin: '1234',
      btn: String(19_980_000_000 + i),
    },
  });
  return { order: { ...order, status: 'in_review' }, events };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function ordersConcurrentRow(): Promise<RowResult> {
  const what = `${ORDERS.toLocaleString('en-US')} concurrent actions on as many orders, PostgreSQL, ${INSTANCES} instances: failed or lost`;
  const absent = await postgresAbsent();
  if (absent) {
    return judge({
      row: 13,
      what,
      figure: null,
      unit: '',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target: TARGET,
      notes: [`not measured: ${absent}`],
    });
  }
  const db = await createBenchDatabase('orders');
  const encryptionKey = randomBytes(32).toString('hex');
  const children: ChildProcess[] = [];
  try {
    const store = await openStore({ databaseUrl: db.url, encryptionKey });
    let auth: string;
    try {
      const now = new Date(Date.now() - 3_600_000);
      const made = Array.from({ length: ORDERS }, (_, i) => inReview(i, now));
      await store.orders.create(
        made.map((m) => m.order),
        made.flatMap((m) => m.events),
      );
      const key = await createApiKey(store, 'bench desk', { account: 'ops', role: 'desk' });
      auth = `Basic ${Buffer.from(`${key.accessKey}:${key.secretKey}`).toString('base64')}`;
    } finally {
      await store.close();
    }

    const urls: string[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [CLI, 'serve', '--database-url', db.url, '--port', String(port)],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            LOG_LEVEL: 'warn',
            PORTCHECK_ENCRYPTION_KEY: encryptionKey,
            PORTCHECK_SNAPSHOT_FILE: 'off',
            PORTCHECK_RATE_LIMIT: '0',
            PORTCHECK_ORDER_TIMERS_INTERVAL_MS: '0',
          },
        },
      );
      children.push(child);
      urls.push(`http://127.0.0.1:${port}`);
    }
    for (const url of urls) {
      const t0 = performance.now();
      while (!(await healthy(url))) {
        if (performance.now() - t0 > 120_000) throw new Error(`${url} did not start`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const t0 = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: ORDERS }, async (_, i) => {
        const id = `po_conc${String(i).padStart(6, '0')}`;
        try {
          const res = await fetch(`${urls[i % INSTANCES]}/v2/portorders/${id}/actions/record-submission`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ occurred_at: occurredAt }),
          });
          await res.arrayBuffer();
          return res.status;
        } catch {
          return 0;
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const failed = statuses.filter((s) => s !== 200).length;

    // Read back from the database: each order submitted once, with its one event.
    const check = await openStore({ databaseUrl: db.url, encryptionKey });
    let lost = 0;
    try {
      for (let i = 0; i < ORDERS; i++) {
        const id = `po_conc${String(i).padStart(6, '0')}`;
        const order = await check.orders.get(id);
        const events = await check.orders.events({
          orderId: id,
          type: 'port_order.status_changed',
          limit: 10,
        });
        if (order?.status !== 'submitted' || order.version !== 2 || events.length !== 1) lost++;
      }
    } finally {
      await check.close();
    }
    const codes = [...new Set(statuses)].sort().map((s) => `${s}: ${statuses.filter((x) => x === s).length}`);
    return judge({
      row: 13,
      what,
      figure: failed + lost,
      unit: 'failed or lost',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target: TARGET,
      notes: [
        `${failed} failed, ${lost} lost; answers ${codes.join(', ')}; all ${ORDERS} in ${seconds.toFixed(2)} s (${Math.round(ORDERS / seconds)} actions/s)`,
      ],
    });
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
    await db.drop();
  }
}
