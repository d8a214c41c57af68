// Errors written below fastify's routes (node's parser, its timers, the
// router's URL decoding), driven over raw sockets: each must be the
// catalogue's body, and none may echo the request back.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/http/errors/catalogue.js';
import { type BuildOptions, type Built, build } from './helper.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection after answering. */
  closed: boolean;
}

async function listening(options: BuildOptions = {}): Promise<{ built: Built; port: number }> {
  const built = await build(options);
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const address = built.app.server.address();
  return { built, port: typeof address === 'object' && address ? address.port : 0 };
}

/**
 * Writes `chunks` as they are (nothing added) and collects what comes back
 * until the server closes the socket, or, with `untilBody`, until one whole
 * response arrived.
 */
function exchange(port: number, chunks: string[], untilBody = false): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const parse = (closed: boolean): RawResponse | null => {
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const body = text.slice(end + 4);
      if (!closed && Buffer.byteLength(body) < Number(headers['content-length'] ?? Infinity)) return null;
      return { status: Number(statusLine.split(' ')[1]), headers, body, closed };
    };
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      text += data;
      const done = untilBody ? parse(false) : null;
      if (done) {
        socket.destroy();
        resolve(done);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const done = parse(true);
      if (done) resolve(done);
      else reject(new Error(`no HTTP response: ${JSON.stringify(text)}`));
    });
    for (const chunk of chunks) socket.write(chunk);
  });
}

/** The catalogue's error shape, exactly, with nothing of `echo` in the response. */
function expectCatalogueError(res: RawResponse, code: ErrorCode, echo: string[] = []) {
  const { status, title } = ERROR_CATALOGUE[code];
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(res.body);
  expect(body).toEqual({
    errors: [
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), status, code, title, detail: expect.any(String) },
    ],
  });
  for (const text of echo) expect(res.body).not.toContain(text);
}

describe('errors node and the router write, in the catalogue shape', () => {
  it('a request line node cannot parse', async () => {
    const { port } = await listening();
    const res = await exchange(port, ['FOO / HTTP/1.1\r\nHost: x\r\n\r\n']);
    expectCatalogueError(res, 'bad_request', ['FOO']);
    expect(res.closed).toBe(true);
  });

  it('a URL fastify cannot decode, not echoed', async () => {
    const { port } = await listening();
    const res = await exchange(port, ['GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expectCatalogueError(res, 'bad_request', ['%zz', 'FST_']);
  });

  it('an over-long path under /assets/, not echoed', async () => {
    const { port } = await listening();
    const long = 'a'.repeat(300);
    const res = await exchange(port, [
      `GET /assets/${long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    ]);
    expectCatalogueError(res, 'not_found', [long]);
  });

  it('an unknown file under /assets/', async () => {
    const { port } = await listening();
    const res = await exchange(port, [
      'GET /assets/nope.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    ]);
    expectCatalogueError(res, 'not_found', ['nope.js']);
  });

  it('headers over node’s size limit: 431', async () => {
    const { port } = await listening();
    const big = 'x'.repeat(17 * 1024);
    const res = await exchange(port, [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`]);
    expectCatalogueError(res, 'headers_too_large', [big.slice(0, 100)]);
    expect(res.closed).toBe(true);
  });

  it('an HTTP/1.1 request without Host', async () => {
    const { port } = await listening();
    const res = await exchange(port, ['GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n']);
    expectCatalogueError(res, 'bad_request');
  });

  it('an Expect other than 100-continue: 417', async () => {
    const { port } = await listening();
    const res = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n'], true);
    expectCatalogueError(res, 'expectation_failed', ['tea']);
  });
});

describe('timeouts: a stalled client is cut', () => {
  const short = { config: { headersTimeoutMs: 200, requestTimeoutMs: 400 } };

  it('a body that stops short of its Content-Length gets 408 and the connection closed', async () => {
    const { built, port } = await listening(short);
    const res = await exchange(port, [
      'POST /portorders/portability HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        `Authorization: ${built.auth}\r\nContent-Length: 100\r\n\r\n{"num`,
    ]);
    expectCatalogueError(res, 'request_timeout', ['num']);
    expect(res.closed).toBe(true);
  });

  it('headers that never end get 408 and the connection closed', async () => {
    const { port } = await listening(short);
    const res = await exchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n']);
    expectCatalogueError(res, 'request_timeout');
    expect(res.closed).toBe(true);
  });
});
