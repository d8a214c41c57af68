import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PortabilityResponseSchema, portabilityRequestSchema } from '../../src/http/schemas/portability.js';
import { build, post } from './helper.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const request = fixture('request.json');
const expected = fixture('response.json');

/** The response with the free `detail` texts blanked, as the seed README allows. */
function withoutDetailText(body: { data: { nonportable: { details: { detail: string }[] } } }) {
  for (const d of body.data.nonportable.details) {
    expect(typeof d.detail).toBe('string');
    expect(d.detail.length).toBeGreaterThan(0);
    d.detail = '';
  }
  return body;
}

describe('POST /portorders/portability', () => {
  it.each(['/portorders/portability', '/v2/portorders/portability'])(
    'answers the seed example at %s',
    async (url) => {
      const built = await build();
      const res = await post(built, request, {}, url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(withoutDetailText(res.json())).toEqual(withoutDetailText(structuredClone(expected)));
    },
  );

  it('accepts application/vnd.api+json and answers in it', async () => {
    const built = await build();
    const res = await post(built, request, { 'content-type': 'application/vnd.api+json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.api\+json/);
    expect(withoutDetailText(res.json())).toEqual(withoutDetailText(structuredClone(expected)));
  });

  it('accepts a charset parameter and ignores unknown top-level keys', async () => {
    const built = await build();
    const res = await post(
      built,
      { ...request, client_ref: 'abc' },
      { 'content-type': 'application/json; charset=utf-8' },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().data.portable.numbers).toEqual(expected.data.portable.numbers);
  });

  it('reports a bad string as nonportable instead of failing the request', async () => {
    const built = await build();
    const res = await post(built, { numbers: ['not a number', '12064205780'] });
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.portable.numbers).toEqual(['12064205780']);
    expect(data.nonportable.details).toEqual([
      expect.objectContaining({ number: 'not a number', reason: 'invalid_number' }),
    ]);
  });

  it('takes exactly the configured maximum', async () => {
    const built = await build({ config: { maxNumbers: 3 } });
    const res = await post(built, { numbers: ['12064205780', '12064205781', '12064205782'] });
    expect(res.statusCode).toBe(200);
  });
});

describe('GET /healthz', () => {
  it('reports the loaded data version and counts, without credentials', async () => {
    const built = await build();
    const res = await built.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    const current = built.holder.current!;
    expect(res.json()).toEqual({
      status: 'ok',
      data_version: 1,
      data_updated_at: '2024-05-01T00:00:00.000Z',
      loaded_at: current.loadedAt,
      counts: { ...current.snapshot.stats },
    });
    expect(res.json().counts.carriers).toBe(4);
  });
});

describe('GET /openapi.json', () => {
  it('describes every route from the schemas that validate', async () => {
    const built = await build({ config: { maxNumbers: 1234 } });
    const res = await built.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/openapi.json',
      '/portorders/portability',
      '/v2/portorders/portability',
    ]);
    expect(doc.components.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });

    const strip = (schema: unknown) => JSON.parse(JSON.stringify(schema));
    for (const path of ['/portorders/portability', '/v2/portorders/portability']) {
      const op = doc.paths[path].post;
      expect(op.security).toEqual([{ basic: [] }]);
      expect(Object.keys(op.requestBody.content).sort()).toEqual([
        'application/json',
        'application/vnd.api+json',
      ]);
      const body = op.requestBody.content['application/json'].schema;
      expect(body).toEqual(strip(portabilityRequestSchema(1234)));
      expect(body.properties.numbers.maxItems).toBe(1234);
      const ok = op.responses['200'].content['application/json'].schema;
      expect(ok).toEqual(strip(PortabilityResponseSchema));
      for (const status of ['400', '401', '413', '415', '422', '429', '500', '503']) {
        const error = op.responses[status].content['application/json'].schema;
        expect(error.properties.errors.items.required).toEqual(
          expect.arrayContaining(['id', 'status', 'code', 'title', 'detail']),
        );
      }
    }
  });
});
