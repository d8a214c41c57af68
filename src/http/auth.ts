import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { type Actor, ROLES, type Role } from '../domain/orders/types.js';
import { type KeyVerifier, parseBasicAuth, type VerifyFailure, type VerifyResult } from '../keys/verifier.js';
import type { FailureThrottle } from './auth-throttle.js';
import { ApiError } from './errors/catalogue.js';
import type { InFlight } from './in-flight.js';
import type { RateDecision, RateLimiter } from './rate-limit.js';

type HookDone = (err?: Error) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** The access key that authenticated this request, once the auth hook passed. */
    apiKey: string | null;
    /** The key's account and role (docs/spec/orders.md §1), once the auth hook passed. */
    actor: Actor | null;
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
 * Who the key speaks for. A key made before accounts and roles existed is a `customer` of account
 * `default` (docs/spec/orders.md §1); so is a result from a verifier that does not carry them.
 */
export function actorOf(result: Extract<VerifyResult, { ok: true }>): Actor {
  const { account, role } = result as { account?: unknown; role?: unknown };
  return {
    account: typeof account === 'string' && account !== '' ? account : 'default',
    role: ROLES.includes(role as Role) ? (role as Role) : 'customer',
  };
}

export interface AuthGuards {
  /** Requests per key per minute, or null for none. */
  limiter: RateLimiter | null;
  /** Work in progress at once, server-wide and per key. */
  inFlight: InFlight;
  /** The largest body; a body of unknown length (chunked) weighs this much in `inFlight`. */
  bodyLimit: number;
  /** Failed sign-ins per claimed access key, or null for no limit. */
  failuresPerKey: FailureThrottle | null;
  /** Failed sign-ins per client address, or null for no limit. */
  failuresPerAddress: FailureThrottle | null;
}

function throttled(seconds: number): ApiError {
  return new ApiError(
    'rate_limited',
    `Too many failed sign-ins from this client or for this access key; retry in ${seconds} s.`,
    { headers: { 'retry-after': String(seconds) } },
  );
}

const BUSY = new ApiError(
  'server_busy',
  'Too much work is in progress (server-wide or for this API key); retry in a moment.',
  { headers: { 'retry-after': '1' } },
);

/**
 * onRequest hook for the authenticated routes, before the body is read (so
 * refused requests cost no parsing): the sign-in throttle (per client
 * address, then per claimed access key), Basic auth against hashed secrets,
 * the per-key quota, then a slot among the checks in flight. Never logs the
 * header, nor an access key that does not exist. A callback hook,
 * synchronous when the keys are fresh and the quota is counted in memory: no
 * promise per request (with Redis, one: its round trip).
 */
export function authenticate(verifier: KeyVerifier, guards: AuthGuards): onRequestHookHandler {
  const { limiter, inFlight, bodyLimit, failuresPerKey, failuresPerAddress } = guards;

  const refuse = (request: FastifyRequest, result: Extract<VerifyResult, { ok: false }>): ApiError => {
    request.log.info({ authFailure: result.reason, accessKey: result.accessKey }, 'authentication refused');
    return new ApiError('unauthorized', DETAIL[result.reason], { headers: CHALLENGE });
  };

  /** The quota's answer, then a slot among the checks in flight. */
  const admit = (
    request: FastifyRequest,
    reply: FastifyReply,
    accessKey: string,
    decision: RateDecision | null,
  ): ApiError | null => {
    if (decision) {
      reply.header('x-ratelimit-limit', String(decision.limit));
      reply.header('x-ratelimit-remaining', String(decision.remaining));
      reply.header('x-ratelimit-reset', String(decision.resetSeconds));
      if (!decision.allowed) {
        return new ApiError(
          'rate_limited',
          `This API key may make ${decision.limit} requests a minute; retry in ${decision.resetSeconds} s.`,
          { headers: { 'retry-after': String(decision.resetSeconds) } },
        );
      }
    }
    // Weighed by its declared body, at least 1 KiB, at most the body limit (beyond, it gets 413).
    const declared = Number(request.headers['content-length']);
    const weight = declared >= 0 ? Math.min(Math.max(declared, 1024), bodyLimit) : bodyLimit;
    // After an asynchronous step (a key reload, Redis) the client may be gone already: its
    // 'close' has fired and would never give the weight back, so none is taken.
    if (request.raw.socket?.destroyed) return null;
    if (!inFlight.enter(accessKey, weight)) return BUSY;
    // 'close' comes once whether the response finished or the client went away.
    reply.raw.once('close', () => inFlight.leave(accessKey, weight));
    return null;
  };

  /** Synchronous with the memory limiter; a promise with a shared one (Redis). */
  const decide = (
    request: FastifyRequest,
    reply: FastifyReply,
    result: VerifyResult,
    claimed: string,
  ): ApiError | null | Promise<ApiError | null> => {
    if (!result.ok) {
      failuresPerKey?.fail(claimed);
      failuresPerAddress?.fail(request.ip);
      return refuse(request, result);
    }
    const accessKey = result.accessKey;
    request.apiKey = accessKey;
    request.actor = actorOf(result);
    const decision = limiter ? limiter.take(accessKey) : null;
    if (decision instanceof Promise) {
      return decision.then((d) => admit(request, reply, accessKey, d));
    }
    return admit(request, reply, accessKey, decision);
  };

  const finish = (outcome: ApiError | null | Promise<ApiError | null>, done: HookDone): void => {
    if (outcome instanceof Promise) {
      outcome.then((error) => (error ? done(error) : done()), done);
    } else if (outcome) done(outcome);
    else done();
  };

  return function authHook(request, reply, done) {
    const addressWait = failuresPerAddress?.retryAfter(request.ip) ?? 0;
    if (addressWait > 0) {
      done(throttled(addressWait));
      return;
    }
    const parsed = parseBasicAuth(request.headers.authorization);
    if (!Array.isArray(parsed)) {
      if (parsed.reason === 'malformed') failuresPerAddress?.fail(request.ip);
      done(refuse(request, parsed));
      return;
    }
    const [claimed, secret] = parsed;
    const keyWait = failuresPerKey?.retryAfter(claimed) ?? 0;
    if (keyWait > 0) {
      done(throttled(keyWait));
      return;
    }
    const now = verifier.verifyNow(claimed, secret);
    if (now !== undefined) {
      finish(decide(request, reply, now, claimed), done);
      return;
    }
    verifier.verify(claimed, secret).then(
      (result) => finish(decide(request, reply, result, claimed), done),
      (err: Error) => done(err),
    );
  };
}
