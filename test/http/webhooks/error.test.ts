import { describe, expect, it } from 'vitest';
import { addEndpoint, buildHooksApp, call } from './helper.js';

const codeOf = (res: { json(): { errors: { code: string; detail: string }[] } }) => res.json().errors[0];

describe('webhook endpoints over HTTP: refusals', () => {
  it('refuses targets on loopback and private networks unless allowed, whatever the form of the address', async () => {
    const built = await buildHooksApp();
    for (const url of [
      'http://127.0.0.1:8080/in',
      'http://10.1.2.3/in',
      'https://192.168.0.10/in',
      'http://172.16.5.4/in',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]:9000/in',
      'http://[::ffff:10.0.0.1]/in',
      'http://localhost:3000/in',
      'http://0.0.0.0/in',
    ]) {
      const res = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, { url });
      expect(res.statusCode, url).toBe(422);
      expect(codeOf(res).code, url).toBe('webhook_target_refused');
      expect(codeOf(res).detail, url).toContain('PORTCHECK_WEBHOOK_ALLOW');
    }
    expect((await built.store.webhooks.endpoints()).length).toBe(0);
    // Moving an endpoint there is refused too.
    const a = await addEndpoint(built);
    const moved = await call(built, 'PATCH', `/v2/webhooks/endpoints/${a.id}`, built.auth.admin, {
      url: 'http://10.0.0.7/in',
    });
    expect(codeOf(moved).code).toBe('webhook_target_refused');
  });

  it('takes a private target the allow list names', async () => {
    const built = await buildHooksApp('127.0.0.1/32, 10.0.0.0/8');
    for (const url of ['http://127.0.0.1:8080/in', 'http://10.1.2.3/in', 'http://localhost:8080/in']) {
      const res = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, { url });
      expect(res.statusCode, url).toBe(201);
    }
    const res = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, {
      url: 'http://192.168.1.1/',
    });
    expect(codeOf(res).code).toBe('webhook_target_refused');
  });

  it('refuses URLs that are not http(s), carry credentials or are malformed', async () => {
    const built = await buildHooksApp();
    for (const url of [
      'ftp://hooks.example.com/',
      'file:///etc/passwd',
      'not a url',
      'https://u:p@hooks.example.com/',
    ]) {
      const res = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, { url });
      expect(res.statusCode, url).toBe(422);
      expect(codeOf(res).code, url).toBe('invalid_input');
    }
  });

  it('names schema violations: a missing url, an unknown event type, an unknown member', async () => {
    const built = await buildHooksApp();
    const missing = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, {});
    expect(missing.statusCode).toBe(422);
    expect(codeOf(missing)).toMatchObject({ code: 'invalid_body', detail: '/url is required.' });
    const type = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, {
      url: 'https://hooks.example.com/',
      event_types: ['port_order.eaten'],
    });
    expect(codeOf(type).code).toBe('invalid_body');
    expect(codeOf(type).detail).toContain('port_order.created');
    const extra = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, {
      url: 'https://hooks.example.com/',
      secret: 'whsec_mine',
    });
    expect(codeOf(extra)).toMatchObject({
      code: 'invalid_body',
      detail: 'the body has an unknown member "secret".',
    });
    const notJson = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, '{"url": ');
    expect(codeOf(notJson).code).toBe('invalid_json');
  });

  it('answers 404 for unknown endpoints and deliveries', async () => {
    const built = await buildHooksApp();
    for (const [method, url] of [
      ['GET', '/v2/webhooks/endpoints/we_nope'],
      ['PATCH', '/v2/webhooks/endpoints/we_nope'],
      ['DELETE', '/v2/webhooks/endpoints/we_nope'],
      ['POST', '/v2/webhooks/endpoints/we_nope/rotate'],
      ['POST', '/v2/webhooks/endpoints/we_nope/replay'],
      ['POST', '/v2/webhooks/deliveries/dlv_nope/redeliver'],
    ] as const) {
      const body = method === 'PATCH' || url.endsWith('replay') ? {} : undefined;
      const res = await call(built, method, url, built.auth.admin, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(codeOf(res).code).toBe('not_found');
    }
  });

  it('refuses a replay window that ends before it starts, or is not a date', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    const url = `/v2/webhooks/endpoints/${a.id}/replay`;
    const backwards = await call(built, 'POST', url, built.auth.admin, {
      since: '2024-06-05',
      until: '2024-06-01',
    });
    expect(codeOf(backwards).code).toBe('invalid_input');
    const garbage = await call(built, 'POST', url, built.auth.admin, { since: 'yesterday' });
    expect(codeOf(garbage).code).toBe('invalid_input');
    const status = await call(built, 'POST', url, built.auth.admin, { status: 'lost' });
    expect(codeOf(status).code).toBe('invalid_body');
    const limit = await call(built, 'GET', '/v2/webhooks/deliveries?limit=0', built.auth.admin);
    expect(codeOf(limit).code).toBe('invalid_input');
  });
});
