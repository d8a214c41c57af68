import { describe, expect, it } from 'vitest';
import { buildOrdersApp, call } from './orders/helper.js';

const accessKeyOf = (auth: string) =>
  Buffer.from(auth.slice('Basic '.length), 'base64').toString().split(':')[0];

describe('GET /v2/whoami', () => {
  it("tells a customer key its name, account and role, and only the customer's actions per state", async () => {
    const built = await buildOrdersApp();
    const res = await call(built, 'GET', '/v2/whoami', built.auth.a);
    expect(res.statusCode).toBe(200);
    const me = res.json().data;
    expect(me).toMatchObject({
      access_key: accessKeyOf(built.auth.a),
      name: 'a',
      account: 'acct-a',
      role: 'customer',
    });
    expect(me.actions.draft).toEqual(['submit', 'cancel']);
    expect(me.actions.foc_confirmed).toEqual(['request-supp', 'cancel']);
    expect(me.actions.in_review).toEqual(['cancel']);
    expect(me.actions.cancel_requested).toEqual([]);
    expect(me.actions.completed).toEqual([]);
    expect(JSON.stringify(me)).not.toMatch(/secret|hash/i);
  });

  it("tells a desk key the desk's actions, and answers without the /v2 prefix too", async () => {
    const built = await buildOrdersApp();
    const res = await call(built, 'GET', '/whoami', built.auth.desk);
    expect(res.statusCode).toBe(200);
    const me = res.json().data;
    expect(me).toMatchObject({ name: 'desk', account: 'ops', role: 'desk' });
    expect(me.actions.in_review).toEqual(['record-submission', 'reject', 'cancel', 'split']);
    expect(me.actions.foc_confirmed).toEqual(['reject', 'request-supp', 'complete', 'cancel', 'split']);
    expect(me.actions.cancel_requested).toEqual(['confirm-cancel', 'deny-cancel', 'split']);
  });

  it('is 401 without a key and is described in /openapi.json', async () => {
    const built = await buildOrdersApp();
    const res = await built.app.inject({ method: 'GET', url: '/v2/whoami' });
    expect(res.statusCode).toBe(401);
    expect(res.json().errors[0].code).toBe('unauthorized');
    const doc = (await built.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const schema = doc.paths['/v2/whoami'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties.data.properties)).toEqual([
      'access_key',
      'name',
      'account',
      'role',
      'actions',
    ]);
  });
});
