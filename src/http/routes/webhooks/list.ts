// GET /v2/webhooks/endpoints: every endpoint, never a secret.

import { EndpointListResponse } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, endpointOut, errors, opId, type RouteContext } from './context.js';

export function listEndpointsRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/webhooks/endpoints`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'List webhook endpoints',
        description: 'Admin keys only. Secrets are never listed.',
        operationId: opId(prefix, 'listWebhookEndpoints'),
        response: { 200: EndpointListResponse, ...errors() },
      },
    },
    async (request) => ({ data: (await service.list(actorOf(request))).map(endpointOut) }),
  );
}
