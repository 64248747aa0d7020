import { describe, expect, it } from 'vitest';
import { canonicalIP, cidrContains, inCidr, isCidr, isIP, isIPv4, isIPv6, parseCidr, parseIPv4 } from './ip';

describe('IPv4', () => {
  it.each(['10.244.1.5', '0.0.0.0', '255.255.255.255', '192.168.1.10'])('accepts %s', (ip) =>
    expect(isIPv4(ip)).toBe(true),
  );
  it.each(['10.244.1', '10.244.1.256', '10.244.01.5', 'a.b.c.d', '10..1.1', '1.2.3.4.5', ' 1.2.3.4', ''])(
    'rejects %j',
    (ip) => expect(isIPv4(ip)).toBe(false),
  );
  it('parses to uint32', () => expect(parseIPv4('10.244.1.5')).toBe(0x0af40105));
});

describe('IPv6', () => {
  it.each([
    '::',
    '::1',
    'fd00:10:244::5',
    '2001:db8::8a2e:370:7334',
    '::ffff:10.0.0.1',
    '2001:0db8:0000:0000:0000:ff00:0042:8329',
  ])('accepts %s', (ip) => expect(isIPv6(ip)).toBe(true));
  it.each(['1::2::3', '12345::', 'fd00:::1', 'g::1', '1:2:3:4:5:6:7:8:9'])('rejects %s', (ip) =>
    expect(isIPv6(ip)).toBe(false),
  );
  it('canonicalises', () =>
    expect(canonicalIP('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1'));
});

describe('CIDR', () => {
  it('contains', () => {
    expect(inCidr('10.244.3.9', '10.244.0.0/16')).toBe(true);
    expect(inCidr('10.245.0.1', '10.244.0.0/16')).toBe(false);
    expect(inCidr('10.96.120.15', '10.96.0.0/12')).toBe(true);
    expect(inCidr('10.112.0.1', '10.96.0.0/12')).toBe(false);
    expect(inCidr('1.2.3.4', '0.0.0.0/0')).toBe(true);
    expect(inCidr('fd00::5', 'fd00::/64')).toBe(true);
    expect(inCidr('10.0.0.1', 'fd00::/64')).toBe(false);
  });
  it('rejects host bits and bad prefixes with a hint', () => {
    expect(parseCidr('10.244.1.5/24')).toMatch(/did you mean 10\.244\.1\.0\/24/);
    expect(isCidr('10.0.0.0/33')).toBe(false);
    expect(isCidr('10.0.0.0')).toBe(false);
    expect(isCidr('fd00::/129')).toBe(false);
  });
  it('cidrContains on parsed', () => {
    const c = parseCidr('192.168.1.0/24');
    if (typeof c === 'string') throw new Error(c);
    expect(cidrContains(c, '192.168.1.255')).toBe(true);
    expect(isIP('192.168.1.255')).toBe(true);
  });
});
