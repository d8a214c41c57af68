// PATCH /v2/webhooks/endpoints/{id}: url, event types, account, description, enabled.

import { EndpointResponse, PatchEndpointBody, WebhookIdParams } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, endpointOut, errors, opId, type RouteContext, WEBHOOK_VALIDATION } from './context.js';

export function patchEndpointRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).patch(
    `${prefix}/webhooks/endpoints/:id`,
    {
      onRequest: authenticate,
      config: { validation: WEBHOOK_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'Change a webhook endpoint',
        description:
          'Admin keys only. `enabled: true` re-enables an endpoint a 410 disabled; its pending deliveries resume.',
        operationId: opId(prefix, 'editWebhookEndpoint'),
        params: WebhookIdParams,
        body: PatchEndpointBody,
        response: { 200: EndpointResponse, ...errors(413, 415, 422) },
      },
    },
    async (request) => {
      const b = request.body;
      const endpoint = await service.update(actorOf(request), request.params.id, {
        url: b.url,
        eventTypes: b.event_types,
        account: b.account,
        description: b.description,
        enabled: b.enabled,
      });
      return { data: endpointOut(endpoint) };
    },
  );
}
