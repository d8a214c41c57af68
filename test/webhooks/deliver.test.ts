// One attempt against real receivers on 127.0.0.1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressGuard } from '../../src/webhooks/address-guard.js';
import { deliver, endpointAgents } from '../../src/webhooks/deliver.js';

let server: Server;
let base = '';
const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/redirect') {
        res.writeHead(302, { location: `${base}/ok` }).end();
      } else if (req.url === '/gone') {
        res.writeHead(410).end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.writeHead(200).end('late'), 2000);
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const allowLoopback = { guard: AddressGuard.fromSetting('127.0.0.0/8,::1/128') };
const headers = { 'content-type': 'application/json', 'webhook-id': 'evt_x' };

describe('one delivery attempt', () => {
  it('posts the body with the headers and reports the status and the answer', async () => {
    const r = await deliver(`${base}/ok`, headers, '{"a":1}', allowLoopback);
    expect(r.status).toBe(200);
    expect(r.responseBody).toBe('thanks');
    const last = seen.at(-1);
    expect(last?.body).toBe('{"a":1}');
    expect(last?.headers['webhook-id']).toBe('evt_x');
  });

  it('does not follow a redirect', async () => {
    const before = seen.length;
    const r = await deliver(`${base}/redirect`, headers, '{}', allowLoopback);
    expect(r.status).toBe(302);
    expect(seen.slice(before).map((s) => s.path)).toEqual(['/redirect']);
  });

  it('reports 410', async () => {
    expect((await deliver(`${base}/gone`, headers, '{}', allowLoopback)).status).toBe(410);
  });

  it('gives up after the timeout', async () => {
    const r = await deliver(`${base}/slow`, headers, '{}', { ...allowLoopback, timeoutMs: 200 });
    expect(r.status).toBeUndefined();
    expect(r.error).toMatch(/no answer within 200 ms/);
  });

  it('reports a refused connection as an error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await deliver(`http://127.0.0.1:${port}/`, headers, '{}', allowLoopback);
    expect(r.error).toMatch(/ECONNREFUSED/);
  });

  it('refuses loopback without the allow list: a literal IP, and a name resolving to it', async () => {
    const guard = new AddressGuard();
    const before = seen.length;
    const literal = await deliver(`${base}/ok`, headers, '{}', { guard });
    expect(literal.error).toMatch(/target refused: 127\.0\.0\.1 is on a loopback/);
    const port = new URL(base).port;
    const named = await deliver(`http://localhost:${port}/ok`, headers, '{}', { guard });
    expect(named.error).toMatch(/target refused/);
    expect(seen.length).toBe(before);
  });

  it("with an endpoint's keep-alive agents, attempts share one connection, and new ones are still guarded", async () => {
    let connections = 0;
    const counted = () => connections++;
    server.on('connection', counted);
    const agents = endpointAgents(4);
    try {
      for (let i = 0; i < 5; i++) {
        expect((await deliver(`${base}/ok`, headers, '{}', { ...allowLoopback, agents })).status).toBe(200);
      }
      expect(connections).toBe(1);
      const refused = await deliver(`http://localhost:${new URL(base).port}/ok`, headers, '{}', {
        guard: new AddressGuard(),
        agents,
      });
      expect(refused.error).toMatch(/target refused/);
    } finally {
      server.off('connection', counted);
      agents.http.destroy();
    }
  });

  it('refuses what is not an http(s) URL', async () => {
    expect((await deliver('ftp://example.com/', headers, '{}', allowLoopback)).error).toMatch(/scheme/);
    expect((await deliver('not a url', headers, '{}', allowLoopback)).error).toMatch(/not a URL/);
  });
});
