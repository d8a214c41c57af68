import { describe, expect, it } from 'vitest';
import { END_USER, LONG, loaded, MOVED, movedDataset } from '../../support/orders-data.js';
import { buildOrdersApp, call, create, createBody } from './helper.js';

const A = { role: 'customer' as const, account: 'acct-a' };
const LOA = { type: 'loa' as const, filename: 'loa.pdf', contentType: 'application/pdf' };

describe('port orders over HTTP: who sees and does what', () => {
  it('a customer of another account gets 404 for the order, its group and its actions, and none of its events', async () => {
    const built = await buildOrdersApp();
    const created = await create(built, built.auth.a, [LONG[0]]);
    const id = created.data[0].id;
    for (const url of [
      `/v2/portorders/${id}`,
      `/v2/portorders/${id}/foc-dates`,
      `/v2/portorders/groups/${created.meta.group_id}`,
    ]) {
      const res = await call(built, 'GET', url, built.auth.b);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().errors[0].code).toBe('not_found');
    }
    expect(
      (await call(built, 'POST', `/v2/portorders/${id}/actions/cancel`, built.auth.b, {})).statusCode,
    ).toBe(404);
    expect((await call(built, 'GET', '/v2/portorders', built.auth.b)).json().data).toEqual([]);
    expect((await call(built, 'GET', '/v2/portorders/events', built.auth.b)).json().data).toEqual([]);
    // Another key of the same account sees it; so does the desk.
    expect((await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a2)).statusCode).toBe(200);
    expect((await call(built, 'GET', `/v2/portorders/${id}`, built.auth.desk)).statusCode).toBe(200);
  });

  it('a customer asking for a desk action gets 403 forbidden_action with the allowed actions', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0]])).data[0].id;
    const res = await call(built, 'POST', `/v2/portorders/${id}/actions/split`, built.auth.a, {
      numbers: [LONG[0]],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().errors[0]).toMatchObject({
      code: 'forbidden_action',
      meta: { status: 'draft', allowed: ['submit', 'cancel'] },
    });
  });

  it('a stale If-Match is 412 version_mismatch with the current version', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0]])).data[0].id;
    const patch = { data: { type: 'portorder', attributes: { alias: 'x' } } };
    expect(
      (await call(built, 'PATCH', `/v2/portorders/${id}`, built.auth.a, patch, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(200);
    const stale = await call(built, 'PATCH', `/v2/portorders/${id}`, built.auth.a, patch, {
      'if-match': '"1"',
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().errors[0]).toMatchObject({ code: 'version_mismatch', meta: { current_version: 2 } });
    const action = await call(
      built,
      'POST',
      `/v2/portorders/${id}/actions/cancel`,
      built.auth.a,
      {},
      { 'if-match': '"1"' },
    );
    expect(action.statusCode).toBe(412);
  });

  it('Idempotency-Key: the same body replays the first answer, another body is 422', async () => {
    const built = await buildOrdersApp();
    const headers = { 'idempotency-key': 'create-1' };
    const first = await call(built, 'POST', '/v2/portorders', built.auth.a, createBody([LONG[0]]), headers);
    const again = await call(built, 'POST', '/v2/portorders', built.auth.a, createBody([LONG[0]]), headers);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await call(built, 'POST', '/v2/portorders', built.auth.a, createBody([LONG[1]]), headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0].code).toBe('idempotency_key_reused');
    // Scoped to the API key: another key may use the same one.
    const b = await call(built, 'POST', '/v2/portorders', built.auth.b, createBody([LONG[2]]), headers);
    expect(b.statusCode).toBe(201);
  });

  it('Idempotency-Key still running is 409 idempotency_key_in_use', async () => {
    const built = await buildOrdersApp();
    const headers = { 'idempotency-key': 'slow' };
    const body = createBody([LONG[0]]);
    const { createHash } = await import('node:crypto');
    // The first request's claim is held (as while it runs); the same key comes again.
    const accessKey = Buffer.from(built.auth.a.slice(6), 'base64').toString().split(':')[0];
    await built.orders.claimIdempotency(
      {
        scope: accessKey,
        key: 'slow',
        requestHash: createHash('sha256')
          .update(`POST\n/v2/portorders\n${JSON.stringify(body)}`)
          .digest('hex'),
      },
      new Date().toISOString(),
    );
    const res = await call(built, 'POST', '/v2/portorders', built.auth.a, body, headers);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0].code).toBe('idempotency_key_in_use');
  });

  it('a number in two open orders is 409 number_in_open_order naming the order', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0]])).data[0].id;
    const res = await call(built, 'POST', '/v2/portorders', built.auth.b, createBody([LONG[0]]));
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({
      code: 'number_in_open_order',
      meta: { order_id: id, number: LONG[0] },
    });
    const other = (await create(built, built.auth.a, [LONG[1]])).data[0].id;
    const add = await call(built, 'PATCH', `/v2/portorders/${other}/relationships/numbers`, built.auth.a, {
      add: [LONG[0]],
    });
    expect(add.statusCode).toBe(409);
  });

  it('the re-check on submit: an import moved a number to another carrier, portability_changed', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0], MOVED])).data[0].id;
    await built.service.addDocument(A, id, LOA, Buffer.from('%PDF'));
    built.data.current = loaded(movedDataset(), 2);
    const res = await call(built, 'POST', `/v2/portorders/${id}/actions/submit`, built.auth.a, {});
    expect(res.statusCode).toBe(422);
    const err = res.json().errors[0];
    expect(err.code).toBe('portability_changed');
    expect(err.meta.changes).toEqual([
      {
        number: MOVED,
        old: {
          group: {
            number_type: 'long-code',
            losing_carrier_id: '8824',
            gaining_carrier_id: '683G',
            lata: 674,
          },
        },
        new: {
          group: {
            number_type: 'long-code',
            losing_carrier_id: 'OTH01',
            gaining_carrier_id: '683G',
            lata: 674,
          },
        },
      },
    ]);
  });

  it('the PIN and account number never leave: not in responses, events, errors or the log', async () => {
    const built = await buildOrdersApp();
    const created = await create(built, built.auth.a, [LONG[0]]);
    const id = created.data[0].id;
    const bodies: string[] = [JSON.stringify(created)];
    const patch = {
      data: {
        type: 'portorder',
        attributes: { end_user: { pin: '97531', account_number: 'ACCT-SECRET-992' } },
      },
    };
    bodies.push((await call(built, 'PATCH', `/v2/portorders/${id}`, built.auth.a, patch)).body);
    bodies.push((await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a)).body);
    bodies.push((await call(built, 'POST', `/v2/portorders/${id}/actions/submit`, built.auth.a, {})).body);
    const events = (await call(built, 'GET', '/v2/portorders/events', built.auth.a)).body;
    // The edit's own event is among them: it names the fields, never their values.
    expect(JSON.parse(events).data).toContainEqual(
      expect.objectContaining({
        type: 'port_order.updated',
        data: expect.objectContaining({ fields: ['end_user.account_number', 'end_user.pin'] }),
      }),
    );
    expect(JSON.parse(bodies[2]).data.attributes.end_user.pin_set).toBe(true);
    for (const text of [...bodies, events, built.logs.join('')]) {
      for (const secret of [END_USER.pin as string, '97531']) expect(text).not.toContain(secret);
    }
    for (const text of [events, built.logs.join('')]) {
      for (const secret of [END_USER.accountNumber as string, 'ACCT-SECRET-992'])
        expect(text).not.toContain(secret);
    }
    expect(JSON.parse(bodies[2]).data.attributes.end_user).not.toHaveProperty('pin');
  });
});
