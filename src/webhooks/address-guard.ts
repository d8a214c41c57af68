// Webhook targets on loopback, private, link-local and other non-public networks are refused unless
// an operator lists them in PORTCHECK_WEBHOOK_ALLOW (CIDRs), so that whoever holds an admin key
// cannot make the server probe the inside network. The check is made on the address a name
// resolves to, at connect time (see deliver.ts), not only on the URL's text: a public name that
// resolves to 10.0.0.1 is refused too.
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const NON_PUBLIC_V6 = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const;

const nonPublic = new BlockList();
for (const [net, bits] of NON_PUBLIC_V4) nonPublic.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of NON_PUBLIC_V6) nonPublic.addSubnet(net, bits, 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (m) return { address: m[1] as string, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export class AddressGuard {
  private readonly allowed = new BlockList();
  readonly allowList: readonly string[];

  /** `allow`: CIDRs (`10.1.0.0/16`, `127.0.0.1/32`, `::1/128`) that may be targeted anyway. */
  constructor(allow: readonly string[] = []) {
    this.allowList = allow;
    for (const cidr of allow) {
      const [net, bitsText] = cidr.split('/');
      const family = isIP(net ?? '');
      const bits = Number(bitsText ?? (family === 6 ? 128 : 32));
      if (!net || family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32)) {
        throw new Error(`PORTCHECK_WEBHOOK_ALLOW: "${cidr}" is not a CIDR such as 10.0.0.0/8 or ::1/128`);
      }
      this.allowed.addSubnet(net, bits, family === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** Parses the setting: CIDRs separated by commas or spaces; empty allows nothing private. */
  static fromSetting(text: string | undefined): AddressGuard {
    const list = (text ?? '').split(/[\s,]+/).filter((s) => s.length > 0);
    return new AddressGuard(list);
  }

  /** Null when `address` (an IP) may be connected to, else why not. */
  refusal(address: string): string | null {
    const { address: a, family } = unmapped(address);
    if (isIP(a) === 0) return `${address} is not an IP address`;
    if (this.allowed.check(a, family)) return null;
    if (nonPublic.check(a, family)) {
      return `${a} is on a loopback, private or reserved network; list it in PORTCHECK_WEBHOOK_ALLOW to allow it`;
    }
    return null;
  }
}
