import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES } from '../../../src/domain/orders/content-type.js';
import { END_USER, LONG } from '../../support/orders-data.js';
import { readPdf } from '../../support/pdf-text.js';
import { buildOrdersApp, call, create, type OrdersApp } from './helper.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(32, 7),
]);

function upload(
  built: OrdersApp,
  id: string,
  auth: string,
  body: Buffer,
  contentType: string,
  query = 'type=loa&filename=signed%20loa.pdf',
  headers: Record<string, string> = {},
) {
  return built.app.inject({
    method: 'POST',
    url: `/v2/portorders/${id}/documents?${query}`,
    headers: { authorization: auth, 'content-type': contentType, ...headers },
    payload: body,
  });
}

async function longOrder(built: OrdersApp, auth = built.auth.a): Promise<string> {
  return (await create(built, auth, [LONG[0], LONG[1]])).data[0].id;
}

describe('port order documents over HTTP', () => {
  it('uploads a document and gives the same bytes back, with its type and name', async () => {
    const built = await buildOrdersApp();
    const id = await longOrder(built);
    const res = await upload(built, id, built.auth.a, PDF, 'application/pdf');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.etag).toBe('"2"');
    const doc = res.json().data;
    expect(doc.attributes).toMatchObject({
      type: 'loa',
      filename: 'signed loa.pdf',
      content_type: 'application/pdf',
      size: PDF.length,
    });
    expect(res.headers.location).toBe(`/v2/portorders/${id}/documents/${doc.id}`);

    const got = await call(built, 'GET', doc.links.self, built.auth.a);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="signed loa.pdf"; filename*=UTF-8''signed%20loa.pdf`,
    );
    expect(Buffer.compare(got.rawPayload, PDF)).toBe(0);
  });

  it('refuses a PNG sent as application/pdf (422), a type not allowed (415) and 10 MiB + 1 byte (413)', async () => {
    const built = await buildOrdersApp();
    const id = await longOrder(built);
    const mismatch = await upload(built, id, built.auth.a, PNG, 'application/pdf');
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().errors[0].code).toBe('document_content_mismatch');
    const text = await upload(built, id, built.auth.a, Buffer.from('hello'), 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json().errors[0].code).toBe('unsupported_media_type');
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - PDF.length)]);
    const tooBig = await upload(built, id, built.auth.a, big, 'application/pdf');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().errors[0].code).toBe('payload_too_large');
    // Exactly 10 MiB passes.
    const max = await upload(built, id, built.auth.a, big.subarray(0, MAX_DOCUMENT_BYTES), 'application/pdf');
    expect(max.statusCode).toBe(201);
    expect(max.json().data.attributes.size).toBe(MAX_DOCUMENT_BYTES);
    // Nothing refused was kept.
    const order = (await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a)).json().data;
    expect(order.attributes.version).toBe(2);
  });

  it("answers 404 to another account's key for upload, download and loa.pdf", async () => {
    const built = await buildOrdersApp();
    const id = await longOrder(built);
    const doc = (await upload(built, id, built.auth.a, PDF, 'application/pdf')).json().data;
    const up = await upload(built, id, built.auth.b, PDF, 'application/pdf');
    expect(up.statusCode).toBe(404);
    expect(up.json().errors[0].code).toBe('not_found');
    expect(
      (await call(built, 'GET', `/v2/portorders/${id}/documents/${doc.id}`, built.auth.b)).statusCode,
    ).toBe(404);
    expect((await call(built, 'GET', `/v2/portorders/${id}/loa.pdf`, built.auth.b)).statusCode).toBe(404);
    // The same account's other key and the desk see it.
    expect(
      (await call(built, 'GET', `/v2/portorders/${id}/documents/${doc.id}`, built.auth.a2)).statusCode,
    ).toBe(200);
    expect((await call(built, 'GET', `/portorders/${id}/loa.pdf`, built.auth.desk)).statusCode).toBe(200);
  });

  it("serves the LOA as a PDF holding the order's numbers and the account number, never the PIN", async () => {
    const built = await buildOrdersApp();
    const id = await longOrder(built);
    const res = await call(built, 'GET', `/v2/portorders/${id}/loa.pdf`, built.auth.a);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`filename="loa-${id}.pdf"`);
    const pdf = await readPdf(res.rawPayload);
    const text = pdf.pages.flatMap((p) => p.items).join('\n');
    expect(text).toContain('206-420-5780');
    expect(text).toContain('206-420-5781');
    expect(text).toContain(END_USER.accountNumber);
    expect(text).not.toContain(END_USER.pin);
  });

  it('records document_added and clears the loa_required blocker', async () => {
    const built = await buildOrdersApp();
    const id = await longOrder(built);
    const before = (await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a)).json().data;
    expect(before.attributes.blockers).toContainEqual({ code: 'loa_required', field: 'documents' });
    // An invoice is not an LOA.
    expect((await upload(built, id, built.auth.a, PNG, 'image/png', 'type=invoice')).statusCode).toBe(201);
    const invoice = (await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a)).json().data;
    expect(invoice.attributes.blockers).toContainEqual({ code: 'loa_required', field: 'documents' });

    const doc = (await upload(built, id, built.auth.a, PDF, 'application/pdf')).json().data;
    const after = (await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a)).json().data;
    expect(after.attributes.blockers).not.toContainEqual({ code: 'loa_required', field: 'documents' });

    const events = (await call(built, 'GET', `/v2/portorders/events?order_id=${id}`, built.auth.a)).json()
      .data;
    const added = events.filter((e: { type: string }) => e.type === 'port_order.document_added');
    expect(added).toHaveLength(2);
    expect(JSON.stringify(added[1])).toContain(doc.id);
  });

  it('takes If-Match, and replays an Idempotency-Key only for the same bytes, type and name', async () => {
    const built = await buildOrdersApp();
    const id = await longOrder(built);
    const stale = await upload(built, id, built.auth.a, PDF, 'application/pdf', 'type=loa', {
      'if-match': '"7"',
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().errors[0].code).toBe('version_mismatch');

    const key = { 'idempotency-key': 'up-1' };
    const first = await upload(built, id, built.auth.a, PDF, 'application/pdf', 'type=loa', key);
    expect(first.statusCode).toBe(201);
    const again = await upload(built, id, built.auth.a, PDF, 'application/pdf', 'type=loa', key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().data.id).toBe(first.json().data.id);
    const otherBytes = Buffer.concat([PDF, Buffer.from('x')]);
    const changed = await upload(built, id, built.auth.a, otherBytes, 'application/pdf', 'type=loa', key);
    expect(changed.statusCode).toBe(422);
    expect(changed.json().errors[0].code).toBe('idempotency_key_reused');
    const otherType = await upload(built, id, built.auth.a, PDF, 'application/pdf', 'type=csr', key);
    expect(otherType.json().errors[0].code).toBe('idempotency_key_reused');

    const order = (await call(built, 'GET', `/v2/portorders/${id}`, built.auth.a)).json().data;
    expect(order.attributes.version).toBe(2);
  });
});
