// Row 3: one-number requests per second over 50 connections (autocannon),
// the real route with Basic auth vs the bare route answering a body of the
// same size. Runs alternate subject/bare; each side's figure is the median
// of its runs' average requests per second.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { BenchContext } from '../lib/context.js';
import { basicAuth, SUBJECT_PATH } from '../lib/servers-info.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';
import { httpPair } from './2-http-batch.js';

const CONNECTIONS = 50;

interface Cannon {
  rps: number;
  non2xx: number;
  errors: number;
  p50: number;
}

async function cannon(
  url: string,
  body: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<Cannon> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
  };
}

export async function httpSingleRow(ctx: BenchContext, rounds: number): Promise<RowResult> {
  const body = readFileSync(ctx.data.request(1), 'utf8');
  const info = await ctx.servers();
  const pair = await httpPair(info, Buffer.from(body));
  const seconds = ctx.size.cannonSeconds;
  const auth = { authorization: basicAuth(info) };
  const subjectUrl = `${info.subject}${SUBJECT_PATH}`;

  // A short warm-up of each side, discarded.
  await cannon(subjectUrl, body, auth, 1);
  await cannon(pair.bareUrl, body, {}, 1);
  const subject: Cannon[] = [];
  const bare: Cannon[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      subject.push(await cannon(subjectUrl, body, auth, seconds));
      bare.push(await cannon(pair.bareUrl, body, {}, seconds));
    } else {
      bare.push(await cannon(pair.bareUrl, body, {}, seconds));
      subject.push(await cannon(subjectUrl, body, auth, seconds));
    }
  }
  const figure = median(subject.map((c) => c.rps));
  const baseline = median(bare.map((c) => c.rps));
  const failures = [...subject, ...bare].reduce((n, c) => n + c.non2xx + c.errors, 0);
  const notes = [
    `${CONNECTIONS} connections, ${rounds} × ${seconds} s per side, alternating; response ${pair.responseBytes} bytes; p50 latency ${median(subject.map((c) => c.p50))} ms vs ${median(bare.map((c) => c.p50))} ms`,
  ];
  if (failures > 0)
    notes.push(`${failures} non-2xx answers or errors during the runs: the figure is not trustworthy`);
  return judge({
    row: 3,
    what: `one-number requests per second, ${CONNECTIONS} connections`,
    figure,
    unit: 'req/s',
    baseline,
    baselineUnit: 'req/s bare route',
    ratio: figure / baseline,
    target: { kind: 'ratio-min', value: 0.8 },
    notes,
    samples: { subjectRps: subject.map((c) => c.rps), bareRps: bare.map((c) => c.rps) },
  });
}
