import type { FastifyBaseLogger } from 'fastify';
import { type DestinationStream, pino } from 'pino';
import type { Config } from '../config.js';

/**
 * The service's structured logger: JSON lines, request-scoped children carry
 * `reqId`. Fastify's request serializer logs no headers; the redaction is a
 * second line of defence should anyone log a request's headers.
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): FastifyBaseLogger {
  const options = {
    level,
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', 'request.headers.authorization'],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
