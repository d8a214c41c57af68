// GET /v2/portorders/groups/{id} (docs/spec/orders.md §9): a group's orders and its roll-up status.
import { IdParams } from '../../schemas/orders/requests.js';
import { GroupResponseSchema } from '../../schemas/orders/responses.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { actorOf } from './preconditions.js';
import { toResource } from './resource.js';

export function groupRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/portorders/groups/:id`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'A group of port orders',
        description:
          'The orders created together and the roll-up: requires_action, in_progress, completed, cancelled.',
        operationId: opId(prefix, 'getPortOrderGroup'),
        params: IdParams,
        response: { 200: GroupResponseSchema, ...errors() },
      },
    },
    async (request) => {
      const group = await service.group(actorOf(request), request.params.id);
      return {
        data: {
          type: 'portorder_group' as const,
          id: group.groupId,
          attributes: { status: group.status },
          links: { self: `${prefix}/portorders/groups/${encodeURIComponent(group.groupId)}` },
        },
        included: group.orders.map((v) => toResource(v, prefix)),
      };
    },
  );
}
