import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it, onTestFinished } from 'vitest';
import { authenticate } from '../../src/http/auth.js';
import { InFlight } from '../../src/http/in-flight.js';
import type { RateDecision, RateLimiter } from '../../src/http/rate-limit.js';
import { generateApiKey } from '../../src/keys/api-keys.js';
import { KeyVerifier } from '../../src/keys/verifier.js';
import { MemoryKeyStore } from '../keys/memory-key-store.js';
import { basic } from './helper.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A shared limiter whose answer the test releases by hand. */
class HeldLimiter implements RateLimiter {
  readonly perMinute = 100;
  release: () => void = () => {};
  take(): Promise<RateDecision> {
    return new Promise((resolve) => {
      this.release = () => resolve({ allowed: true, limit: 100, remaining: 99, resetSeconds: 60 });
    });
  }
  status() {
    return { backend: 'redis' as const, degraded: false };
  }
  async close() {}
}

describe('the auth hook with a shared (asynchronous) rate limiter', () => {
  it('a client gone before the limiter answered holds no in-flight budget afterwards', async () => {
    const keys = new MemoryKeyStore();
    const key = generateApiKey('k');
    await keys.create(key.record);
    const verifier = new KeyVerifier(keys);
    await verifier.verify(key.accessKey, key.secretKey); // keys fresh: the synchronous verify path
    const limiter = new HeldLimiter();
    const inFlight = new InFlight(1 << 20, 1 << 20);
    const app = Fastify();
    const hook = authenticate(verifier, {
      limiter,
      inFlight,
      bodyLimit: 4096,
      failuresPerKey: null,
      failuresPerAddress: null,
    });
    app.post('/x', { onRequest: hook }, async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    onTestFinished(() => app.close());
    const { port } = app.server.address() as AddressInfo;

    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/x',
      headers: { authorization: basic(key.accessKey, key.secretKey), 'content-type': 'application/json' },
    });
    req.on('error', () => {});
    req.write('{'); // headers sent, the body not finished
    await sleep(100); // the hook waits on the limiter
    req.destroy();
    await sleep(100);
    limiter.release();
    await sleep(100);
    expect(inFlight.size).toBe(0);
  });
});
