// GET /v2/portorders/events?after=&order_id=&type= (docs/spec/orders.md §7): the log in commit order.
import { EVENT_TYPES } from '../../../domain/orders/types.js';
import { ApiError } from '../../errors/catalogue.js';
import { EventsQuery } from '../../schemas/orders/requests.js';
import { EventsResponseSchema } from '../../schemas/orders/responses.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { limitOf } from './list.js';
import { actorOf } from './preconditions.js';
import { eventOut } from './resource.js';
import { QUERY_VALIDATION } from './validation.js';

const DEFAULT_EVENTS = 100;

export function eventsRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/portorders/events`,
    {
      onRequest: authenticate,
      config: { validation: QUERY_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'Port-order events',
        description: `In commit order after the cursor \`after\` (links.next carries it); a customer sees its account's only. limit 1–200, default ${DEFAULT_EVENTS}.`,
        operationId: opId(prefix, 'listPortOrderEvents'),
        querystring: EventsQuery,
        response: { 200: EventsResponseSchema, ...errors(422) },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.type !== undefined && !(EVENT_TYPES as readonly string[]).includes(q.type)) {
        throw new ApiError('invalid_input', `type must be one of ${EVENT_TYPES.join(', ')}.`);
      }
      const limit = limitOf(q.limit, DEFAULT_EVENTS);
      const events = await service.events(actorOf(request), {
        ...(q.after !== undefined ? { after: q.after } : {}),
        ...(q.order_id !== undefined ? { orderId: q.order_id } : {}),
        ...(q.type !== undefined ? { type: q.type } : {}),
        limit,
      });
      let next: string | null = null;
      if (events.length === limit) {
        const params = new URLSearchParams(
          Object.entries(q).filter(([k, v]) => k !== 'after' && v !== undefined) as [string, string][],
        );
        params.set('after', events[events.length - 1].position);
        next = `${prefix}/portorders/events?${params}`;
      }
      return { data: events.map(eventOut), links: { next } };
    },
  );
}
