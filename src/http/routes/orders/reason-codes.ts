// GET /v2/portorders/reason-codes (docs/spec/orders.md §5).
import { ReasonCodesResponseSchema } from '../../schemas/orders/responses.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';

export function reasonCodesRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/portorders/reason-codes`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: 'Rejection reason codes',
        description:
          'Each code with the sentence telling the customer what to fix and the fields it concerns.',
        operationId: opId(prefix, 'listPortOrderReasonCodes'),
        response: { 200: ReasonCodesResponseSchema, ...errors() },
      },
    },
    async () => ({ data: service.reasonCodes() }),
  );
}
