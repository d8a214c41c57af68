import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../../src/http/auth-throttle.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { FakeStore } from './fake-store.js';
import { type Built, basic, build, post } from './helper.js';

const ONE = { numbers: ['12064205780'] };

/**
 * A check whose body never finishes until `release()`: it holds its
 * in-flight slot from authentication on, deterministically.
 */
function held(built: Built, authorization: string) {
  const body = new PassThrough();
  body.write('{"numbers": ["1206420');
  const response = built.app.inject({
    method: 'POST',
    url: '/portorders/portability',
    headers: { 'content-type': 'application/json', authorization },
    payload: body,
  });
  return {
    response,
    release: () => {
      body.end('5780"]}');
      return response;
    },
  };
}

/** Lets the held requests reach their auth hook. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function expectBusy(res: Awaited<ReturnType<typeof post>>) {
  expect(res.statusCode).toBe(503);
  expect(res.headers['retry-after']).toBe('1');
  expect(res.json().errors[0]).toMatchObject({ status: 503, code: 'server_busy', title: 'Server busy' });
}

describe('work in flight', () => {
  // A held body has no Content-Length, so it weighs the whole body limit (2 KiB):
  // a key's share is two of them, the server's three.
  const limits = { bodyLimitBytes: 2048, maxInFlightBytesPerKey: 4096, maxInFlightBytes: 6144 };

  it('one key may hold only its share; others still get in; the share comes back', async () => {
    const store = new FakeStore();
    const built = await build({ store, config: limits });
    const other = await createApiKey(store, 'other');
    const third = await createApiKey(store, 'third');
    built.app.keyVerifier.invalidate();
    const otherAuth = basic(other.accessKey, other.secretKey);

    const a = held(built, built.auth);
    const b = held(built, built.auth);
    await settle();
    expectBusy(await post(built, ONE)); // the key's share is taken
    expect((await post(built, ONE, { authorization: otherAuth })).statusCode).toBe(200);

    const c = held(built, otherAuth);
    await settle();
    // The server's budget is taken: even a key holding nothing waits.
    expectBusy(await post(built, ONE, { authorization: basic(third.accessKey, third.secretKey) }));

    for (const h of [a, b, c]) expect((await h.release()).statusCode).toBe(200);
    expect((await post(built, ONE)).statusCode).toBe(200);
  });

  it('small checks of one key pass together where a big one must wait for its share', async () => {
    const built = await build({
      config: { bodyLimitBytes: 4096, maxInFlightBytesPerKey: 8192, maxInFlightBytes: 65536 },
    });
    // Six held small bodies weigh 1 KiB each (the floor): 6 KiB of the key's 8.
    const small = Array.from({ length: 6 }, () => {
      const body = new PassThrough();
      body.write('{"numbers": [');
      const response = built.app.inject({
        method: 'POST',
        url: '/portorders/portability',
        headers: { 'content-type': 'application/json', authorization: built.auth, 'content-length': '40' },
        payload: body,
      });
      return { body, response };
    });
    await settle();
    expect((await post(built, ONE)).statusCode).toBe(200);
    const big = JSON.stringify({ numbers: ['12064205780'], pad: 'x'.repeat(4000) });
    expectBusy(await post(built, big));
    for (const { body } of small) body.end('"12064205780"]}'.padEnd(27, ' '));
    for (const { response } of small) expect((await response).statusCode).toBe(200);
    expect((await post(built, big)).statusCode).toBe(200);
  });

  it('a client that goes away gives its share back', async () => {
    const built = await build({
      config: { bodyLimitBytes: 2048, maxInFlightBytesPerKey: 2048, maxInFlightBytes: 2048 },
    });
    const body = new PassThrough();
    body.write('{"numbers": [');
    const abandoned = built.app.inject({
      method: 'POST',
      url: '/portorders/portability',
      headers: { 'content-type': 'application/json', authorization: built.auth },
      payload: body,
    });
    await settle();
    expectBusy(await post(built, ONE));
    body.destroy(new Error('client went away'));
    await abandoned.catch(() => {});
    await expect.poll(async () => (await post(built, ONE)).statusCode).toBe(200);
  });
});

describe('failed sign-ins', () => {
  it('past the limit per access key: 429 with Retry-After, even with the right secret; other keys unaffected', async () => {
    const store = new FakeStore();
    const built = await build({ store, config: { authFailuresPerKey: 3, authFailuresPerAddress: 0 } });
    const other = await createApiKey(store, 'other');
    built.app.keyVerifier.invalidate();
    for (let i = 0; i < 3; i++) {
      expect(
        (await post(built, ONE, { authorization: basic(built.key.accessKey, `guess${i}`) })).statusCode,
      ).toBe(401);
    }
    const res = await post(built, ONE);
    expect(res.statusCode).toBe(429);
    expect(res.json().errors[0]).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(
      (await post(built, ONE, { authorization: basic(other.accessKey, other.secretKey) })).statusCode,
    ).toBe(200);
  });

  it('an unknown access key is throttled exactly like a known one (429 says nothing of which exist)', async () => {
    const built = await build({ config: { authFailuresPerKey: 2, authFailuresPerAddress: 0 } });
    const statuses = async (accessKey: string) => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++)
        out.push((await post(built, ONE, { authorization: basic(accessKey, 'x') })).statusCode);
      return out;
    };
    expect(await statuses('PKZZZZZZZZZZZZZZZZZZ')).toEqual([401, 401, 429]);
    expect(await statuses(built.key.accessKey)).toEqual([401, 401, 429]);
  });

  it('past the limit per client address: 429 for every key from it', async () => {
    const built = await build({ config: { authFailuresPerKey: 0, authFailuresPerAddress: 3 } });
    for (let i = 0; i < 3; i++) {
      const res = await post(built, ONE, { authorization: basic(`PKUNKNOWN${i}`, 'x') });
      expect(res.statusCode).toBe(401);
    }
    const res = await post(built, ONE);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('0 turns both limits off', async () => {
    const built = await build({ config: { authFailuresPerKey: 0, authFailuresPerAddress: 0 } });
    for (let i = 0; i < 30; i++) {
      expect((await post(built, ONE, { authorization: basic(built.key.accessKey, 'x') })).statusCode).toBe(
        401,
      );
    }
    expect((await post(built, ONE)).statusCode).toBe(200);
  });
});

describe('FailureThrottle', () => {
  it('refuses past the limit until the window ends, then forgets', () => {
    let clock = 0;
    const throttle = new FailureThrottle(2, () => clock);
    throttle.fail('k');
    expect(throttle.retryAfter('k')).toBe(0);
    throttle.fail('k');
    expect(throttle.retryAfter('k')).toBe(60);
    clock = 59_001;
    expect(throttle.retryAfter('k')).toBe(1);
    clock = 60_000;
    expect(throttle.retryAfter('k')).toBe(0);
    expect(throttle.size).toBe(0);
  });

  it('keeps memory bounded under a flood of made-up identities', () => {
    const throttle = new FailureThrottle(5, () => 0);
    for (let i = 0; i < 100_001; i++) throttle.fail(`PK${i}`);
    expect(throttle.size).toBeLessThanOrEqual(100_000);
  });
});
