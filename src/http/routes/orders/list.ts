// GET /v2/portorders (docs/spec/orders.md §9): filters, limit 1–200 (default 20), links.next.
import { ORDER_STATUSES, type OrderStatus } from '../../../domain/orders/types.js';
import { canonical } from '../../../orders/recheck.js';
import type { OrderFilter } from '../../../store/orders-store.js';
import { ApiError } from '../../errors/catalogue.js';
import { OrderListResponseSchema } from '../../schemas/orders/order.js';
import { ListQuery } from '../../schemas/orders/requests.js';
import { COMMON, errors, opId, type RouteContext, typed } from './context.js';
import { actorOf } from './preconditions.js';
import { toResource } from './resource.js';
import { QUERY_VALIDATION } from './validation.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 200;

export function limitOf(raw: string | undefined, fallback: number): number {
  const limit = raw === undefined ? fallback : Number(raw);
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new ApiError('invalid_input', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  }
  return limit;
}

function instant(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined) return undefined;
  const t = Date.parse(raw);
  if (Number.isNaN(t))
    throw new ApiError('invalid_input', `${name} must be an ISO 8601 date or date and time.`);
  return new Date(t).toISOString();
}

export function listRoute({ app, prefix, service, authenticate }: RouteContext): void {
  typed(app).get(
    `${prefix}/portorders`,
    {
      onRequest: authenticate,
      config: { validation: QUERY_VALIDATION },
      schema: {
        ...COMMON,
        summary: 'List port orders',
        description: 'Newest first. A customer key sees its own account only.',
        operationId: opId(prefix, 'listPortOrders'),
        querystring: ListQuery,
        response: { 200: OrderListResponseSchema, ...errors(422) },
      },
    },
    async (request) => {
      const q = request.query;
      const status = q.status?.split(',').map((s) => s.trim());
      const unknown = status?.filter((s) => !(ORDER_STATUSES as readonly string[]).includes(s));
      if (unknown && unknown.length > 0) {
        throw new ApiError('invalid_input', `Unknown status: ${unknown.join(', ').slice(0, 100)}.`);
      }
      const filter: OrderFilter = {
        ...(status ? { status: status as OrderStatus[] } : {}),
        ...(q.number !== undefined ? { number: canonical(q.number) ?? q.number } : {}),
        ...(q.losing_carrier !== undefined ? { losingCarrier: q.losing_carrier } : {}),
        ...(q.account !== undefined ? { account: q.account } : {}),
        ...(q.customer_reference !== undefined ? { customerReference: q.customer_reference } : {}),
        ...(q.created_after !== undefined ? { createdAfter: instant(q.created_after, 'created_after') } : {}),
        ...(q.created_before !== undefined
          ? { createdBefore: instant(q.created_before, 'created_before') }
          : {}),
      };
      const limit = limitOf(q.limit, DEFAULT_LIMIT);
      const page = await service.list(actorOf(request), filter, limit, q.cursor ?? null);
      let next: string | null = null;
      if (page.next !== null) {
        const params = new URLSearchParams(
          Object.entries(q).filter(([k, v]) => k !== 'cursor' && v !== undefined) as [string, string][],
        );
        params.set('cursor', page.next);
        next = `${prefix}/portorders?${params}`;
      }
      return { data: page.items.map((v) => toResource(v, prefix)), links: { next } };
    },
  );
}
