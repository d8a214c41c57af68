import { describe, expect, it } from 'vitest';
import { AddressGuard } from '../../src/webhooks/address-guard.js';

describe('webhook target guard (orders.md §7)', () => {
  const guard = new AddressGuard();

  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.1.2.3',
  ])('refuses %s', (ip) => {
    expect(guard.refusal(ip)).toMatch(/PORTCHECK_WEBHOOK_ALLOW/);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (ip) => {
      expect(guard.refusal(ip)).toBeNull();
    },
  );

  it('an allow list lets exactly its networks through', () => {
    const g = AddressGuard.fromSetting('127.0.0.1/32, 10.1.0.0/16 ::1/128');
    expect(g.refusal('127.0.0.1')).toBeNull();
    expect(g.refusal('::1')).toBeNull();
    expect(g.refusal('10.1.200.3')).toBeNull();
    expect(g.refusal('10.2.0.1')).not.toBeNull();
    expect(g.refusal('127.0.0.2')).not.toBeNull();
  });

  it('a malformed allow entry stops start-up with the setting named', () => {
    expect(() => AddressGuard.fromSetting('10.0.0.0/33')).toThrow(/PORTCHECK_WEBHOOK_ALLOW/);
    expect(() => AddressGuard.fromSetting('intranet')).toThrow(/PORTCHECK_WEBHOOK_ALLOW/);
  });
});
