// What bench/servers.ts (the child) and the rows that call it agree on.

export interface ServersInfo {
  /** Base URL of the real portcheck server. */
  subject: string;
  /** Base URL of the bare Fastify app. */
  bare: string;
  accessKey: string;
  secretKey: string;
}

/** The real route under test. */
export const SUBJECT_PATH = '/portorders/portability';

/** The bare route: POST a body here; the reply is a prebuilt JSON string of exactly `bytes` bytes. */
export const BARE_ROUTE = '/bare/:bytes';
export const barePath = (bytes: number) => `/bare/${bytes}`;

/** A JSON document of exactly `bytes` bytes (at least 10). */
export function jsonOfBytes(bytes: number): string {
  const frame = '{"pad":""}'.length;
  return `{"pad":"${'x'.repeat(Math.max(0, bytes - frame))}"}`;
}

export function basicAuth(info: ServersInfo): string {
  return `Basic ${Buffer.from(`${info.accessKey}:${info.secretKey}`).toString('base64')}`;
}
