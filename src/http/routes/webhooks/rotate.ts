// POST /v2/webhooks/endpoints/{id}/rotate: a new secret, shown this once; the previous one keeps
// signing beside it for the rotation overlap (24 h by default), so receivers can switch over.

import { EndpointWithSecretResponse, WebhookIdParams } from '../../schemas/webhooks.js';
import { typed } from '../orders/context.js';
import { actorOf } from '../orders/preconditions.js';
import { COMMON, endpointOut, errors, opId, type RouteContext } from './context.js';

export function rotateEndpointRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).post(
    `${prefix}/webhooks/endpoints/:id/rotate`,
    {
      onRequest: authenticate,
      schema: {
        ...COMMON,
        summary: "Rotate a webhook endpoint's secret",
        description:
          'Admin keys only. The new secret is in the answer this once; until previous_secret_expires_at both secrets sign.',
        operationId: opId(prefix, 'rotateWebhookSecret'),
        params: WebhookIdParams,
        response: { 200: EndpointWithSecretResponse, ...errors() },
      },
    },
    async (request) => {
      const { endpoint, secret } = await service.rotate(actorOf(request), request.params.id);
      return { data: { ...endpointOut(endpoint), secret } };
    },
  );
}
