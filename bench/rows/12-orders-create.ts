// Row 12: POST /v2/portorders for 10,000 numbers (one request: the check, one draft per group, all
// in one transaction) vs a check of the same numbers (POST /portorders/portability), on the same
// server, alternating. The numbers are a business's: ten ranges of 1,000 (NPA-NXX-X000 to X999)
// around portable numbers of the bench request, so they fall in a few dozen orders as a real port
// does. Numbers drawn at random from the whole plan (every one in an order of its own, thousands
// per request) are measured too and reported beside it. Creating uses the numbers up (a number may be in one open order), so each
// run takes a fresh slice of the bench request's numbers, and the server works on its own accounts
// file (a temporary folder with a link to the bench database), never leaving orders behind.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { startServers } from '../lib/context.js';
import { basicAuth, SUBJECT_PATH } from '../lib/servers-info.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

const PER_REQUEST = 10_000;
const RANGE = 1000;
/** Numbers of the bench request whose ranges seed the business slices (enough for every run). */
const SEED_POOL = 10_000;
/**
 * Check-and-create pairs before the measured ones: the first few creates after start-up run at two
 * or three times their later time (the create path's code is still being compiled), and one pair
 * left them in the median.
 */
const WARM_UPS = 3;

/** The 1,000-number range (NPA-NXX-X000 to X999) a canonical number falls in. */
function rangeOf(number: string): string[] {
  const head = number.slice(0, 8);
  return Array.from({ length: RANGE }, (_, i) => head + String(i).padStart(3, '0'));
}

const END_USER = {
  subscriber_type: 'business',
  entity_name: 'Bench Widgets Inc',
  authorized_person: 'Pat Bench',
  account_number: 'BENCH-0001',
  pin: '1234',
  btn: '12065550100',
  service_address: {
    street: '1 Main St',
    unit: null,
    city: 'Seattle',
    state: 'WA',
    zip: '98101',
    country: 'US',
  },
};

async function timedPost(url: string, auth: string, body: string): Promise<{ ms: number; json: unknown }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', authorization: auth },
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, json: JSON.parse(text) };
}

export async function ordersCreateRow(ctx: BenchContext): Promise<RowResult> {
  const all = (
    JSON.parse(readFileSync(ctx.data.request(ctx.size.httpRequest), 'utf8')) as { numbers: string[] }
  ).numbers;
  // 101 of each: a single check or create varies by a third on this kind of machine, and from slice to
  // slice the create by three times (the orders its numbers fall in); the median of 15 moved by a fifth
  // from run to run, and the ratio of the medians of 31 by a sixth. A pair takes about 20 ms.
  const runs = 101;
  const randomRuns = Math.min(3, Math.floor(all.length / PER_REQUEST) - 1);
  if (randomRuns < 1)
    throw new Error(`the bench request holds ${all.length} numbers; ${PER_REQUEST * 2} needed`);
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-bench-orders-'));
  try {
    // The link gives the server the bench's numbering data with an accounts file of its own.
    const db = join(dir, 'bench.db');
    symlinkSync(ctx.db, db);
    if (existsSync(ctx.cacheFile)) copyFileSync(ctx.cacheFile, `${db}.snapshot`);
    const servers = await startServers(db, ctx.log);
    try {
      const auth = basicAuth(servers.info);
      const base = servers.info.subject;
      // Seeds: portable numbers of the request, each opening a range no other seed shares.
      const seedCheck = (
        await timedPost(`${base}${SUBJECT_PATH}`, auth, JSON.stringify({ numbers: all.slice(0, SEED_POOL) }))
      ).json as { data: { portable: { numbers: string[] } } };
      const seen = new Set<string>();
      const ranges: string[][] = [];
      for (const n of seedCheck.data.portable.numbers) {
        const key = n.slice(0, 8);
        if (seen.has(key)) continue;
        seen.add(key);
        ranges.push(rangeOf(n));
      }
      const perRequest = PER_REQUEST / RANGE;
      if (ranges.length < (runs + WARM_UPS) * perRequest)
        throw new Error(`only ${ranges.length} ranges found`);
      const business = (i: number) => ranges.slice(i * perRequest, (i + 1) * perRequest).flat();
      // From the far end of the request, leaving out the ranges above (their numbers are in orders).
      const rest = all.slice(SEED_POOL).filter((n) => !seen.has(n.slice(0, 8)));
      const random = (i: number) =>
        rest.slice(rest.length - (i + 1) * PER_REQUEST, rest.length - i * PER_REQUEST);
      let slice = business;
      const checkBody = (i: number) => JSON.stringify({ numbers: slice(i) });
      const createBody = (i: number) =>
        JSON.stringify({
          data: { type: 'portorder', attributes: { numbers: slice(i), end_user: END_USER } },
        });
      // Warm-up on the slices after the measured ones: a check and a create each.
      let warm = { ms: 0, json: {} as unknown };
      for (let w = 0; w < WARM_UPS; w++) {
        await timedPost(`${base}${SUBJECT_PATH}`, auth, checkBody(runs + w));
        warm = await timedPost(`${base}/v2/portorders`, auth, createBody(runs + w));
      }
      const created: number[] = [];
      const checked: number[] = [];
      let orders = 0;
      for (let i = 0; i < runs; i++) {
        const check = () => timedPost(`${base}${SUBJECT_PATH}`, auth, checkBody(i));
        const create = () => timedPost(`${base}/v2/portorders`, auth, createBody(i));
        if (i % 2 === 0) {
          checked.push((await check()).ms);
          const c = await create();
          created.push(c.ms);
          orders += ((c.json as { data?: unknown[] }).data ?? []).length;
        } else {
          const c = await create();
          created.push(c.ms);
          orders += ((c.json as { data?: unknown[] }).data ?? []).length;
          checked.push((await check()).ms);
        }
      }
      const figure = median(created);
      const baseline = median(checked);
      // The same again with numbers drawn at random: each its own order, thousands per request.
      slice = random;
      const randomCreated: number[] = [];
      const randomChecked: number[] = [];
      let randomOrders = 0;
      for (let i = 0; i < randomRuns; i++) {
        randomChecked.push((await timedPost(`${base}${SUBJECT_PATH}`, auth, checkBody(i))).ms);
        const c = await timedPost(`${base}/v2/portorders`, auth, createBody(i));
        randomCreated.push(c.ms);
        randomOrders += ((c.json as { data?: unknown[] }).data ?? []).length;
      }
      const rc = median(randomCreated);
      const rk = median(randomChecked);
      const warmOrders = ((warm.json as { data?: unknown[] }).data ?? []).length;
      return judge({
        row: 12,
        what: `create port orders for ${PER_REQUEST.toLocaleString('en-US')} numbers in one request, median (${runs} each)`,
        figure,
        unit: 'ms',
        baseline,
        baselineUnit: 'ms check of the same numbers',
        ratio: figure / baseline,
        target: { kind: 'ratio-max', value: 3 },
        notes: [
          `a business's numbers (ten 1,000-number ranges): each create made ${Math.round(orders / runs)} draft orders on average (${warmOrders} in the last of ${WARM_UPS} warm-up pairs), one transaction; SQLite store, request logs off`,
          `numbers at random over the whole plan: create ${rc.toFixed(0)} ms vs check ${rk.toFixed(1)} ms (${(rc / rk).toFixed(1)}×), ${Math.round(randomOrders / randomRuns)} orders per request — the cost is one order per number, written with its event in the one transaction`,
        ],
        samples: {
          createMs: created,
          checkMs: checked,
          randomCreateMs: randomCreated,
          randomCheckMs: randomChecked,
        },
      });
    } finally {
      await servers.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
