// Standard Webhooks signing (https://www.standardwebhooks.com): secrets are `whsec_` + base64 of
// 32 random bytes; each attempt is signed over "id.timestamp.body" with HMAC-SHA256. During a
// rotation both secrets sign, so a receiver holding either one verifies.
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new endpoint secret, shown to its creator once. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/**
 * The `webhook-signature` header: one `v1,<base64>` per secret, space-separated.
 * `timestamp` is in seconds, the same as the `webhook-timestamp` header.
 */
export function signatureHeader(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): string {
  const content = `${id}.${timestamp}.${body}`;
  return secrets
    .map((s) => `v1,${createHmac('sha256', keyOf(s)).update(content).digest('base64')}`)
    .join(' ');
}

/** The three headers of one attempt (the id is the event's, the same on every retry). */
export function webhookHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signatureHeader(secrets, id, timestamp, body),
  };
}
