// Every webhook route (docs/spec/orders.md §7), under /v2/webhooks and without the prefix; admin keys only.
import type { FastifyInstance } from 'fastify';
import type { Prefix, WebhookRouteOptions } from './context.js';
import { createEndpointRoute } from './create.js';
import { deleteEndpointRoute } from './delete.js';
import { deliveriesRoute } from './deliveries.js';
import { getEndpointRoute } from './get.js';
import { listEndpointsRoute } from './list.js';
import { patchEndpointRoute } from './patch.js';
import { redeliverRoute } from './redeliver.js';
import { replayRoute } from './replay.js';
import { rotateEndpointRoute } from './rotate.js';

const ROUTES = [
  createEndpointRoute,
  listEndpointsRoute,
  getEndpointRoute,
  patchEndpointRoute,
  deleteEndpointRoute,
  rotateEndpointRoute,
  replayRoute,
  deliveriesRoute,
  redeliverRoute,
];

export async function webhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  for (const prefix of ['/v2', ''] as Prefix[]) {
    for (const route of ROUTES) route({ app, prefix, ...options });
  }
}
