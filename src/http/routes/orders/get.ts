// GET /v2/portorders/{id}.
import { OrderResponseSchema } from '../../schemas/orders/order.js';
import { IdParams } from '../../schemas/orders/requests.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { actorOf } from './preconditions.js';
import { toResource } from './resource.js';

export function getRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/portorders/:id`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'Get a port order',
        description: "A customer asking for another account's order gets 404.",
        operationId: opId(prefix, 'getPortOrder'),
        params: IdParams,
        response: { 200: OrderResponseSchema, ...errors() },
      },
    },
    async (request, reply) => {
      const view = await service.getView(actorOf(request), request.params.id);
      reply.header('etag', `"${view.order.version}"`);
      return { data: toResource(view, prefix) };
    },
  );
}
