// POST /v2/portorders (docs/spec/orders.md §10): one draft per group of the check.

import { createOrderBody } from '../../schemas/orders/requests.js';
import { CreateResponseSchema } from '../../schemas/orders/responses.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { newEndUser } from './input.js';
import { actorOf, idempotent, JsonBytes } from './preconditions.js';
import { resourcesJson } from './resource.js';
import { CREATE_VALIDATION } from './validation.js';

export function createRoute({ app, prefix, service, authenticate, maxNumbers }: RouteContext): void {
  typed(app).post(
    `${prefix}/portorders`,
    {
      onRequest: authenticate,
      config: { validation: CREATE_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'Create port orders from numbers',
        description:
          'Checks the numbers and creates one draft order per group of the answer, all with one group_id; the nonportable numbers are listed in meta. Takes an Idempotency-Key.',
        operationId: opId(prefix, 'createPortOrders'),
        body: createOrderBody(maxNumbers),
        response: { 201: CreateResponseSchema, ...errors(403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const a = request.body.data.attributes;
      await idempotent(service, request, reply, async () => {
        const result = await service.createFromNumbers(actorOf(request), {
          numbers: a.numbers,
          endUser: newEndUser(a.end_user),
          requestedFocDate: a.requested_foc_date ?? null,
          customerReference: a.customer_reference ?? null,
          alias: a.alias ?? null,
          account: a.account,
        });
        const meta = {
          group_id: result.groupId,
          nonportable: { numbers: result.nonportable.map((d) => d.number), details: result.nonportable },
        };
        const body = resourcesJson(result.orders, prefix, '{"data":[', `],"meta":${JSON.stringify(meta)}}`);
        return { status: 201, body: new JsonBytes(body) };
      });
    },
  );
}
