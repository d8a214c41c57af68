// The port-order API (docs/spec/orders.md) with the signed-in key: every write carries
// If-Match with the version the page showed, so a change made meanwhile comes back as 412.
import { AuthError, authorization, RequestError } from './api.js';

/** 412: the order changed since the page loaded it. */
export class ChangedError extends Error {}

/** An error from the catalogue: `code`, `detail`, and the port-order particulars in `meta`. */
export class ApiFailure extends RequestError {
  constructor(status, error) {
    super(error?.detail ?? `The server answered ${status}.`);
    this.status = status;
    this.code = error?.code ?? null;
    this.meta = error?.meta ?? {};
    this.pointer = error?.source?.pointer ?? null;
  }
}

async function send(creds, method, path, { json, body, contentType, version } = {}) {
  const headers = { authorization: authorization(creds), accept: 'application/json' };
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  else if (contentType) headers['content-type'] = contentType;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: json !== undefined ? JSON.stringify(json) : body,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new RequestError('Could not reach the server. Check your connection and try again.');
  }
  if (response.ok) return response;
  if (response.status === 401) {
    throw new AuthError('Your session has ended: the API key is no longer accepted. Sign in again.');
  }
  if (response.status === 412) throw new ChangedError('This order was changed meanwhile.');
  let error = null;
  try {
    error = (await response.json())?.errors?.[0] ?? null;
  } catch {
    // not our JSON error body (a proxy page, say)
  }
  throw new ApiFailure(response.status, error);
}

const json = async (creds, method, path, options) => (await send(creds, method, path, options)).json();
const enc = encodeURIComponent;
const orderPath = (id) => `/v2/portorders/${enc(id)}`;

/** {access_key, name, account, role, actions: {state: [action…]}} */
export const whoami = async (creds) => (await json(creds, 'GET', '/v2/whoami')).data;

/** `query` is a URLSearchParams of §9's filters; or `next` is a links.next from a previous page. */
export const listOrders = (creds, query) => json(creds, 'GET', `/v2/portorders?${query}`);
export const listPage = (creds, next) => json(creds, 'GET', next);

export const getOrder = async (creds, id) => (await json(creds, 'GET', orderPath(id))).data;
export const getGroup = (creds, id) => json(creds, 'GET', `/v2/portorders/groups/${enc(id)}`);
export const focDates = async (creds, id) => (await json(creds, 'GET', `${orderPath(id)}/foc-dates`)).data;

let reasonCodeCache = null;
/** The reason codes with their fix-it sentence and fields; asked for once per page load. */
export async function reasonCodes(creds) {
  if (!reasonCodeCache) {
    const list = (await json(creds, 'GET', '/v2/portorders/reason-codes')).data;
    reasonCodeCache = new Map(list.map((r) => [r.code, r]));
  }
  return reasonCodeCache;
}

/** Every event of one order, oldest first (at most a few pages). */
export async function orderEvents(creds, id) {
  const out = [];
  let path = `/v2/portorders/events?order_id=${enc(id)}&limit=200`;
  for (let page = 0; path && page < 10; page++) {
    const body = await json(creds, 'GET', path);
    out.push(...body.data);
    path = body.links.next;
  }
  return out;
}

export const createOrders = (creds, attributes) =>
  json(creds, 'POST', '/v2/portorders', { json: { data: { type: 'portorder', attributes } } });

export const patchOrder = async (creds, id, version, attributes) =>
  (await json(creds, 'PATCH', orderPath(id), { version, json: { data: { type: 'portorder', attributes } } }))
    .data;

/** `{data, included}`: `included` holds the new order of a split. */
export const act = (creds, id, name, version, body) =>
  json(creds, 'POST', `${orderPath(id)}/actions/${enc(name)}`, { version, json: body });

export const changeNumbers = async (creds, id, version, change) =>
  (await json(creds, 'PATCH', `${orderPath(id)}/relationships/numbers`, { version, json: change })).data;

/** The raw file as the body, with its own content type (§8). */
export const uploadDocument = (creds, id, version, type, file) =>
  json(creds, 'POST', `${orderPath(id)}/documents?type=${enc(type)}&filename=${enc(file.name)}`, {
    version,
    body: file,
    contentType: file.type || 'application/octet-stream',
  });

/** A document or the LOA as a Blob with the name the server gives it. */
export async function fetchFile(creds, path, fallbackName) {
  const response = await send(creds, 'GET', path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  let name = fallbackName;
  try {
    name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  } catch {
    // a malformed name: keep the fallback
  }
  return { blob: await response.blob(), name };
}

export const documentPath = (id, doc) => `${orderPath(id)}/documents/${enc(doc)}`;
export const loaPath = (id) => `${orderPath(id)}/loa.pdf`;
