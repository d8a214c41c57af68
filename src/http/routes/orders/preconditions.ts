// If-Match and Idempotency-Key (docs/spec/orders.md §4 "Concurrency").
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../../domain/orders/types.js';
import type { OrderService } from '../../../orders/service.js';
import { ApiError } from '../../errors/catalogue.js';
import { JSON_CONTENT_TYPE } from '../../errors/handler.js';

/** The version an `If-Match: "<version>"` names, or undefined without one. */
export function ifMatch(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(raw);
  if (!m) throw new ApiError('bad_request', 'If-Match must name the order\'s version, e.g. If-Match: "3".');
  return Number(m[1]);
}

/** The authenticated actor (the auth hook ran before any order route). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error('order route reached without an authenticated actor');
  return request.actor;
}

export const MAX_IDEMPOTENCY_KEY = 255;

/** An answer's body already written as JSON, as UTF-8 bytes (a large one, written without an object per item). */
export class JsonBytes {
  constructor(readonly bytes: Buffer) {}
}

const jsonOf = (body: unknown): string | Buffer =>
  body instanceof JsonBytes ? body.bytes : JSON.stringify(body);

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Runs a POST once per Idempotency-Key (scoped to the API key, kept 24 h by the store): the same key
 * and body replay the first answer, another body is 422, a first still running is 409. Without the
 * header it just runs. A request that fails gives its key back, so a retry runs again.
 * `bodyHash` stands for the body when it is not JSON (a document's bytes, with what the query says of
 * them); without it, the parsed JSON body's text is hashed.
 */
export async function idempotent(
  service: Pick<OrderService, 'claimIdempotency' | 'completeIdempotency' | 'releaseIdempotency'>,
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<{ status: number; body: unknown }>,
  bodyHash?: string,
): Promise<void> {
  const header = request.headers['idempotency-key'];
  const send = (status: number, body: string | Buffer) =>
    reply.code(status).header('content-type', JSON_CONTENT_TYPE).send(body);
  if (header === undefined) {
    const { status, body } = await run();
    send(status, jsonOf(body));
    return;
  }
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_IDEMPOTENCY_KEY) {
    throw new ApiError('bad_request', `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters.`);
  }
  const path = request.url.split('?')[0];
  // A JSON body goes in as its text (as keys stored before bodyHash existed were made).
  const requestHash = sha256(
    `${request.method}\n${path}\n${bodyHash ?? JSON.stringify(request.body ?? null)}`,
  );
  const key = { scope: request.apiKey ?? '', key: header, requestHash };
  const claim = await service.claimIdempotency(key);
  switch (claim.state) {
    case 'done':
      reply.header('idempotent-replayed', 'true');
      send(claim.status, claim.body);
      return;
    case 'in_use':
      throw new ApiError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still running; retry shortly.',
      );
    case 'reused':
      throw new ApiError(
        'idempotency_key_reused',
        'This Idempotency-Key was used with another request body.',
      );
  }
  let result: { status: number; body: string };
  try {
    const out = await run();
    // The store keeps the answer as text, for a replay.
    result = { status: out.status, body: jsonOf(out.body).toString() };
  } catch (err) {
    await service.releaseIdempotency(key).catch(() => {});
    throw err;
  }
  await service.completeIdempotency(key, result.status, result.body);
  send(result.status, result.body);
}
