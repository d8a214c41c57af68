// PATCH /v2/portorders/{id}/relationships/numbers {"add": [...], "remove": [...]}, with If-Match.
import { OrderResponseSchema } from '../../schemas/orders/order.js';
import { IdParams, numbersBody } from '../../schemas/orders/requests.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { actorOf, ifMatch } from './preconditions.js';
import { toResource } from './resource.js';
import { NUMBERS_VALIDATION } from './validation.js';

export function numbersRoute({ app, prefix, service, authenticate, maxNumbers }: RouteContext): void {
  typed(app).patch(
    `${prefix}/portorders/:id/relationships/numbers`,
    {
      onRequest: authenticate,
      config: { validation: NUMBERS_VALIDATION },
      schema: {
        ...COMMON,
        summary: "Add or remove an order's numbers",
        description: "Added numbers are checked now and must fall in the order's group. Takes If-Match.",
        operationId: opId(prefix, 'changePortOrderNumbers'),
        params: IdParams,
        body: numbersBody(maxNumbers),
        response: { 200: OrderResponseSchema, ...errors(409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const version = ifMatch(request);
      const view = await service.changeNumbers(actorOf(request), request.params.id, request.body, version);
      reply.header('etag', `"${view.order.version}"`);
      return { data: toResource(view, prefix) };
    },
  );
}
