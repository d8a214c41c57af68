// What every port-order route file gets, and the parts of their schemas they share.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { OrderService } from '../../../orders/service.js';
import { ErrorBodySchema } from '../../schemas/error.js';
import type { Prefix } from './resource.js';

export interface OrderRouteOptions {
  service: OrderService;
  authenticate: onRequestHookHandler;
  /** The check's limit: at most this many numbers in one create or numbers change. */
  maxNumbers: number;
}

export const typed = (app: FastifyInstance) => app.withTypeProvider<TypeBoxTypeProvider>();

export interface RouteContext extends OrderRouteOptions {
  app: FastifyInstance;
  prefix: Prefix;
}

const errorResponse = { description: 'An error from the catalogue', ...ErrorBodySchema };

/** The error answers every order route may give, plus the route's own. */
export function errors(...statuses: number[]): Record<number, typeof errorResponse> {
  const all = [400, 401, 404, 429, 500, 503, ...statuses];
  return Object.fromEntries(all.map((s) => [s, errorResponse]));
}

/** OpenAPI operation ids must be unique: the unprefixed copy of a route gets a suffix. */
export const opId = (prefix: Prefix, name: string) => (prefix === '/v2' ? name : `${name}Unversioned`);

export const COMMON = { tags: ['port orders'], security: [{ basic: [] }] };
