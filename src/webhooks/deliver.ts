// One delivery attempt: a POST to the endpoint's URL, connected only to an address the guard
// accepts (checked on the resolved address, in the socket's own lookup, so a DNS answer that
// changes between a check and the connect cannot slip through), redirects not followed, the whole
// attempt bounded by a timeout (15 s by default), the answer's body read no further than a few KiB.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressGuard } from './address-guard.js';

export interface AttemptResult {
  /** The receiver's status, or `error` when no status came back. */
  status?: number;
  error?: string;
  /** The first bytes of the answer, for the delivery's record. */
  responseBody?: string;
  durationMs: number;
}

export interface DeliverOptions {
  guard: AddressGuard;
  timeoutMs?: number;
  /**
   * Keep-alive agents for the endpoint (the worker keeps one pair per endpoint), so that attempts
   * reuse connections; without, each attempt opens and closes its own. Every new connection still
   * goes through the guarded lookup.
   */
  agents?: { http: HttpAgent; https: HttpsAgent };
}

const KEEP_BODY = 2048;

/** A pair of keep-alive agents for one endpoint, at most `sockets` connections each. */
export function endpointAgents(sockets: number): { http: HttpAgent; https: HttpsAgent } {
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets: sockets, timeout: 30_000 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: sockets, timeout: 30_000 }),
  };
}

/** A socket lookup that resolves, then refuses every address the guard refuses. */
function guardedLookup(guard: AddressGuard): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => guard.refusal(a.address)).find((r) => r !== null);
      if (refused) {
        const e = Object.assign(new Error(`target refused: ${refused}`), { code: 'EWEBHOOKTARGET' });
        return callback(e, '', 0);
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Posts `body` with `headers` to `url`. Never throws: every failure is an `error` in the result.
 * A literal IP in the URL is checked here (no lookup happens for it); names are checked in the
 * socket's lookup.
 */
export function deliver(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: DeliverOptions,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ error: 'not a URL', durationMs: 0 });
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const refused = options.guard.refusal(host);
    if (refused) return Promise.resolve({ error: `target refused: ${refused}`, durationMs: 0 });
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    return Promise.resolve({ error: `unsupported scheme ${target.protocol}`, durationMs: 0 });
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'portcheck-webhooks',
        },
        lookup: guardedLookup(options.guard),
        agent: options.agents
          ? target.protocol === 'https:'
            ? options.agents.https
            : options.agents.http
          : false,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < KEEP_BODY) {
            chunks.push(c);
            kept += c.length;
          }
        });
        const done = () =>
          finish({
            status: res.statusCode ?? 0,
            responseBody: Buffer.concat(chunks).subarray(0, KEEP_BODY).toString('utf8'),
          });
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${options.timeoutMs ?? 15_000} ms`));
    }, options.timeoutMs ?? 15_000);
    req.on('error', (err) => finish({ error: err.message }));
    req.end(body);
  });
}
