// GET /v2/portorders/{id}/foc-dates (docs/spec/orders.md §6).
import { IdParams } from '../../schemas/orders/requests.js';
import { FocDatesResponseSchema } from '../../schemas/orders/responses.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { actorOf } from './preconditions.js';

export function focDatesRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/portorders/:id/foc-dates`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: "A port order's allowed FOC dates",
        description:
          'The dates a submission now may ask for: business days of the losing carrier, after the lead, within 30 days.',
        operationId: opId(prefix, 'portOrderFocDates'),
        params: IdParams,
        response: { 200: FocDatesResponseSchema, ...errors() },
      },
    },
    async (request) => ({ data: await service.focDates(actorOf(request), request.params.id) }),
  );
}
