import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, onRequestHookHandler } from 'fastify';
import type { SnapshotHolder } from '../../cache/snapshot-holder.js';
import { checkPortabilityBody, writePortabilityBody } from '../../domain/response-writer.js';
import { checkPortabilityBodyV2, writePortabilityBodyV2 } from '../../domain/response-writer-v2.js';
import type { Snapshot } from '../../domain/snapshot.js';
import { ApiError } from '../errors/catalogue.js';
import { JSON_CONTENT_TYPE } from '../errors/handler.js';
import { ErrorBodySchema } from '../schemas/error.js';
import {
  PortabilityResponseSchema,
  PortabilityResponseV2Schema,
  portabilityRequestSchema,
} from '../schemas/portability.js';
import { PORTABILITY_VALIDATION } from './portability-validation.js';

export const JSON_API_TYPE = 'application/vnd.api+json';

/** One path and the shape it answers in: its published schema and its writers (one-number text, bytes). */
interface PortabilityPath {
  url: string;
  operationId: string;
  description: string;
  response: typeof PortabilityResponseSchema | typeof PortabilityResponseV2Schema;
  text: (snapshot: Snapshot, numbers: readonly string[]) => string;
  write: (snapshot: Snapshot, numbers: readonly string[]) => Uint8Array;
}

const JUDGES =
  'Judges every number and splits the portable ones into the port orders to create. ' +
  'A bad number is reported as nonportable `invalid_number`; it never fails the request.';

/** The same request, limits, errors and auth on both paths; each answers in its own shape (api.md). */
export const PORTABILITY_PATHS: readonly PortabilityPath[] = [
  {
    url: '/portorders/portability',
    operationId: 'checkPortability',
    description: `${JUDGES} Numbers are answered in canonical form (\`1\` and ten digits).`,
    response: PortabilityResponseSchema,
    text: checkPortabilityBody,
    write: writePortabilityBody,
  },
  {
    url: '/v2/portorders/portability',
    operationId: 'checkPortabilityV2',
    description:
      `${JUDGES} The current generation's shape: flat lists of the numbers exactly as sent, ` +
      'the hypernetwork-enabled ones, and the groups and details as extensions.',
    response: PortabilityResponseV2Schema,
    text: checkPortabilityBodyV2,
    write: writePortabilityBodyV2,
  },
];

export interface PortabilityRouteOptions {
  holder: SnapshotHolder;
  maxNumbers: number;
  authenticate: onRequestHookHandler;
}

/** POST /portorders/portability and /v2/portorders/portability: one handler, each path's shape. */
export async function portabilityRoutes(
  app: FastifyInstance,
  options: PortabilityRouteOptions,
): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const body = portabilityRequestSchema(options.maxNumbers);
  const errorResponse = { description: 'An error from the catalogue', ...ErrorBodySchema };

  for (const { url, operationId, description, response, text, write } of PORTABILITY_PATHS) {
    typed.post(
      url,
      {
        onRequest: options.authenticate,
        config: { validation: PORTABILITY_VALIDATION },
        schema: {
          summary: 'Check portability',
          description,
          operationId,
          tags: ['portability'],
          security: [{ basic: [] }],
          consumes: ['application/json', JSON_API_TYPE],
          produces: ['application/json', JSON_API_TYPE],
          body,
          response: {
            200: response,
            400: errorResponse,
            401: errorResponse,
            413: errorResponse,
            415: errorResponse,
            422: errorResponse,
            429: errorResponse,
            500: errorResponse,
            503: errorResponse,
          },
        },
      },
      // Not async: a one-number answer needs no promise and no microtask.
      (request, typedReply) => {
        // The body is written here, not by the response-schema serializer.
        const reply = typedReply as FastifyReply;
        // Taken once: a reload swapping the snapshot mid-request does not affect this one.
        const loaded = options.holder.current;
        if (!loaded) throw new ApiError('not_ready', 'The numbering data is still loading; retry shortly.');
        // The body written once as bytes (the same as JSON.stringify of checkPortability's or
        // checkPortabilityV2's result): no result objects, no string to encode, and the
        // response-schema serializer bypassed, which would only slow a 100,000-number reply.
        const numbers = request.body.numbers;
        // Answer in the media type the client spoke.
        const jsonApi = request.headers['content-type']?.startsWith(JSON_API_TYPE) === true;
        reply.header('content-type', jsonApi ? JSON_API_TYPE : JSON_CONTENT_TYPE);
        // One number: a short string, which node writes in one chunk with the headers.
        if (numbers.length === 1) {
          reply.send(text(loaded.snapshot, numbers));
          return;
        }
        const body = write(loaded.snapshot, numbers);
        reply.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
      },
    );
  }
}
