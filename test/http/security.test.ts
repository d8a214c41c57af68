import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/keys/api-keys.js';
import { FakeStore } from './fake-store.js';
import { basic, build, post } from './helper.js';

const SEED = { numbers: ['12064205780', '18444205780', '15552348976'] };

async function expectUnauthorized(res: Awaited<ReturnType<typeof post>>, detail?: RegExp) {
  expect(res.statusCode).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Basic realm="portcheck"');
  const [error] = res.json().errors;
  expect(error).toMatchObject({ status: 401, code: 'unauthorized', title: 'Unauthorized' });
  if (detail) expect(error.detail).toMatch(detail);
}

describe('authentication', () => {
  it('missing credentials', async () => {
    const built = await build();
    await expectUnauthorized(await post(built, SEED, { authorization: '' }), /Basic/);
    const res = await built.app.inject({
      method: 'POST',
      url: '/portorders/portability',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(SEED),
    });
    await expectUnauthorized(res);
  });

  it.each([
    ['another scheme', 'Bearer abc.def'],
    ['not base64', 'Basic ***'],
    ['no colon', `Basic ${Buffer.from('PKAAAAAAAAAAAAAAAAAA').toString('base64')}`],
    ['empty secret', `Basic ${Buffer.from('PKAAAAAAAAAAAAAAAAAA:').toString('base64')}`],
  ])('malformed: %s', async (_name, authorization) => {
    const built = await build();
    await expectUnauthorized(await post(built, SEED, { authorization }), /malformed|not HTTP Basic/);
  });

  it('wrong secret', async () => {
    const built = await build();
    await expectUnauthorized(
      await post(built, SEED, { authorization: basic(built.key.accessKey, `${built.key.secretKey}x`) }),
      /wrong/,
    );
  });

  it('unknown access key, answered like a wrong secret', async () => {
    const built = await build();
    const unknown = await post(built, SEED, {
      authorization: basic('PKZZZZZZZZZZZZZZZZZZ', built.key.secretKey),
    });
    const wrong = await post(built, SEED, { authorization: basic(built.key.accessKey, 'nope') });
    await expectUnauthorized(unknown);
    expect(unknown.json().errors[0].detail).toBe(wrong.json().errors[0].detail);
  });

  it('revoked key: refused at once after invalidate(), other keys unaffected', async () => {
    const store = new FakeStore();
    const built = await build({ store });
    const other = await createApiKey(store, 'other');
    expect((await post(built, SEED)).statusCode).toBe(200);
    await store.keys.revoke(built.key.accessKey, new Date().toISOString());
    built.app.keyVerifier.invalidate(built.key.accessKey);
    await expectUnauthorized(await post(built, SEED), /revoked/);
    const res = await post(built, SEED, { authorization: basic(other.accessKey, other.secretKey) });
    expect(res.statusCode).toBe(200);
  });

  it('checks credentials before reading the body', async () => {
    const built = await build();
    await expectUnauthorized(await post(built, '{not json', { authorization: '' }));
  });

  it('health and the OpenAPI document need no credentials', async () => {
    const built = await build();
    expect((await built.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await built.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
  });
});

describe('rate limit per API key', () => {
  it('answers 429 with Retry-After past the quota, per key', async () => {
    const store = new FakeStore();
    const built = await build({ store, config: { rateLimitPerMinute: 3 } });
    for (let i = 0; i < 3; i++) {
      const res = await post(built, SEED);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(2 - i));
    }
    const limited = await post(built, SEED);
    expect(limited.statusCode).toBe(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json().errors[0]).toMatchObject({
      status: 429,
      code: 'rate_limited',
      title: 'Too many requests',
    });

    const other = await createApiKey(store, 'other');
    built.app.keyVerifier.invalidate(); // a new key is otherwise seen within the reload interval
    const res = await post(built, SEED, { authorization: basic(other.accessKey, other.secretKey) });
    expect(res.statusCode).toBe(200);
  });

  it('0 turns the limit off', async () => {
    const built = await build({ config: { rateLimitPerMinute: 0 } });
    for (let i = 0; i < 5; i++) expect((await post(built, SEED)).statusCode).toBe(200);
  });
});

describe('logs', () => {
  it('never hold a secret or an Authorization header, whatever happens', async () => {
    const store = new FakeStore();
    const built = await build({ store, config: { rateLimitPerMinute: 2 } });
    const { accessKey, secretKey } = built.key;
    await post(built, SEED);
    await post(built, '{bad json');
    await post(built, SEED, { authorization: basic(accessKey, 'wrong-secret-value') });
    await post(built, SEED);
    await post(built, SEED); // rate limited
    store.keys.version = async () => {
      throw new Error('boom');
    };
    built.app.keyVerifier.invalidate();
    await post(built, SEED); // answered from the keys held (logged once), here 429 again
    const all = built.logs.join('');
    expect(built.logs.length).toBeGreaterThan(10);
    expect(all).toContain(accessKey); // the access key is an identifier, fine to log
    for (const needle of [secretKey, built.auth.slice(6), 'wrong-secret-value', 'authorization']) {
      expect(all).not.toContain(needle);
    }
    // Every line is JSON and request lines carry the request id.
    const lines = built.logs.map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.reqId).length).toBeGreaterThan(0);
    // One summary line per request, with its status and the key that made it.
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(6);
    // The bad-JSON request used the second of the two allowed requests, so the later ones hit 429;
    // the key store failing does not fail the last: the verifier answers from the keys it holds.
    expect(requests.map((l) => l.statusCode)).toEqual([200, 400, 401, 429, 429, 429]);
    expect(lines.filter((l) => /cannot check API keys/.test(l.msg))).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST', url: '/portorders/portability', accessKey });
    for (const l of requests) expect(l.reqId).toEqual(expect.any(String));
  });
});

describe('logs of refused credentials', () => {
  it('never name a claimed access key that does not exist (e.g. key and secret swapped)', async () => {
    const built = await build();
    const { accessKey, secretKey } = built.key;
    const res = await post(built, SEED, { authorization: basic(secretKey, accessKey) });
    expect(res.statusCode).toBe(401);
    expect(built.logs.join('')).not.toContain(secretKey);
    // A known key with a wrong secret is logged: the key exists, the operator may want to know.
    await post(built, SEED, { authorization: basic(accessKey, 'wrong') });
    const refused = built.logs.map((l) => JSON.parse(l)).filter((l) => l.authFailure);
    expect(refused.map((l) => l.accessKey)).toEqual([undefined, accessKey]);
  });
});

describe('body limit', () => {
  it('refuses an oversized body with 413 even when the list length is allowed', async () => {
    const built = await build({ config: { bodyLimitBytes: 2048, maxNumbers: 100_000 } });
    const numbers = Array.from({ length: 500 }, () => '12064205780');
    const res = await post(built, { numbers });
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].code).toBe('payload_too_large');
  });

  it('takes 100,000 eleven-digit numbers under the default limit', async () => {
    const built = await build();
    const numbers = Array.from({ length: 100_000 }, (_, i) => `12064${String(i).padStart(6, '0')}`);
    const res = await post(built, { numbers });
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.portable.numbers.length + data.nonportable.numbers.length).toBe(100_000);
  });
});
