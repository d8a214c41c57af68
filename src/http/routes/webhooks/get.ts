// GET /v2/webhooks/endpoints/{id}: one endpoint, never its secret.

import { EndpointResponse, WebhookIdParams } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, endpointOut, errors, opId, type RouteContext } from './context.js';

export function getEndpointRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/webhooks/endpoints/:id`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'Get a webhook endpoint',
        description: 'Admin keys only. The secret is never shown again.',
        operationId: opId(prefix, 'getWebhookEndpoint'),
        params: WebhookIdParams,
        response: { 200: EndpointResponse, ...errors() },
      },
    },
    async (request) => ({ data: endpointOut(await service.get(actorOf(request), request.params.id)) }),
  );
}
