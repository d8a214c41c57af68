// POST /v2/webhooks/endpoints/{id}/replay {since, until, status}: the endpoint's deliveries of the
// events in [since, until) with that status, sent again with the same webhook-id; 202.
import { ApiError } from '../../errors/catalogue.js';
import { ReplayBody, ReplayResponse, WebhookIdParams } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, errors, opId, type RouteContext, WEBHOOK_VALIDATION } from './context.js';

function instant(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw new ApiError('invalid_input', `${name} must be an ISO 8601 date or date and time.`);
  return new Date(t).toISOString();
}

export function replayRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).post(
    `${prefix}/webhooks/endpoints/:id/replay`,
    {
      onRequest: authenticate,
      config: { validation: WEBHOOK_VALIDATION },
      schema: {
        ...COMMON,
        summary: "Replay an endpoint's deliveries",
        description:
          'Admin keys only. Every delivery of the endpoint whose event occurred in [since, until) (both optional) with the given status (any when absent) is sent again, with the same webhook-id.',
        operationId: opId(prefix, 'replayWebhookDeliveries'),
        params: WebhookIdParams,
        body: ReplayBody,
        response: { 202: ReplayResponse, ...errors(413, 415, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const replayed = await service.replay(actorOf(request), request.params.id, {
        since: instant(b.since, 'since'),
        until: instant(b.until, 'until'),
        status: b.status,
      });
      reply.code(202);
      return { data: { replayed } };
    },
  );
}
