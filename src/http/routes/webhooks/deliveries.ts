// GET /v2/webhooks/deliveries?endpoint_id=&status=&limit=: newest first.

import { DeliveriesQuery, DeliveryListResponse } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { limitOf } from '../orders/list.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, deliveryOut, errors, opId, type RouteContext, WEBHOOK_VALIDATION } from './context.js';

const DEFAULT_DELIVERIES = 50;

export function deliveriesRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/webhooks/deliveries`,
    {
      onRequest: authenticate,
      config: {
        validation: { ...WEBHOOK_VALIDATION, fallback: 'The query parameters are not in the expected form.' },
      },
      schema: {
        ...COMMON,
        summary: 'Webhook deliveries',
        description: `Admin keys only. Newest first; limit 1–200, default ${DEFAULT_DELIVERIES}.`,
        operationId: opId(prefix, 'listWebhookDeliveries'),
        querystring: DeliveriesQuery,
        response: { 200: DeliveryListResponse, ...errors(422) },
      },
    },
    async (request) => {
      const q = request.query;
      const deliveries = await service.deliveries(actorOf(request), {
        ...(q.endpoint_id !== undefined ? { endpointId: q.endpoint_id } : {}),
        ...(q.status !== undefined ? { status: q.status } : {}),
        limit: limitOf(q.limit, DEFAULT_DELIVERIES),
      });
      return { data: deliveries.map(deliveryOut) };
    },
  );
}
