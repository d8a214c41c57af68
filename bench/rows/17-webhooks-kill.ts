// Row 17: deliveries lost across `kill -9` under load. `portcheck serve` (the built binary, SQLite)
// with one webhook endpoint on a local receiver takes a steady load of port-order changes (16 clients,
// each creating an order for a number of the demo data and cancelling it: two events per round); a
// few seconds in it is killed with SIGKILL mid-load, then started again on the same database. When the
// outbox has drained, every event in the database's log is looked for at the receiver (by its
// `webhook-id`). The figure is the number of events never delivered; the target is 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { freePort } from '../lib/child.js';
import { CLI } from '../lib/paths.js';
import { judge, type RowResult } from '../lib/table.js';

const CLIENTS = 16;
const LOAD_BEFORE_KILL_MS = 4000;
const DRAIN_GIVE_UP_MS = 120_000;
const AUTH = `Basic ${Buffer.from('demo:demo-secret').toString('base64')}`;
// The demo data's 206-420 exchange is native to a carrier the demo's coverage gains from.
const numberOf = (client: number) => String(12_064_201_000 + client);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServe(db: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', String(port)], {
    stdio: ['ignore', 'ignore', 'ignore'],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORTCHECK_DEMO_KEY: 'demo:demo-secret',
      PORTCHECK_RATE_LIMIT: '0',
      PORTCHECK_WEBHOOK_ALLOW: '127.0.0.1/32',
      PORTCHECK_WEBHOOK_POLL_MS: '100',
      PORTCHECK_WEBHOOK_RETRY_SCHEDULE: Array(20).fill('0.5').join(','),
    },
  });
  const t0 = performance.now();
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode})`);
    if (performance.now() - t0 > 60_000) throw new Error('serve did not start');
    await sleep(50);
  }
}

async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: { data?: { id?: string }[] } | null }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as { data?: { id?: string }[] }) : null };
}

export async function webhooksKillRow(): Promise<RowResult> {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-bench-kill-'));
  const db = join(dir, 'kill.db');
  const received = new Set<string>();
  const receiver = createServer((req, res) => {
    received.add(String(req.headers['webhook-id']));
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  try {
    child = await startServe(db, port);
    const added = await api(base, 'POST', '/v2/webhooks/endpoints', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    });
    if (added.status !== 201) throw new Error(`adding the endpoint answered ${added.status}`);

    // The load: each client creates an order for its own number and cancels it, again and again.
    let running = true;
    let rounds = 0;
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      while (running) {
        try {
          const made = await api(base, 'POST', '/v2/portorders', {
            data: {
              type: 'portorder',
              attributes: { numbers: [numberOf(c)], end_user: { entity_name: `Client ${c}` } },
            },
          });
          if (made.status !== 201) continue;
          const id = made.json?.data?.[0]?.id;
          if (id === undefined) continue;
          await api(base, 'POST', `/v2/portorders/${id}/actions/cancel`, {});
          rounds++;
        } catch {
          await sleep(20); // the server is down: wait for the kill to be noticed
        }
      }
    });
    await sleep(LOAD_BEFORE_KILL_MS);
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));
    running = false;
    await Promise.all(clients);
    const deliveredBeforeKill = received.size;

    child = await startServe(db, port);
    // Every event the database holds, from a reader beside the server.
    const reader = SqliteStore.open(db, { readOnly: true });
    const ids: string[] = [];
    try {
      let after: string | undefined;
      for (;;) {
        const page = await reader.orders.events({ after, limit: 1000 });
        if (page.length === 0) break;
        for (const e of page) ids.push(e.id);
        after = page.at(-1)?.position;
      }
    } finally {
      await reader.close();
    }
    const t0 = performance.now();
    let missing = ids.filter((id) => !received.has(id)).length;
    while (missing > 0 && performance.now() - t0 < DRAIN_GIVE_UP_MS) {
      await sleep(100);
      missing = ids.filter((id) => !received.has(id)).length;
    }
    const drainMs = performance.now() - t0;
    return judge({
      row: 17,
      what: `webhook events lost across kill -9 under load (${CLIENTS} clients, SQLite)`,
      figure: missing,
      unit: 'lost',
      baseline: null,
      baselineUnit: '',
      ratio: null,
      target: { kind: 'figure-max', value: 0, unit: 'lost' },
      notes: [
        `${ids.length.toLocaleString('en-US')} events committed (${rounds} create + cancel rounds answered before the kill); ${deliveredBeforeKill.toLocaleString('en-US')} delivered before the kill, the rest within ${(drainMs / 1000).toFixed(1)} s of the restart`,
      ],
    });
  } finally {
    child?.kill('SIGKILL');
    receiver.closeAllConnections();
    receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
