// What every webhook route file gets, the shapes they answer with, and the one place where the
// service's refusals become catalogue errors.
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import type { WebhookDelivery, WebhookEndpoint } from '../../../store/webhook-store.js';
import type { WebhookFailure, WebhookFailureCode } from '../../../webhooks/failure.js';
import type { WebhookService } from '../../../webhooks/service.js';
import { ApiError, type ErrorCode } from '../../errors/catalogue.js';
import type { ValidationTable } from '../../errors/validation.js';
import { ErrorBodySchema } from '../../schemas/error.js';

export interface WebhookRouteOptions {
  service: WebhookService;
  authenticate: onRequestHookHandler;
}

export type Prefix = '/v2' | '';

export interface RouteContext extends WebhookRouteOptions {
  app: FastifyInstance;
  prefix: Prefix;
}

const errorResponse = { description: 'An error from the catalogue', ...ErrorBodySchema };

/** The error answers every webhook route may give (403: not an admin key), plus the route's own. */
export function errors(...statuses: number[]): Record<number, typeof errorResponse> {
  const all = [400, 401, 403, 404, 429, 500, 503, ...statuses];
  return Object.fromEntries(all.map((s) => [s, errorResponse]));
}

export const opId = (prefix: Prefix, name: string) => (prefix === '/v2' ? name : `${name}Unversioned`);

export const COMMON = { tags: ['webhooks'], security: [{ basic: [] }] };

const CODE: Record<WebhookFailureCode, ErrorCode> = {
  forbidden_action: 'forbidden_action',
  not_found: 'not_found',
  invalid_input: 'invalid_input',
  webhook_target_refused: 'webhook_target_refused',
};

export const webhookApiError = (f: WebhookFailure): ApiError => new ApiError(CODE[f.code], f.detail);

export function endpointOut(e: WebhookEndpoint) {
  return {
    id: e.id,
    type: 'webhook_endpoint' as const,
    url: e.url,
    event_types: e.eventTypes,
    account: e.account,
    description: e.description,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    previous_secret_expires_at: e.previousSecretExpiresAt,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export function deliveryOut(d: WebhookDelivery) {
  return {
    id: d.id,
    type: 'webhook_delivery' as const,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    account: d.account,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.nextAttemptAt,
    last_attempt_at: d.lastAttemptAt,
    last_status: d.lastStatus,
    last_error: d.lastError,
    created_at: d.createdAt,
  };
}

/** Schema violations of the webhook bodies and queries: the member named, its rule said. */
export const WEBHOOK_VALIDATION: ValidationTable = {
  rules: [
    { pointer: /.*/, keyword: 'required', code: 'invalid_body', detail: (p) => `${p} is required.` },
    {
      pointer: /.*/,
      keyword: 'additionalProperties',
      code: 'invalid_body',
      detail: (p, params) =>
        `${p || 'the body'} has an unknown member "${String(params.additionalProperty)}".`,
    },
    {
      pointer: /.*/,
      keyword: 'enum',
      code: 'invalid_body',
      detail: (p, params) => `${p} must be one of ${(params.allowedValues as unknown[]).join(', ')}.`,
    },
    {
      pointer: /.*/,
      keyword: 'maxLength',
      code: 'invalid_body',
      detail: (p, params) => `${p} is longer than ${params.limit} characters.`,
    },
    {
      pointer: /.*/,
      keyword: 'type',
      code: 'invalid_body',
      detail: (p, params) => `${p || 'the body'} must be ${String(params.type)}.`,
    },
  ],
  fallback: 'The body must be a JSON object as docs/spec/orders.md §7 describes.',
};
