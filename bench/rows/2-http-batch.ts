// Row 2: one POST of a 100,000-number body to the real route vs the bare
// route (same framework, body limit and JSON parser; same reply size).
// Requests alternate between the two, one at a time, so both see the same
// machine; the figure is the median client-side latency to the last byte.
import { readFileSync } from 'node:fs';
import type { BenchContext } from '../lib/context.js';
import { barePath, basicAuth, type ServersInfo, SUBJECT_PATH } from '../lib/servers-info.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

interface Timed {
  ms: number;
  bytes: number;
}

async function post(
  url: string,
  body: Uint8Array<ArrayBuffer>,
  headers: Record<string, string>,
): Promise<Timed> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const bytes = (await res.arrayBuffer()).byteLength;
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return { ms, bytes };
}

/** The two sides of an HTTP comparison for one request body. */
export async function httpPair(info: ServersInfo, bytes: Uint8Array) {
  const body = Uint8Array.from(bytes);
  const auth = { authorization: basicAuth(info) };
  const first = await post(`${info.subject}${SUBJECT_PATH}`, body, auth);
  const bareUrl = `${info.bare}${barePath(first.bytes)}`;
  return {
    responseBytes: first.bytes,
    bareUrl,
    subject: () => post(`${info.subject}${SUBJECT_PATH}`, body, auth),
    bare: () => post(bareUrl, body, {}),
  };
}

export async function httpBatchRow(ctx: BenchContext): Promise<RowResult> {
  const count = ctx.size.httpRequest;
  const body = readFileSync(ctx.data.request(count));
  const info = await ctx.servers();
  const pair = await httpPair(info, body);
  // Warm-up: a few of each, discarded.
  for (let i = 0; i < 3; i++) {
    await pair.subject();
    await pair.bare();
  }
  const subject: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < ctx.size.httpRuns; i++) {
    // ABBA order, so neither side always follows the other.
    if (i % 2 === 0) {
      subject.push((await pair.subject()).ms);
      bare.push((await pair.bare()).ms);
    } else {
      bare.push((await pair.bare()).ms);
      subject.push((await pair.subject()).ms);
    }
  }
  const figure = median(subject);
  const baseline = median(bare);
  return judge({
    row: 2,
    what: `one POST of ${count.toLocaleString('en-US')} numbers, median latency (${subject.length} each)`,
    figure,
    unit: 'ms',
    baseline,
    baselineUnit: 'ms bare route',
    ratio: figure / baseline,
    target: { kind: 'ratio-max', value: 1.5 },
    notes: [
      `request ${(body.length / 1e6).toFixed(2)} MB, response ${(pair.responseBytes / 1e6).toFixed(2)} MB (the bare route returns a prebuilt string of the same length); request logs off on both`,
    ],
    samples: { subjectMs: subject, bareMs: bare },
  });
}
