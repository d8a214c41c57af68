// PATCH /v2/portorders/{id} (docs/spec/orders.md §4 "Editing"), with If-Match.
import { OrderResponseSchema } from '../../schemas/orders/order.js';
import { IdParams, PatchOrderBody } from '../../schemas/orders/requests.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { patchIn } from './input.js';
import { actorOf, ifMatch } from './preconditions.js';
import { toResource } from './resource.js';
import { PATCH_VALIDATION } from './validation.js';

export function patchRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).patch(
    `${prefix}/portorders/:id`,
    {
      onRequest: authenticate,
      config: { validation: PATCH_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'Edit a port order',
        description:
          'Allowed in draft and exception (an edit in exception moves the order back to draft). Takes If-Match.',
        operationId: opId(prefix, 'editPortOrder'),
        params: IdParams,
        body: PatchOrderBody,
        response: { 200: OrderResponseSchema, ...errors(403, 409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const version = ifMatch(request);
      const view = await service.edit(
        actorOf(request),
        request.params.id,
        patchIn(request.body.data.attributes),
        version,
      );
      reply.header('etag', `"${view.order.version}"`);
      return { data: toResource(view, prefix) };
    },
  );
}
