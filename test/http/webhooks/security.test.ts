import { describe, expect, it } from 'vitest';
import { LONG } from '../../support/orders-data.js';
import { addEndpoint, buildHooksApp, call } from './helper.js';

describe('webhook endpoints over HTTP: security', () => {
  it('gives customer and desk keys 403 forbidden_action on every webhook route, and no key 401', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    const routes = [
      ['POST', '/v2/webhooks/endpoints', { url: 'https://hooks.example.com/' }],
      ['GET', '/v2/webhooks/endpoints', undefined],
      ['GET', `/v2/webhooks/endpoints/${a.id}`, undefined],
      ['PATCH', `/v2/webhooks/endpoints/${a.id}`, { enabled: false }],
      ['DELETE', `/v2/webhooks/endpoints/${a.id}`, undefined],
      ['POST', `/v2/webhooks/endpoints/${a.id}/rotate`, undefined],
      ['POST', `/v2/webhooks/endpoints/${a.id}/replay`, {}],
      ['GET', '/v2/webhooks/deliveries', undefined],
      ['POST', '/v2/webhooks/deliveries/dlv_x/redeliver', undefined],
      ['GET', '/webhooks/endpoints', undefined],
    ] as const;
    for (const [method, url, body] of routes) {
      for (const who of ['customer', 'desk'] as const) {
        const res = await call(built, method, url, built.auth[who], body);
        expect(res.statusCode, `${who} ${method} ${url}`).toBe(403);
        expect(res.json().errors[0].code).toBe('forbidden_action');
        expect(res.body).not.toContain('whsec_');
      }
      const anonymous = await call(built, method, url, null, body);
      expect(anonymous.statusCode, `anonymous ${method} ${url}`).toBe(401);
    }
    // Nothing changed.
    expect(await built.store.webhooks.endpoint(a.id)).toMatchObject({ enabled: true, secrets: [a.secret] });
  });

  it('never shows a secret after creation: not in lists, reads, changes, deliveries or the log', async () => {
    const built = await buildHooksApp();
    const a = await addEndpoint(built);
    const rotated = (
      await call(built, 'POST', `/v2/webhooks/endpoints/${a.id}/rotate`, built.auth.admin)
    ).json().data.secret as string;
    await call(built, 'POST', '/v2/portorders', built.auth.customer, {
      data: { type: 'portorder', attributes: { numbers: [LONG[1]] } },
    });
    const bodies = await Promise.all(
      [
        ['GET', '/v2/webhooks/endpoints'],
        ['GET', `/v2/webhooks/endpoints/${a.id}`],
        ['GET', '/v2/webhooks/deliveries'],
      ].map(async ([m, u]) => (await call(built, m as 'GET', u, built.auth.admin)).body),
    );
    bodies.push(
      (await call(built, 'PATCH', `/v2/webhooks/endpoints/${a.id}`, built.auth.admin, { description: 'x' }))
        .body,
    );
    for (const secret of [a.secret, rotated]) {
      const key = secret.slice(6);
      for (const body of bodies) expect(body).not.toContain(key);
      expect(built.logs.join('')).not.toContain(key);
    }
  });
});
