import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PortabilityResponseSchema,
  PortabilityResponseV2Schema,
  portabilityRequestSchema,
} from '../../src/http/schemas/portability.js';
import { seedDataset } from '../support/dataset.js';
import { FakeStore } from './fake-store.js';
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
  it('answers the seed example', async () => {
    const built = await build();
    const res = await post(built, request);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(withoutDetailText(res.json())).toEqual(withoutDetailText(structuredClone(expected)));
  });

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

describe('POST /v2/portorders/portability', () => {
  /** The seed example's data with its long-code provider (Flowroute 683G) on the hypernetwork. */
  function hypernetworkStore(): FakeStore {
    const data = seedDataset();
    for (const p of data.coverage.providers) if (p.id === '683G') p.hypernetwork = true;
    return new FakeStore(data);
  }

  it('answers a v2 client in its own shape: flat lists of the numbers as it sent them', async () => {
    const built = await build({ store: hypernetworkStore() });
    const res = await post(
      built,
      { numbers: ['+12064205780', '+18444205780', '+15552348976'] },
      {},
      '/v2/portorders/portability',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // What a chat bot written for the v2 API does with the answer.
    const { data } = res.json();
    expect(Array.isArray(data.portable)).toBe(true);
    expect(data.portable.map((n: unknown) => `${n}`).join(', ')).toBe('+12064205780, +18444205780');
    expect(data.nonportable).toEqual(['+15552348976']);
    expect(data.hypernetwork_enabled).toEqual(['+12064205780']);
    // The extensions: the beta answer's groups and details, with the numbers as sent.
    const beta = structuredClone(expected).data;
    expect(data.groups).toEqual(
      beta.portable.groups.map((g: { numbers: string[] }) => ({
        ...g,
        numbers: g.numbers.map((n) => `+${n}`),
      })),
    );
    expect(data.details).toEqual([
      { number: '+15552348976', reason: 'unassigned', detail: expect.stringMatching(/./) },
    ]);
  });

  it('answers one number, and in JSON:API when asked in it', async () => {
    const built = await build({ store: hypernetworkStore() });
    const res = await post(
      built,
      { numbers: ['2064205780'] },
      { 'content-type': 'application/vnd.api+json' },
      '/v2/portorders/portability',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.api\+json/);
    expect(res.json().data).toMatchObject({
      portable: ['2064205780'],
      nonportable: [],
      hypernetwork_enabled: ['2064205780'],
      details: [],
    });
  });

  it('refuses a request exactly as the beta path does', async () => {
    const built = await build({ config: { maxNumbers: 2 } });
    for (const payload of [{}, { numbers: ['1', '2', '3'] }, { numbers: ['1', 2] }]) {
      const beta = await post(built, payload);
      const v2 = await post(built, payload, {}, '/v2/portorders/portability');
      expect(v2.statusCode).toBe(422);
      const strip = (r: typeof v2) => r.json().errors.map(({ id: _, ...rest }: { id: string }) => rest);
      expect(strip(v2)).toEqual(strip(beta));
    }
    const anonymous = await built.app.inject({
      method: 'POST',
      url: '/v2/portorders/portability',
      headers: { 'content-type': 'application/json' },
      payload: request,
    });
    expect(anonymous.statusCode).toBe(401);
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
      degraded: [],
      database: 'ok',
      changes: 'polling',
      rate_limit: { backend: 'memory', degraded: false },
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
      '/v2/whoami',
      '/whoami',
    ]);
    expect(doc.components.securitySchemes.basic).toMatchObject({ type: 'http', scheme: 'basic' });

    const strip = (schema: unknown) => JSON.parse(JSON.stringify(schema));
    const shapes = {
      '/portorders/portability': PortabilityResponseSchema,
      '/v2/portorders/portability': PortabilityResponseV2Schema,
    };
    for (const [path, shape] of Object.entries(shapes)) {
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
      expect(ok).toEqual(strip(shape));
      for (const status of ['400', '401', '413', '415', '422', '429', '500', '503']) {
        const error = op.responses[status].content['application/json'].schema;
        expect(error.properties.errors.items.required).toEqual(
          expect.arrayContaining(['id', 'status', 'code', 'title', 'detail']),
        );
      }
    }
    // The two shapes differ where api.md says: flat lists on the v2 path.
    const data = (path: string) =>
      doc.paths[path].post.responses['200'].content['application/json'].schema.properties.data.properties;
    expect(data('/portorders/portability').portable.type).toBe('object');
    expect(data('/v2/portorders/portability').portable).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
    expect(Object.keys(data('/v2/portorders/portability'))).toEqual([
      'portable',
      'nonportable',
      'hypernetwork_enabled',
      'groups',
      'details',
    ]);
  });
});
