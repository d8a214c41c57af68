// At least once across a crash: `portcheck serve` (the built binary) with an endpoint whose receiver
// is down takes order changes, is killed with SIGKILL, and once the receiver is up and serve is
// started again, every event arrives (verified with standardwebhooks). The outbox is written in the
// change's transaction, so nothing is lost between the commit and the delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver } from '../webhooks/receiver.js';
import { ensureBuilt, freePort, type Served, serve, tempDir } from './helpers.js';

const tmp = tempDir();
const running: Served[] = [];
const receiver = new Receiver();
const AUTH = `Basic ${Buffer.from('demo:demo-secret').toString('base64')}`;

const ENV = {
  PORTCHECK_DEMO_KEY: 'demo:demo-secret',
  PORTCHECK_WEBHOOK_ALLOW: '127.0.0.1/32',
  PORTCHECK_WEBHOOK_RETRY_SCHEDULE: Array(40).fill('0.2').join(','),
  PORTCHECK_WEBHOOK_TIMEOUT_MS: '1000',
  PORTCHECK_WEBHOOK_POLL_MS: '100',
};

beforeAll(() => ensureBuilt());
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await receiver.stop();
  tmp.cleanup();
});

async function api(s: Served, method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: AUTH, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { data: unknown } };
}

describe('webhooks across kill -9', () => {
  it('delivers every event committed before the kill once serve runs again', async () => {
    const port = await freePort();
    const first = await serve(['--db', tmp.db], ENV);
    running.push(first);
    const added = await api(first, 'POST', '/v2/webhooks/endpoints', {
      url: `http://127.0.0.1:${port}/hook`,
    });
    expect(added.status).toBe(201);
    receiver.secrets.push((added.body.data as { secret: string }).secret);

    // Order changes while the receiver is down: each commits its events and their deliveries.
    let created = 0;
    for (const number of ['12064205780', '12064205781', '12064205782', '12064205783', '18444205780']) {
      const res = await api(first, 'POST', '/v2/portorders', {
        data: { type: 'portorder', attributes: { numbers: [number] } },
      });
      if (res.status === 201) created++;
    }
    expect(created).toBeGreaterThanOrEqual(2);
    const events = (await api(first, 'GET', '/v2/portorders/events')).body.data as { id: string }[];
    expect(events.length).toBeGreaterThanOrEqual(created);
    // The server has tried and failed (the receiver is down); then it dies without a word.
    for (;;) {
      const ds = (await api(first, 'GET', '/v2/webhooks/deliveries')).body.data as { attempts: number }[];
      if (ds.length === events.length && ds.some((d) => d.attempts > 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const exited = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await exited;

    await receiver.start(port);
    const second = await serve(['--db', tmp.db], ENV);
    running.push(second);
    await receiver.until(() => events.every((e) => receiver.ids().has(e.id)));
    expect(receiver.unverified).toEqual([]);
    expect(await second.stop()).toBe(0);
  });
});
