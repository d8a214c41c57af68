import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OrderFailure } from '../../orders/failure.js';
import { WebhookFailure } from '../../webhooks/failure.js';
import { orderApiError } from '../routes/orders/failures.js';
import { webhookApiError } from '../routes/webhooks/context.js';
import type { ErrorBody } from '../schemas/error.js';
import { ApiError, ERROR_CATALOGUE } from './catalogue.js';
import { fromValidation, type ValidationIssue } from './validation.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The catalogue's JSON body for one error, and the id it carries (also logged). */
export function errorBody(error: ApiError): { id: string; body: string } {
  const id = randomUUID();
  const { status, title } = ERROR_CATALOGUE[error.code];
  const body: ErrorBody = {
    errors: [
      {
        id,
        status,
        code: error.code,
        title,
        detail: error.detail,
        ...(error.options.pointer === undefined ? {} : { source: { pointer: error.options.pointer } }),
        ...(error.options.meta === undefined ? {} : { meta: error.options.meta }),
      },
    ],
  };
  return { id, body: JSON.stringify(body) };
}

/** Answers with one catalogue error and logs it under its id. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  error: ApiError,
  cause?: unknown,
): void {
  const { id, body } = errorBody(error);
  const status = error.status;
  if (status >= 500 && error.code === 'internal_error') {
    request.log.error({ err: cause, errorId: id, code: error.code }, 'request failed');
  } else {
    request.log.info({ errorId: id, code: error.code, status }, error.detail);
  }
  reply
    .code(status)
    .headers(error.options.headers ?? {})
    .header('content-type', JSON_CONTENT_TYPE)
    // A string body skips fastify's response serializer, so nothing is dropped or reshaped.
    .send(body);
}

/** Maps fastify's own errors (body parsing, limits) onto the catalogue. */
function fromFastify(
  error: FastifyError | OrderFailure | WebhookFailure,
  request: FastifyRequest,
): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof OrderFailure) return orderApiError(error);
  if (error instanceof WebhookFailure) return webhookApiError(error);
  if (error.validation) {
    // The route's own table names the violation (its config.validation).
    return fromValidation(
      error.validation[0] as ValidationIssue | undefined,
      request.routeOptions.config.validation,
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('invalid_json', 'The request body is not valid JSON.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('payload_too_large', 'The request body is larger than this server accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      if (error.statusCode === 415) {
        return new ApiError(
          'unsupported_media_type',
          'Send the body as application/json (or application/vnd.api+json).',
        );
      }
      return new ApiError('bad_request', 'The request could not be read.');
  }
  const status = error.statusCode ?? 500;
  if (status === 404) return new ApiError('not_found', 'There is nothing at this address.');
  if (status === 413)
    return new ApiError('payload_too_large', 'The request is larger than this server accepts.');
  if (status === 415) return new ApiError('unsupported_media_type', 'The content type is not supported.');
  if (status >= 400 && status < 500) return new ApiError('bad_request', 'The request could not be read.');
  return null;
}

/**
 * Installs the single error path: every failure, ours or fastify's, leaves as
 * `{"errors":[...]}` from the catalogue; anything unexpected becomes a bare
 * 500 whose details stay in the log.
 */
export function installErrorHandling(app: FastifyInstance): void {
  const routes = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = routes.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m);
    routes.set(route.url, methods);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = fromFastify(error, request);
    if (mapped) return sendError(request, reply, mapped);
    sendError(
      request,
      reply,
      new ApiError(
        'internal_error',
        'Something went wrong on our side; quote the error id when reporting it.',
      ),
      error,
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = routes.get(path);
    if (allowed) {
      const allow = [...allowed].sort().join(', ');
      return sendError(
        request,
        reply,
        new ApiError('method_not_allowed', `${request.method} is not allowed here; use ${allow}.`, {
          headers: { allow },
        }),
      );
    }
    sendError(request, reply, new ApiError('not_found', 'There is nothing at this address.'));
  });
}
