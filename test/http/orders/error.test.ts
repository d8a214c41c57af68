import { describe, expect, it } from 'vitest';
import { LONG, TOLLFREE, UNASSIGNED } from '../../support/orders-data.js';
import { buildOrdersApp, call, create, createBody } from './helper.js';

const codeOf = (res: { json(): { errors: { code: string }[] } }) => res.json().errors[0].code;

describe('port orders over HTTP: refusals', () => {
  it('nothing portable is 422 nothing_portable with the reasons, and creates nothing', async () => {
    const built = await buildOrdersApp();
    const res = await call(built, 'POST', '/v2/portorders', built.auth.a, createBody([UNASSIGNED]));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({
      code: 'nothing_portable',
      meta: { nonportable: [{ number: UNASSIGNED, reason: 'unassigned' }] },
    });
    expect((await call(built, 'GET', '/v2/portorders', built.auth.a)).json().data).toEqual([]);
  });

  it('names body violations through the route tables', async () => {
    const built = await buildOrdersApp();
    const post = (body: unknown) => call(built, 'POST', '/v2/portorders', built.auth.a, body);
    expect(codeOf(await post({ data: { type: 'portorder', attributes: {} } }))).toBe('numbers_missing');
    expect(codeOf(await post({ data: { type: 'portorder', attributes: { numbers: [] } } }))).toBe(
      'numbers_empty',
    );
    expect(codeOf(await post({ data: { type: 'portorder', attributes: { numbers: [5] } } }))).toBe(
      'number_not_string',
    );
    const long = await post(createBody([LONG[0]], { alias: 'x'.repeat(201) }));
    expect(long.json().errors[0]).toMatchObject({
      code: 'invalid_body',
      source: { pointer: '/data/attributes/alias' },
    });
    const unknown = await post(createBody([LONG[0]], { colour: 'red' }));
    expect(codeOf(unknown)).toBe('invalid_body');
    expect((await call(built, 'GET', '/v2/portorders?limit=0', built.auth.a)).statusCode).toBe(422);
    expect(codeOf(await call(built, 'GET', '/v2/portorders?limit=500', built.auth.a))).toBe('invalid_input');
    expect(codeOf(await call(built, 'GET', '/v2/portorders?status=lost', built.auth.a))).toBe(
      'invalid_input',
    );
  });

  it('invalid transitions, blockers, FOC dates, groups and action members', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0]])).data[0].id;
    const act = (name: string, auth: string, body: unknown = {}) =>
      call(built, 'POST', `/v2/portorders/${id}/actions/${name}`, auth, body);

    const blocked = await act('submit', built.auth.a);
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().errors[0]).toMatchObject({
      code: 'blockers_remain',
      meta: { blockers: [{ code: 'loa_required', field: 'documents' }] },
    });

    const wrong = await act('record-foc', built.auth.desk, { foc_date: '2024-06-14' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().errors[0]).toMatchObject({ code: 'invalid_transition', meta: { status: 'draft' } });

    expect(codeOf(await act('split', built.auth.desk, {}))).toBe('invalid_input');
    expect(codeOf(await act('cancel', built.auth.a, { pon: 'x' }))).toBe('invalid_input');
    expect((await act('fly', built.auth.a)).statusCode).toBe(422);

    const outside = await call(built, 'PATCH', `/v2/portorders/${id}/relationships/numbers`, built.auth.a, {
      add: [TOLLFREE],
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors[0]).toMatchObject({
      code: 'number_not_in_group',
      meta: { numbers: [{ number: TOLLFREE }] },
    });

    expect((await act('cancel', built.auth.a)).json().data.attributes.status).toBe('cancelled');
    const edit = await call(built, 'PATCH', `/v2/portorders/${id}`, built.auth.a, {
      data: { type: 'portorder', attributes: { alias: 'y' } },
    });
    expect(edit.statusCode).toBe(409);
  });

  it('a FOC date that is not a business day is 422 invalid_foc_date', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0]])).data[0].id;
    const order = await built.orders.get(id);
    if (!order) throw new Error('the order was not stored');
    await built.orders.update({
      order: { ...order, status: 'submitted', version: order.version + 1 },
      expectedVersion: order.version,
      events: [],
    });
    const res = await call(built, 'POST', `/v2/portorders/${id}/actions/record-foc`, built.auth.desk, {
      foc_date: '2024-06-15',
    });
    expect(res.statusCode).toBe(422);
    expect(codeOf(res)).toBe('invalid_foc_date');
  });

  it('a malformed If-Match is 400, an unknown order 404, and no order route answers without a key', async () => {
    const built = await buildOrdersApp();
    const id = (await create(built, built.auth.a, [LONG[0]])).data[0].id;
    const bad = await call(
      built,
      'PATCH',
      `/v2/portorders/${id}`,
      built.auth.a,
      { data: { type: 'portorder', attributes: {} } },
      { 'if-match': 'soon' },
    );
    expect(bad.statusCode).toBe(400);
    expect((await call(built, 'GET', '/v2/portorders/po_nothing', built.auth.a)).statusCode).toBe(404);
    expect((await built.app.inject({ method: 'GET', url: `/v2/portorders/${id}` })).statusCode).toBe(401);
  });
});
