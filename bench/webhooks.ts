// Rows 7 and 8: webhook delivery in one process, as `serve` runs it: the SQLite store (its outbox),
// the DeliveryWorker woken on every commit, and 4 endpoints on local receivers answering 204 at once.
// Row 7: 10,000 events committed as fast as one writer can (one order created per transaction), each
// delivered to the 4 endpoints: deliveries per second from the first commit to the last arrival.
// Row 8: events committed at a steady 100 per second, 1,000 of them: p99 from a commit to the first
// attempt's arrival at each receiver (the same clock, performance.now()).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../src/store/orders-store.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { AddressGuard } from '../src/webhooks/address-guard.js';
import { newWebhookSecret } from '../src/webhooks/signature.js';
import { DeliveryWorker } from '../src/webhooks/worker.js';
import { benchOrder } from './lib/orders.js';
import { judge, type RowResult } from './lib/table.js';

const ENDPOINTS = 4;

interface Rig {
  store: SqliteStore;
  worker: DeliveryWorker;
  servers: Server[];
  /** webhook-id → first arrival per endpoint index. */
  arrivals: Map<string, number>[];
  count: () => number;
  close(): Promise<void>;
}

async function rig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-bench-hooks-'));
  const store = SqliteStore.open(join(dir, 'bench.db'));
  const arrivals: Map<string, number>[] = [];
  const servers: Server[] = [];
  let total = 0;
  for (let i = 0; i < ENDPOINTS; i++) {
    const seen = new Map<string, number>();
    arrivals.push(seen);
    const server = createServer((req, res) => {
      const id = String(req.headers['webhook-id']);
      if (!seen.has(id)) {
        seen.set(id, performance.now());
        total++;
      }
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
    const now = new Date().toISOString();
    await store.webhooks.createEndpoint({
      id: `we_bench_${i}`,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
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
  const worker = new DeliveryWorker({
    store: store.webhooks,
    guard: AddressGuard.fromSetting('127.0.0.1/32'),
    schedule: [1, 1, 1],
    pollMs: 1000,
  });
  worker.start();
  return {
    store,
    worker,
    servers,
    arrivals,
    count: () => total,
    close: async () => {
      await worker.stop();
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let serial = 0;
/** One order created in one transaction: one port_order.created event, 4 deliveries queued. */
async function commitOne(store: SqliteStore): Promise<StoredEvent> {
  serial++;
  const { order, events } = benchOrder({
    id: `po_bench_${serial}`,
    account: 'bench',
    groupId: `grp_bench_${serial}`,
    number: String(12_000_000_000 + serial),
    at: new Date(),
  });
  const [stored] = await store.orders.create([order], events);
  return stored as StoredEvent;
}

const waitFor = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 5));
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

/** Row 7: 10,000 events (quick: 2,000) to 4 endpoints. */
export async function webhookThroughputRow(events: number): Promise<RowResult> {
  const r = await rig();
  try {
    const t0 = performance.now();
    for (let i = 0; i < events; i++) {
      await commitOne(r.store);
      r.worker.wake();
      // Let the worker's I/O in between commits, as a server's requests would.
      if (i % 50 === 49) await new Promise((res) => setImmediate(res));
    }
    const committed = performance.now() - t0;
    await waitFor(() => r.count() >= events * ENDPOINTS);
    const seconds = (Math.max(...r.arrivals.flatMap((m) => [...m.values()])) - t0) / 1000;
    const rate = (events * ENDPOINTS) / seconds;
    return judge({
      row: 15,
      what: `webhook deliveries per second: ${events.toLocaleString('en-US')} events committed → delivered to ${ENDPOINTS} local endpoints`,
      figure: rate,
      unit: 'deliveries/s',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target: { kind: 'figure-min', value: 1000, unit: 'deliveries/s' },
      notes: [
        `${(events * ENDPOINTS).toLocaleString('en-US')} deliveries in ${seconds.toFixed(2)} s from the first commit to the last arrival; committing alone took ${(committed / 1000).toFixed(2)} s (${Math.round(events / (committed / 1000))} commits/s, each queuing ${ENDPOINTS} deliveries in its transaction)`,
      ],
    });
  } finally {
    await r.close();
  }
}

/** Row 8: a steady 100 commits per second; p99 commit → first attempt's arrival. */
export async function webhookLatencyRow(events: number): Promise<RowResult> {
  const r = await rig();
  try {
    const committedAt = new Map<string, number>();
    const start = performance.now();
    for (let i = 0; i < events; i++) {
      const due = start + i * 10;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      const e = await commitOne(r.store);
      committedAt.set(e.id, performance.now());
      r.worker.wake();
    }
    await waitFor(() => r.count() >= events * ENDPOINTS);
    const latencies: number[] = [];
    for (const seen of r.arrivals) {
      for (const [id, at] of seen) latencies.push(at - (committedAt.get(id) ?? at));
    }
    const p99 = percentile(latencies, 99);
    return judge({
      row: 16,
      what: `webhook p99 from commit to first delivery attempt (receivers healthy, ${events.toLocaleString('en-US')} events at 100/s, ${ENDPOINTS} endpoints)`,
      figure: p99,
      unit: 'ms',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target: { kind: 'figure-max', value: 1000, unit: 'ms' },
      notes: [
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length.toLocaleString('en-US')} deliveries (the worker is woken by each commit; polling is the fallback)`,
      ],
      samples: { p50: [percentile(latencies, 50)], p99: [p99] },
    });
  } finally {
    await r.close();
  }
}
