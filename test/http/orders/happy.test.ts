import { describe, expect, it } from 'vitest';
import { LONG, RESOLD, TOLLFREE, UNASSIGNED } from '../../support/orders-data.js';
import { buildOrdersApp, call, create, createBody } from './helper.js';

describe('port orders over HTTP: the main path', () => {
  it('creates one order per group, with the nonportable numbers in meta', async () => {
    const built = await buildOrdersApp();
    const res = await call(
      built,
      'POST',
      '/v2/portorders',
      built.auth.a,
      createBody([...LONG, RESOLD, TOLLFREE, UNASSIGNED], {
        customer_reference: 'r1',
      }),
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.data).toHaveLength(2);
    const [long, tf] = body.data;
    expect(long).toMatchObject({
      type: 'portorder',
      links: { self: `/v2/portorders/${long.id}` },
      attributes: {
        account: 'acct-a',
        status: 'draft',
        version: 1,
        number_type: 'long-code',
        losing_carrier: { id: '8824', name: 'Level3' },
        resellers: [{ id: 'RSL01', name: 'Resale Co' }],
        port_kind: 'non_simple',
        customer_reference: 'r1-1',
        end_user: { pin_set: true, entity_name: 'Acme Inc' },
      },
    });
    expect(long.attributes.blockers).toContainEqual({ code: 'loa_required', field: 'documents' });
    expect(tf.attributes.number_type).toBe('tollfree');
    expect(body.meta.group_id).toBe(long.attributes.group_id);
    expect(body.meta.nonportable.numbers).toEqual([UNASSIGNED]);
  });

  it('reports a string that is no number among the nonportable, as the check does, long or empty', async () => {
    const built = await buildOrdersApp();
    const long = `call ${'9'.repeat(30)}`;
    const res = await call(built, 'POST', '/v2/portorders', built.auth.a, createBody([LONG[0], long, '']));
    expect(res.statusCode).toBe(201);
    const { nonportable } = res.json().meta;
    expect(nonportable.numbers).toEqual([long, '']);
    expect(nonportable.details.map((d: { reason: string }) => d.reason)).toEqual([
      'invalid_number',
      'invalid_number',
    ]);
  });

  it('reads, lists, edits, changes numbers and walks the lifecycle to completed', async () => {
    const built = await buildOrdersApp();
    const created = await create(built, built.auth.a, [LONG[0], LONG[1]]);
    const id = created.data[0].id;

    const got = await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a);
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    // Also served without the /v2 prefix, with links under the prefix used.
    const bare = await call(built, 'GET', `/portorders/${id}`, built.auth.a);
    expect(bare.json().data.links.self).toBe(`/portorders/${id}`);

    const list = await call(built, 'GET', '/v2/portorders?status=draft&limit=1', built.auth.a);
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(list.json().links.next).toBeNull();

    const edited = await call(
      built,
      'PATCH',
      `/v2/portorders/${id}`,
      built.auth.a,
      { data: { type: 'portorder', attributes: { alias: 'HQ', end_user: { entity_name: 'Acme Corp' } } } },
      { 'if-match': '"1"' },
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json().data.attributes).toMatchObject({
      alias: 'HQ',
      version: 2,
      end_user: { entity_name: 'Acme Corp' },
    });

    const numbers = await call(built, 'PATCH', `/v2/portorders/${id}/relationships/numbers`, built.auth.a, {
      add: [`+${LONG[2]}`],
      remove: [LONG[1]],
    });
    expect(numbers.statusCode).toBe(200);
    expect(numbers.json().data.attributes.numbers.map((n: { number: string }) => n.number)).toEqual([
      LONG[0],
      LONG[2],
    ]);

    const dates = await call(built, 'GET', `/v2/portorders/${id}/foc-dates`, built.auth.a);
    expect(dates.statusCode).toBe(200);
    expect(dates.json().data.dates).toContain('2024-06-14');

    await built.service.addDocument(
      { role: 'customer', account: 'acct-a' },
      id,
      { type: 'loa', filename: 'loa.pdf', contentType: 'application/pdf' },
      Buffer.from('%PDF'),
    );
    const act = (name: string, auth: string, body: unknown = {}) =>
      call(built, 'POST', `/v2/portorders/${id}/actions/${name}`, auth, body);
    expect((await act('submit', built.auth.a)).json().data.attributes.status).toBe('in_review');
    expect(
      (await act('record-submission', built.auth.desk, { occurred_at: '2024-06-03T13:00:00Z', pon: 'P1' }))
        .statusCode,
    ).toBe(200);
    const foc = await act('record-foc', built.auth.desk, { foc_date: '2024-06-14' });
    expect(foc.json().data.attributes.foc.date).toBe('2024-06-14');
    const done = await act('complete', built.auth.desk, {});
    expect(done.json().data.attributes.status).toBe('completed');

    const group = await call(built, 'GET', `/v2/portorders/groups/${created.meta.group_id}`, built.auth.a);
    expect(group.json().data.attributes.status).toBe('completed');

    const events = await call(built, 'GET', `/v2/portorders/events?order_id=${id}`, built.auth.a);
    expect(events.statusCode).toBe(200);
    const types = events.json().data.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('port_order.created');
    expect(types).toContain('port_order.numbers_changed');
    expect(types.filter((t: string) => t === 'port_order.status_changed')).toHaveLength(4);
    // The edit is an event too (an extension type), naming the fields it set.
    const updates = await call(
      built,
      'GET',
      `/v2/portorders/events?order_id=${id}&type=port_order.updated`,
      built.auth.a,
    );
    expect(
      updates.json().data.map((e: { seq: number; data: { fields: string[] } }) => [e.seq, e.data.fields]),
    ).toEqual([[2, ['alias', 'end_user.entity_name']]]);
    const paged = await call(built, 'GET', `/v2/portorders/events?order_id=${id}&limit=2`, built.auth.a);
    const next = paged.json().links.next;
    expect(next).toMatch(/after=/);
    const rest = await call(built, 'GET', next, built.auth.a);
    expect(rest.json().data[0].seq).toBe(3);
  });

  it('lists the reason codes', async () => {
    const built = await buildOrdersApp();
    const res = await call(built, 'GET', '/v2/portorders/reason-codes', built.auth.a);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((r: { code: string }) => r.code)).toContain('PIN_REQUIRED');
  });

  it('splits an order at the desk, the new order in included', async () => {
    const built = await buildOrdersApp();
    const created = await create(built, built.auth.a, [LONG[0], LONG[1], LONG[2]]);
    const id = created.data[0].id;
    const res = await call(built, 'POST', `/v2/portorders/${id}/actions/split`, built.auth.desk, {
      numbers: [LONG[2]],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().included[0].attributes).toMatchObject({ split_from: id, status: 'draft' });
  });

  it('pages the list with links.next', async () => {
    const built = await buildOrdersApp();
    for (const n of LONG) await create(built, built.auth.a, [n]);
    const first = await call(built, 'GET', '/portorders?limit=2', built.auth.a);
    expect(first.json().data).toHaveLength(2);
    const next = first.json().links.next;
    expect(next).toMatch(/^\/portorders\?limit=2&cursor=/);
    const second = await call(built, 'GET', next, built.auth.a);
    expect(second.json().data).toHaveLength(1);
    expect(second.json().links.next).toBeNull();
  });
});
