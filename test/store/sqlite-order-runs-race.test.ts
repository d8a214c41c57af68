// The one-open-order rule on SQLite rests on a probe of the open runs inside each IMMEDIATE
// transaction (no index can refuse an overlap), so it is tested here where it could break: several
// processes creating and cancelling orders of overlapping blocks of numbers at once, on one file.
// Afterwards no number may be in two open orders, and every order's runs must be exactly its body's.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberRowsOfBody } from '../../src/store/orders-codec.js';
import { accountsPathOf } from '../../src/store/sqlite/accounts-schema.js';
import { runsOf } from '../../src/store/sqlite/orders/runs.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ensureBuilt, ROOT } from '../cli/helpers.js';

const PROCESSES = 4;
const ATTEMPTS = 60;
const BASE = 12_064_200_000;
/** Blocks land in 0..SPAN: narrow enough that the processes keep colliding. */
const SPAN = 2_000;

const dist = (file: string) => pathToFileURL(join(ROOT, 'dist/src', file)).href;

/**
 * One writer: creates an order of a block (1 to 300 numbers, sometimes with a gap) where a
 * deterministic generator says, counts what was refused for a held number, and cancels every third
 * order it made, which releases its numbers. Prints {created, refused, cancelled}.
 */
const WRITER = `
const { SqliteStore } = await import(${JSON.stringify(dist('store/sqlite/sqlite-store.js'))});
const { newDraftOrder } = await import(${JSON.stringify(dist('domain/orders/create.js'))});
const { orderEvent } = await import(${JSON.stringify(dist('domain/orders/events.js'))});
const [path, who] = process.argv.slice(1);
const store = SqliteStore.open(path);
let seed = 1 + Number(who) * 7919;
const rand = (n) => { seed = (seed * 48271) % 2147483647; return seed % n; };
const counts = { created: 0, refused: 0, cancelled: 0 };
for (let i = 0; i < ${ATTEMPTS}; i++) {
  const start = rand(${SPAN});
  const length = 1 + rand(300);
  const gap = rand(3) === 0 ? rand(length) : -1;
  const numbers = [];
  for (let k = 0; k < length; k++) if (k !== gap) numbers.push(String(${BASE} + start + k));
  const id = 'po_' + who + '_' + i;
  const { order, events } = newDraftOrder({
    id, account: 'acme', groupId: 'grp_' + id, numberType: 'long-code',
    losingCarrier: { id: 'LOSE', name: 'Losing Co' }, resellers: [], gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
    lata: 674, numbers,
    endUser: { subscriberType: 'business', entityName: 'Race', authorizedPerson: null, accountNumber: null, pin: null, btn: null, serviceAddress: null },
    requestedFocDate: null, customerReference: null, alias: null,
  }, new Date());
  try {
    await store.orders.create([order], events);
    counts.created++;
  } catch (err) {
    if (err.name !== 'NumberInOpenOrder') throw err;
    counts.refused++;
    continue;
  }
  if (counts.created % 3 === 0) {
    const at = new Date();
    const next = { ...order, status: 'cancelled', version: 2, updatedAt: at.toISOString(),
      numbers: order.numbers.map((n) => ({ ...n, status: 'cancelled' })) };
    await store.orders.update({ order: next, expectedVersion: 1,
      events: [orderEvent('port_order.status_changed', next, at, { from: 'draft', to: 'cancelled' })] });
    counts.cancelled++;
  }
}
await store.close();
process.stdout.write(JSON.stringify(counts));
`;

function writer(path: string, who: number): Promise<{ created: number; refused: number; cancelled: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, path, String(who)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`writer ${who} exited ${code}: ${err}`));
    });
  });
}

describe('SQLite: one open order per number, with several processes writing at once', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'portcheck-runs-race-'));
    path = join(dir, 'portcheck.db');
    // Created and migrated once, before the writers race to open it.
    await SqliteStore.open(path).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses every overlap, and leaves each order with exactly its own runs', async () => {
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, who) => writer(path, who)));
    const created = results.reduce((sum, r) => sum + r.created, 0);
    const refused = results.reduce((sum, r) => sum + r.refused, 0);
    expect(created + refused).toBe(PROCESSES * ATTEMPTS);
    // The blocks collide often enough for the rule to have been at work, and leave room for many.
    expect(refused).toBeGreaterThan(10);
    expect(created).toBeGreaterThan(10);

    const db = new Database(accountsPathOf(path), { readonly: true });
    try {
      const overlapping = db
        .prepare(
          `SELECT count(*) FROM order_runs a JOIN order_runs b
             ON a.open = 1 AND b.open = 1 AND a.order_key < b.order_key AND a.first <= b.last AND b.first <= a.last`,
        )
        .pluck()
        .get();
      expect(overlapping).toBe(0);
      const orders = db.prepare('SELECT order_key, body FROM orders').raw().all() as [number, string][];
      expect(orders).toHaveLength(created);
      const runsOfKey = db.prepare('SELECT first, last, open FROM order_runs WHERE order_key = ?').raw();
      const sort = (runs: number[][]) => runs.map((r) => r.join(':')).sort();
      for (const [key, body] of orders) {
        expect(sort(runsOfKey.all(key) as number[][])).toEqual(sort(runsOf(numberRowsOfBody(body))));
      }
      const cancelled = results.reduce((sum, r) => sum + r.cancelled, 0);
      const open = db.prepare("SELECT count(*) FROM orders WHERE status = 'draft'").pluck().get();
      expect(open).toBe(created - cancelled);
    } finally {
      db.close();
    }
  });
});
