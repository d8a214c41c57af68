import { describe, expect, it } from 'vitest';
import { markShuttingDown } from '../../src/http/app.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/http/errors/catalogue.js';
import { FakeStore } from './fake-store.js';
import { type Built, build, post } from './helper.js';

type Res = Awaited<ReturnType<typeof post>>;

/** Asserts docs/spec/api.md's error shape and returns the single error object. */
function expectError(res: Res, code: ErrorCode, pointer?: string) {
  const { status, title } = ERROR_CATALOGUE[code];
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['errors']);
  expect(body.errors).toHaveLength(1);
  const [error] = body.errors;
  expect(error).toEqual({
    id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    status,
    code,
    title,
    detail: expect.any(String),
    ...(pointer === undefined ? {} : { source: { pointer } }),
  });
  expect(error.detail.length).toBeGreaterThan(0);
  return error as { id: string; detail: string };
}

/** The log lines that mention `text`, parsed. */
function logsWith(built: Built, text: string) {
  return built.logs.filter((l) => l.includes(text)).map((l) => JSON.parse(l));
}

describe('400: the body is not valid JSON', () => {
  it.each([
    ['truncated', '{"numbers": ["12064205780"'],
    ['empty', ''],
    ['not JSON at all', 'numbers=1'],
    ['prototype poisoning', '{"numbers": ["1"], "__proto__": {"x": 1}}'],
  ])('%s', async (_name, payload) => {
    const built = await build();
    const error = expectError(await post(built, payload), 'invalid_json');
    expect(logsWith(built, error.id)).toHaveLength(1);
  });
});

describe('413: the body is larger than the configured limit', () => {
  it('refuses a body over bodyLimitBytes', async () => {
    const built = await build({ config: { bodyLimitBytes: 1024 } });
    const numbers = Array.from({ length: 100 }, (_, i) => `1206420${String(i).padStart(4, '0')}`);
    expectError(await post(built, { numbers }), 'payload_too_large');
  });
});

describe('415: the content type is not JSON', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])('%s', async (type) => {
    const built = await build();
    expectError(
      await post(built, '{"numbers":["12064205780"]}', { 'content-type': type }),
      'unsupported_media_type',
    );
  });

  it('no content type with a body', async () => {
    const built = await build();
    const res = await built.app.inject({
      method: 'POST',
      url: '/portorders/portability',
      headers: { authorization: built.auth },
      payload: '{"numbers":["12064205780"]}',
    });
    expectError(res, 'unsupported_media_type');
  });
});

describe('422: numbers missing, not an array, empty, too long, or holding a non-string', () => {
  const cases: Array<[string, unknown, ErrorCode, string]> = [
    ['numbers missing', { phone_numbers: ['12064205780'] }, 'numbers_missing', '/numbers'],
    ['numbers missing from an empty object', {}, 'numbers_missing', '/numbers'],
    ['numbers is a string', { numbers: '12064205780' }, 'numbers_not_array', '/numbers'],
    ['numbers is an object', { numbers: { 0: '12064205780' } }, 'numbers_not_array', '/numbers'],
    ['numbers is null', { numbers: null }, 'numbers_not_array', '/numbers'],
    ['numbers is empty', { numbers: [] }, 'numbers_empty', '/numbers'],
    ['a number at index 0', { numbers: [12064205780] }, 'number_not_string', '/numbers/0'],
    [
      'first offender at index 3',
      { numbers: ['1', '2', '3', 4, null, 6] },
      'number_not_string',
      '/numbers/3',
    ],
    ['a null', { numbers: ['12064205780', null] }, 'number_not_string', '/numbers/1'],
    ['a nested array', { numbers: ['12064205780', ['1']] }, 'number_not_string', '/numbers/1'],
    ['the body is an array', ['12064205780'], 'invalid_body', ''],
    ['the body is null', null, 'invalid_body', ''],
  ];
  it.each(cases)('%s', async (_name, body, code, pointer) => {
    const built = await build();
    expectError(await post(built, body), code, pointer);
  });

  it('longer than the configured maximum', async () => {
    const built = await build({ config: { maxNumbers: 3 } });
    const error = expectError(
      await post(built, { numbers: ['12064205780', '12064205781', '12064205782', '12064205783'] }),
      'numbers_too_many',
      '/numbers',
    );
    expect(error.detail).toContain('3');
  });

  it('does not coerce: a number never passes as a string', async () => {
    const built = await build();
    expectError(await post(built, { numbers: ['12064205780', true] }), 'number_not_string', '/numbers/1');
  });
});

describe('500: a bug', () => {
  it('answers a generic message and the id, and keeps the internals in the log', async () => {
    const store = new FakeStore();
    const built = await build({ store });
    store.keys.version = async () => {
      throw new Error(
        'SQLITE_ERROR: no such table: api_keys (SELECT * FROM api_keys) at /srv/portcheck/data.db',
      );
    };
    built.app.keyVerifier.invalidate();
    const res = await post(built, { numbers: ['12064205780'] });
    const error = expectError(res, 'internal_error');
    for (const secret of ['SQLITE', 'SELECT', '/srv', 'api_keys', 'at ', '.ts'])
      expect(res.body).not.toContain(secret);
    const [logged] = logsWith(built, error.id);
    expect(logged.level).toBe(50);
    expect(logged.err.message).toContain('no such table');
    expect(logged.err.stack).toBeTruthy();
  });
});

describe('503: not loaded yet, or shutting down', () => {
  it('not_ready before the first snapshot, on the API and on /healthz', async () => {
    const built = await build({ load: false });
    expectError(await post(built, { numbers: ['12064205780'] }), 'not_ready');
    expectError(await built.app.inject({ method: 'GET', url: '/healthz' }), 'not_ready');
    await built.holder.load();
    expect((await post(built, { numbers: ['12064205780'] })).statusCode).toBe(200);
  });

  it('shutting_down for new requests once shutdown began, with Connection: close', async () => {
    const built = await build();
    markShuttingDown(built.app);
    const res = await post(built, { numbers: ['12064205780'] });
    expectError(res, 'shutting_down');
    expect(res.headers.connection).toBe('close');
    expectError(await built.app.inject({ method: 'GET', url: '/healthz' }), 'shutting_down');
  });
});

describe('routing', () => {
  it('404 not_found for an unknown path', async () => {
    const built = await build();
    expectError(await built.app.inject({ method: 'GET', url: '/nope' }), 'not_found');
  });

  it('405 method_not_allowed with Allow for a known path', async () => {
    const built = await build();
    const res = await built.app.inject({ method: 'GET', url: '/v2/portorders/portability' });
    expectError(res, 'method_not_allowed');
    expect(res.headers.allow).toBe('POST');
  });

  it('every error carries the request id header', async () => {
    const built = await build();
    const res = await built.app.inject({ method: 'GET', url: '/nope' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
