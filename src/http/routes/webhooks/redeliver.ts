// POST /v2/webhooks/deliveries/{id}/redeliver: sent again with the same webhook-id; 202.

import { DeliveryResponse, WebhookIdParams } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, deliveryOut, errors, opId, type RouteContext } from './context.js';

export function redeliverRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).post(
    `${prefix}/webhooks/deliveries/:id/redeliver`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'Redeliver a webhook delivery',
        description: 'Admin keys only. Queued at once, with a fresh round of the retry schedule.',
        operationId: opId(prefix, 'redeliverWebhook'),
        params: WebhookIdParams,
        response: { 202: DeliveryResponse, ...errors() },
      },
    },
    async (request, reply) => {
      const delivery = await service.redeliver(actorOf(request), request.params.id);
      reply.code(202);
      return { data: deliveryOut(delivery) };
    },
  );
}
