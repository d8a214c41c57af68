// Our signatures checked by another implementation: the standardwebhooks package a receiver uses.
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, webhookHeaders } from '../../src/webhooks/signature.js';

describe('webhook signatures (Standard Webhooks)', () => {
  const body = JSON.stringify({ type: 'port_order.created', timestamp: '2026-12-01T00:00:00Z', data: {} });
  const now = Math.floor(Date.now() / 1000);

  it('a secret is whsec_ + base64 of 32 random bytes, new each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(a);
  });

  it('verifies with the standardwebhooks package', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'evt_1', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('during a rotation both secrets sign, and a receiver with either verifies', () => {
    const old = newWebhookSecret();
    const next = newWebhookSecret();
    const headers = webhookHeaders([next, old], 'evt_2', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(body, headers)).toBeTruthy();
    expect(new Webhook(next).verify(body, headers)).toBeTruthy();
  });

  it('a changed body, id or another secret fails verification', () => {
    const secret = newWebhookSecret();
    const headers = webhookHeaders([secret], 'evt_3', now, body);
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'evt_4' })).toThrow();
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
