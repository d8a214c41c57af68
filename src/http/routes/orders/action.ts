// POST /v2/portorders/{id}/actions/{name} (docs/spec/orders.md §4): the body's members as the
// domain's ActionRequest; decide() says the rest. Takes If-Match and an Idempotency-Key.
import type { ActionRequest } from '../../../domain/orders/decision.js';
import type { ActionName } from '../../../domain/orders/types.js';
import { ApiError } from '../../errors/catalogue.js';
import { ActionParams, actionBody } from '../../schemas/orders/requests.js';
import { ActionResponseSchema } from '../../schemas/orders/responses.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { actorOf, idempotent, ifMatch } from './preconditions.js';
import { toResource } from './resource.js';
import { ACTION_VALIDATION } from './validation.js';

type Body = {
  occurred_at?: string;
  pon?: string | null;
  external_ref?: string | null;
  code?: string;
  detail?: string;
  fields?: string[];
  numbers?: string[];
  foc_date?: string;
  window_start?: string | null;
  window_end?: string | null;
  requested_foc_date?: string;
  ported_numbers?: string[];
  force?: boolean;
  reason?: 'user' | 'desk' | 'expired' | 'abandoned' | 'carrier';
};

/** The members each action takes, the required ones first. */
const MEMBERS: Record<ActionName, { required: (keyof Body)[]; optional: (keyof Body)[] }> = {
  submit: { required: [], optional: [] },
  'record-submission': { required: ['occurred_at'], optional: ['pon', 'external_ref'] },
  reject: { required: ['code', 'detail'], optional: ['fields', 'numbers'] },
  'record-foc': { required: ['foc_date'], optional: ['window_start', 'window_end'] },
  'request-supp': { required: ['requested_foc_date'], optional: [] },
  complete: { required: [], optional: ['ported_numbers', 'occurred_at'] },
  cancel: { required: [], optional: ['force', 'reason'] },
  'confirm-cancel': { required: [], optional: ['reason'] },
  'deny-cancel': { required: [], optional: [] },
  split: { required: ['numbers'], optional: [] },
};

export function actionRequest(name: ActionName, body: Body): ActionRequest {
  const { required, optional } = MEMBERS[name];
  for (const key of Object.keys(body) as (keyof Body)[]) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new ApiError('invalid_input', `${name} takes no "${key}".`, { pointer: `/${key}` });
    }
  }
  for (const key of required) {
    if (body[key] === undefined)
      throw new ApiError('invalid_input', `${name} needs "${key}".`, { pointer: `/${key}` });
  }
  const b = body as Required<Body>;
  switch (name) {
    case 'submit':
    case 'deny-cancel':
      return { action: name };
    case 'record-submission':
      return {
        action: name,
        input: { occurredAt: b.occurred_at, pon: body.pon, externalRef: body.external_ref },
      };
    case 'reject':
      return {
        action: name,
        input: { code: b.code, detail: b.detail, fields: body.fields, numbers: body.numbers },
      };
    case 'record-foc':
      return {
        action: name,
        input: { focDate: b.foc_date, windowStart: body.window_start, windowEnd: body.window_end },
      };
    case 'request-supp':
      return { action: name, input: { requestedFocDate: b.requested_foc_date } };
    case 'complete':
      return { action: name, input: { portedNumbers: body.ported_numbers, occurredAt: body.occurred_at } };
    case 'cancel':
      return { action: name, input: { force: body.force, reason: body.reason } };
    case 'confirm-cancel':
      return { action: name, input: { reason: body.reason } };
    case 'split':
      return { action: name, input: { numbers: b.numbers } };
  }
}

export function actionRoute({ app, prefix, service, authenticate, maxNumbers }: RouteContext): void {
  typed(app).post(
    `${prefix}/portorders/:id/actions/:name`,
    {
      onRequest: authenticate,
      config: { validation: ACTION_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'Take an action on a port order',
        description:
          'submit, record-submission, reject, record-foc, request-supp, complete, cancel, confirm-cancel, deny-cancel, split (docs/spec/orders.md §4). Takes If-Match and an Idempotency-Key.',
        operationId: opId(prefix, 'actOnPortOrder'),
        params: ActionParams,
        body: actionBody(maxNumbers),
        response: { 200: ActionResponseSchema, ...errors(403, 409, 412, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const version = ifMatch(request);
      const action = actionRequest(request.params.name, request.body ?? {});
      await idempotent(service, request, reply, async () => {
        const { order, created } = await service.act(actorOf(request), request.params.id, action, version);
        reply.header('etag', `"${order.order.version}"`);
        return {
          status: 200,
          body: {
            data: toResource(order, prefix),
            ...(created ? { included: [toResource(created, prefix)] } : {}),
          },
        };
      });
    },
  );
}
