import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { KeyVerifier, VerifyFailure, VerifyResult } from '../keys/verifier.js';
import { ApiError } from './errors/catalogue.js';
import type { RateLimiter } from './rate-limit.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The access key that authenticated this request, once the auth hook passed. */
    apiKey: string | null;
  }
}

const CHALLENGE = { 'www-authenticate': 'Basic realm="portcheck"' };

const DETAIL: Record<VerifyFailure, string> = {
  missing: 'Send your API key with HTTP Basic auth: the access key as user name, the secret as password.',
  malformed: 'The Authorization header is not HTTP Basic credentials of the form accessKey:secret.',
  invalid: 'The access key or the secret is wrong.',
  revoked: 'This API key has been revoked.',
};

/**
 * onRequest hook for the authenticated routes: Basic auth against hashed
 * secrets, then the per-key quota. Runs before the body is read, so requests
 * without valid credentials cost no parsing. Never logs the header. A
 * callback hook, synchronous when the key is cached: no promise per request.
 */
export function authenticate(verifier: KeyVerifier, limiter: RateLimiter | null): onRequestHookHandler {
  const decide = (request: FastifyRequest, reply: FastifyReply, result: VerifyResult): ApiError | null => {
    if (!result.ok) {
      request.log.info({ authFailure: result.reason, accessKey: result.accessKey }, 'authentication refused');
      return new ApiError('unauthorized', DETAIL[result.reason], { headers: CHALLENGE });
    }
    request.apiKey = result.accessKey;
    if (!limiter) return null;
    const decision = limiter.take(result.accessKey);
    reply.header('x-ratelimit-limit', String(decision.limit));
    reply.header('x-ratelimit-remaining', String(decision.remaining));
    reply.header('x-ratelimit-reset', String(decision.resetSeconds));
    if (decision.allowed) return null;
    return new ApiError(
      'rate_limited',
      `This API key may make ${decision.limit} requests a minute; retry in ${decision.resetSeconds} s.`,
      { headers: { 'retry-after': String(decision.resetSeconds) } },
    );
  };
  return function authHook(request, reply, done) {
    const header = request.headers.authorization;
    const now = verifier.verifyHeaderNow(header);
    if (now !== undefined) {
      const error = decide(request, reply, now);
      if (error) done(error);
      else done();
      return;
    }
    verifier.verifyHeader(header).then(
      (result) => {
        const error = decide(request, reply, result);
        if (error) done(error);
        else done();
      },
      (err: Error) => done(err),
    );
  };
}
