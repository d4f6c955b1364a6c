import { describe, expect, it } from 'vitest';
import { addressRange, isPublicAddress, parseIp } from './ip-ranges.ts';

describe('IPv4 ranges a workflow may not reach', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['169.254.169.254', 'link_local'],
    ['169.254.0.1', 'link_local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.254', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.99', 'documentation'],
    ['198.18.0.1', 'benchmark'],
    ['198.19.255.255', 'benchmark'],
    ['192.88.99.1', 'reserved'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.1.1',
    '192.169.0.1',
    '198.17.255.255',
    '198.20.0.1',
    '223.255.255.255',
    '11.0.0.1',
    '126.255.255.255',
    '128.0.0.1',
  ])('%s, just outside the ranges, is public', (address) => {
    expect(addressRange(address)).toBe('public');
  });
});

describe('IPv6 ranges a workflow may not reach', () => {
  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf:ffff::1', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456:789a::1', 'unique_local'],
    ['ff02::1', 'multicast'],
    ['ff0e::101', 'multicast'],
    ['fec0::1', 'reserved'],
    ['2001:db8::1', 'documentation'],
    ['2001:db8:ffff:ffff::1', 'documentation'],
    ['3fff::1', 'documentation'],
    ['2001::1', 'reserved'],
    ['100::1', 'reserved'],
    ['[::1]', 'loopback'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:a9fe:a9fe', 'link_local'],
    ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link_local'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:a00:5::', 'private'],
  ])('%s carries a private IPv4 address: %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it('an IPv4-compatible address is refused even when it carries a public address', () => {
    expect(addressRange('::808:808')).toBe('reserved');
  });

  it.each([
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2a00:1450:4001:81b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(addressRange(address)).toBe('public');
  });
});

describe('parsing addresses', () => {
  it('reads IPv6 with and without ::, with an IPv4 tail', () => {
    expect(Array.from(parseIp('::ffff:1.2.3.4')!.bytes)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4,
    ]);
    expect(Array.from(parseIp('1:2:3:4:5:6:7:8')!.bytes.slice(14))).toEqual([0, 8]);
    expect(Array.from(parseIp('1::')!.bytes.slice(0, 4))).toEqual([0, 1, 0, 0]);
  });

  it.each([
    '256.1.1.1',
    '1.2.3',
    'example.com',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'gggg::1',
    '::ffff:1.2.3.999',
    '',
  ])('%s is not an address (and so never public)', (text) => {
    expect(parseIp(text)).toBeNull();
    expect(isPublicAddress(text)).toBe(false);
  });
});
