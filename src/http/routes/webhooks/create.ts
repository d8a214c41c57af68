// POST /v2/webhooks/endpoints (docs/spec/orders.md §7): 201 with the signing secret, shown this once.

import { CreateEndpointBody, EndpointWithSecretResponse } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, endpointOut, errors, opId, type RouteContext, WEBHOOK_VALIDATION } from './context.js';

export function createEndpointRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).post(
    `${prefix}/webhooks/endpoints`,
    {
      onRequest: authenticate,
      config: { validation: WEBHOOK_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'Add a webhook endpoint',
        description:
          'Admin keys only. The answer holds the signing secret (whsec_…) this once. A URL on a loopback or private network is refused (422 webhook_target_refused) unless PORTCHECK_WEBHOOK_ALLOW lists it.',
        operationId: opId(prefix, 'createWebhookEndpoint'),
        body: CreateEndpointBody,
        response: { 201: EndpointWithSecretResponse, ...errors(413, 415, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const { endpoint, secret } = await service.add(actorOf(request), {
        url: b.url,
        eventTypes: b.event_types,
        account: b.account,
        description: b.description,
      });
      reply.code(201);
      return { data: { ...endpointOut(endpoint), secret } };
    },
  );
}
