// Talking to the API with the user's key. The key lives in sessionStorage
// only: it survives a reload of this tab and is gone when the tab closes.

const SESSION_KEY = 'portcheck.credentials';
const CHECK_URL = '/portorders/portability';

/** The key was refused (wrong, revoked or expired): the page goes back to sign-in. */
export class AuthError extends Error {}

/** Any other failure, with a message fit to show. */
export class RequestError extends Error {}

/** @returns {{accessKey: string, secretKey: string} | null} */
export function loadCredentials() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return saved && typeof saved.accessKey === 'string' && typeof saved.secretKey === 'string' ? saved : null;
  } catch {
    return null;
  }
}

export function saveCredentials(creds) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(creds));
}

export function clearCredentials() {
  sessionStorage.removeItem(SESSION_KEY);
}

export function authorization(creds) {
  // btoa takes Latin-1 only; encode as UTF-8 first so any typed character is sent, not thrown on.
  const bytes = new TextEncoder().encode(`${creds.accessKey}:${creds.secretKey}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

async function post(creds, numbers) {
  try {
    return await fetch(CHECK_URL, {
      method: 'POST',
      headers: { authorization: authorization(creds), 'content-type': 'application/json' },
      body: JSON.stringify({ numbers }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new RequestError('Could not reach the server. Check your connection and try again.');
  }
}

export async function errorDetail(response) {
  try {
    const body = await response.json();
    const first = body?.errors?.[0];
    if (first?.detail) return first.id ? `${first.detail} (error id ${first.id})` : first.detail;
  } catch {
    // not our JSON error body (a proxy page, say)
  }
  return `The server answered ${response.status} ${response.statusText}.`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One Check Portability request; returns its `data`. Waits and retries when
 * rate-limited (429, as long as Retry-After says) or while the server loads
 * its data (503), a few times, reporting the wait through `onWait(seconds)`.
 */
export async function checkNumbers(creds, numbers, onWait = () => {}) {
  for (let attempt = 0; ; attempt++) {
    const response = await post(creds, numbers);
    if (response.ok) return (await response.json()).data;
    if (response.status === 401) {
      throw new AuthError('Your session has ended: the API key is no longer accepted. Sign in again.');
    }
    if ((response.status === 429 || response.status === 503) && attempt < 3) {
      const seconds = Math.min(60, Math.max(1, Number(response.headers.get('retry-after')) || 2));
      onWait(seconds);
      await sleep(seconds * 1000);
      continue;
    }
    throw new RequestError(await errorDetail(response));
  }
}

/** What the server allows per request; 100,000 when it does not say. */
export async function loadConfig() {
  try {
    const response = await fetch('/ui/config.json', { cache: 'no-cache' });
    const config = await response.json();
    if (Number.isInteger(config.maxNumbers) && config.maxNumbers > 0) return config;
  } catch {
    // use the default
  }
  return { maxNumbers: 100_000 };
}
