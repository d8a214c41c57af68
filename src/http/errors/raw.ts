import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { ApiError, type ErrorCode } from './catalogue.js';
import { errorBody, JSON_CONTENT_TYPE } from './handler.js';

/**
 * The errors node's HTTP server answers by itself, before fastify sees a
 * request, written in the catalogue's shape. Nothing of the request (its
 * line, its path, its headers) is echoed back or logged.
 */
const DETAIL = {
  bad_request: 'The request could not be read as HTTP/1.1.',
  request_timeout: 'The request (headers and body) did not arrive in time; the connection is closed.',
  headers_too_large: 'The request headers are larger than this server accepts.',
  payload_too_large: 'The request is larger than this server accepts.',
  expectation_failed: 'Only "Expect: 100-continue" is supported.',
} as const satisfies Partial<Record<ErrorCode, string>>;

type RawCode = keyof typeof DETAIL;

/** Which catalogue error a client error of node's parser or timers is. */
function codeOf(error: NodeJS.ErrnoException): RawCode {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'request_timeout';
    case 'HPE_HEADER_OVERFLOW':
      return 'headers_too_large';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'payload_too_large';
    default:
      return 'bad_request';
  }
}

function rawResponse(code: RawCode): { id: string; text: string } {
  const error = new ApiError(code, DETAIL[code]);
  const { id, body } = errorBody(error);
  const text =
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
    `content-type: ${JSON_CONTENT_TYPE}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    'connection: close\r\n\r\n' +
    body;
  return { id, text };
}

/**
 * fastify's `clientErrorHandler` (node's `clientError` event): a request
 * line or headers node cannot parse, headers over the size limit, or a
 * request whose headers or body did not arrive within the timeouts. Answers
 * with the catalogue's body and closes the connection; when a response has
 * already begun on this socket, it only closes it (anything else would
 * corrupt that response).
 */
export function handleClientError(
  log: FastifyBaseLogger,
  error: NodeJS.ErrnoException,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code = codeOf(error);
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const { id, text } = rawResponse(code);
  // Only the parser's code: its error also holds the raw bytes, which may include credentials.
  log.info({ errorId: id, code, clientError: error.code }, 'client error');
  socket.end(text, () => socket.destroy());
}

/**
 * node's `checkExpectation` event: an `Expect` header other than
 * 100-continue, which node would otherwise answer with an empty 417.
 */
export function handleExpectation(
  log: FastifyBaseLogger,
  _request: IncomingMessage,
  res: ServerResponse,
): void {
  const error = new ApiError('expectation_failed', DETAIL.expectation_failed);
  const { id, body } = errorBody(error);
  log.info({ errorId: id, code: error.code }, 'unsupported expectation');
  res
    .writeHead(error.status, {
      'content-type': JSON_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    })
    .end(body);
}
