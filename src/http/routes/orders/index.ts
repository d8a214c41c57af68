// Every port-order route (docs/spec/orders.md), under /v2/portorders and without the prefix.
// Documents and the LOA are registered beside these by their own files.
import type { FastifyInstance } from 'fastify';
import { actionRoute } from './action.js';
import type { OrderRouteOptions } from './context.js';
import { createRoute } from './create.js';
import { eventsRoute } from './events.js';
import { focDatesRoute } from './foc-dates.js';
import { getRoute } from './get.js';
import { groupRoute } from './group.js';
import { listRoute } from './list.js';
import { numbersRoute } from './numbers.js';
import { patchRoute } from './patch.js';
import { reasonCodesRoute } from './reason-codes.js';
import type { Prefix } from './resource.js';

const ROUTES = [
  createRoute,
  listRoute,
  getRoute,
  patchRoute,
  numbersRoute,
  actionRoute,
  focDatesRoute,
  groupRoute,
  eventsRoute,
  reasonCodesRoute,
];

export async function orderRoutes(app: FastifyInstance, options: OrderRouteOptions): Promise<void> {
  for (const prefix of ['/v2', ''] as Prefix[]) {
    for (const route of ROUTES) route({ app, prefix, ...options });
  }
}
