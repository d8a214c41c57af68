// DELETE /v2/webhooks/endpoints/{id}: the endpoint and its deliveries; 204.
import { Type } from '@sinclair/typebox';
import { WebhookIdParams } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, errors, opId, type RouteContext } from './context.js';

export function deleteEndpointRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).delete(
    `${prefix}/webhooks/endpoints/:id`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'Remove a webhook endpoint',
        description: 'Admin keys only. Its pending deliveries are dropped.',
        operationId: opId(prefix, 'deleteWebhookEndpoint'),
        params: WebhookIdParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...errors() },
      },
    },
    async (request, reply) => {
      await service.remove(actorOf(request), request.params.id);
      reply.code(204).send(null);
    },
  );
}
