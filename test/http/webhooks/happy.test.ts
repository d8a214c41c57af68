import { describe, expect, it } from 'vitest';
import { LONG } from '../../support/orders-data.js';
import { addEndpoint, buildHooksApp, call, NOW } from './helper.js';

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

describe('webhook endpoints over HTTP: the main path', () => {
  it('creates an endpoint and shows its secret once', async () => {
    const built = await buildHooksApp();
    const res = await call(built, 'POST', '/v2/webhooks/endpoints', built.auth.admin, {
      url: 'https://hooks.example.com/in',
      event_types: ['port_order.created', 'port_order.status_changed'],
      account: 'acct-a',
      description: 'CRM',
    });
    expect(res.statusCode).toBe(201);
    const data = res.json().data;
    expect(data).toEqual({
      id: expect.stringMatching(/^we_/),
      type: 'webhook_endpoint',
      url: 'https://hooks.example.com/in',
      event_types: ['port_order.created', 'port_order.status_changed'],
      account: 'acct-a',
      description: 'CRM',
      enabled: true,
      disabled_reason: null,
      previous_secret_expires_at: null,
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      secret: expect.stringMatching(SECRET),
    });
    expect(Buffer.from(data.secret.slice(6), 'base64')).toHaveLength(32);
    // Stored: the store signs with it.
    expect((await built.store.webhooks.endpoint(data.id))?.secrets).toEqual([data.secret]);
  });

  it('lists and gets endpoints without their secrets, with and without /v2', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    await addEndpoint(built, { url: 'http://hooks.example.com/b' });
    for (const prefix of ['/v2', '']) {
      const list = await call(built, 'GET', `${prefix}/webhooks/endpoints`, built.auth.admin);
      expect(list.statusCode).toBe(200);
      expect(
        list
          .json()
          .data.map((e: { url: string }) => e.url)
          .sort(),
      ).toEqual(['http://hooks.example.com/b', 'https://hooks.example.com/portcheck']);
      expect(list.body).not.toContain('whsec_');
      const one = await call(built, 'GET', `${prefix}/webhooks/endpoints/${a.id}`, built.auth.admin);
      expect(one.statusCode).toBe(200);
      expect(one.json().data).toMatchObject({ id: a.id, enabled: true });
      expect(one.body).not.toContain('whsec_');
    }
  });

  it('changes an endpoint, disables and re-enables it, and deletes it', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    const res = await call(built, 'PATCH', `/v2/webhooks/endpoints/${a.id}`, built.auth.admin, {
      url: 'https://other.example.com/x',
      event_types: ['port_order.split'],
      account: null,
      description: 'moved',
      enabled: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      url: 'https://other.example.com/x',
      event_types: ['port_order.split'],
      account: null,
      description: 'moved',
      enabled: false,
      disabled_reason: 'admin',
    });
    expect(res.body).not.toContain('whsec_');
    const back = await call(built, 'PATCH', `/webhooks/endpoints/${a.id}`, built.auth.admin, {
      enabled: true,
    });
    expect(back.json().data).toMatchObject({ enabled: true, disabled_reason: null });
    const del = await call(built, 'DELETE', `/v2/webhooks/endpoints/${a.id}`, built.auth.admin);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe('');
    expect((await call(built, 'GET', `/v2/webhooks/endpoints/${a.id}`, built.auth.admin)).statusCode).toBe(
      404,
    );
  });

  it('rotates: a new secret once, the previous one signing for 24 hours', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    const res = await call(built, 'POST', `/v2/webhooks/endpoints/${a.id}/rotate`, built.auth.admin);
    expect(res.statusCode).toBe(200);
    const data = res.json().data;
    expect(data.secret).toMatch(SECRET);
    expect(data.secret).not.toBe(a.secret);
    expect(data.previous_secret_expires_at).toBe(new Date(NOW.getTime() + 86_400_000).toISOString());
    expect((await built.store.webhooks.endpoint(a.id))?.secrets).toEqual([data.secret, a.secret]);
  });

  it('lists deliveries queued by order changes, redelivers one and replays an endpoint', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    const b = await addEndpoint(built, { event_types: ['port_order.status_changed'] });
    const created = await call(built, 'POST', '/v2/portorders', built.auth.customer, {
      data: { type: 'portorder', attributes: { numbers: [LONG[0]] } },
    });
    expect(created.statusCode).toBe(201);
    const list = await call(built, 'GET', `/v2/webhooks/deliveries?endpoint_id=${a.id}`, built.auth.admin);
    expect(list.statusCode).toBe(200);
    const [d] = list.json().data;
    expect(list.json().data).toHaveLength(1);
    expect(d).toMatchObject({
      type: 'webhook_delivery',
      endpoint_id: a.id,
      event_type: 'port_order.created',
      account: 'acct-a',
      status: 'pending',
      attempts: 0,
    });
    const none = await call(built, 'GET', `/v2/webhooks/deliveries?endpoint_id=${b.id}`, built.auth.admin);
    expect(none.json().data).toEqual([]);
    const pendingOnly = await call(built, 'GET', '/webhooks/deliveries?status=delivered', built.auth.admin);
    expect(pendingOnly.json().data).toEqual([]);

    const re = await call(built, 'POST', `/v2/webhooks/deliveries/${d.id}/redeliver`, built.auth.admin);
    expect(re.statusCode).toBe(202);
    expect(re.json().data).toMatchObject({ id: d.id, status: 'pending', next_attempt_at: NOW.toISOString() });
    const replay = await call(built, 'POST', `/v2/webhooks/endpoints/${a.id}/replay`, built.auth.admin, {
      since: '2024-06-01',
      until: '2024-06-04T00:00:00Z',
      status: 'pending',
    });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toEqual({ data: { replayed: 1 } });
    const outside = await call(built, 'POST', `/v2/webhooks/endpoints/${a.id}/replay`, built.auth.admin, {
      until: '2024-06-01',
    });
    expect(outside.json()).toEqual({ data: { replayed: 0 } });
  });

  it('describes every webhook route in /openapi.json', async () => {
    const built = await buildHooksApp();
    const doc = (await built.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const prefix of ['/v2', '']) {
      expect(Object.keys(doc.paths[`${prefix}/webhooks/endpoints`]).sort()).toEqual(['get', 'post']);
      expect(Object.keys(doc.paths[`${prefix}/webhooks/endpoints/{id}`]).sort()).toEqual([
        'delete',
        'get',
        'patch',
      ]);
      expect(doc.paths[`${prefix}/webhooks/endpoints/{id}/rotate`].post).toBeDefined();
      expect(doc.paths[`${prefix}/webhooks/endpoints/{id}/replay`].post).toBeDefined();
      expect(doc.paths[`${prefix}/webhooks/deliveries`].get).toBeDefined();
      expect(doc.paths[`${prefix}/webhooks/deliveries/{id}/redeliver`].post).toBeDefined();
    }
    const listSchema = JSON.stringify(doc.paths['/v2/webhooks/endpoints'].get.responses['200']);
    expect(listSchema).not.toContain('secret"');
  });
});
