import { refusalReason } from './addressPolicy'

const LOOPBACK = 'loopback address'
const PRIVATE = 'private network address'
const LINK_LOCAL = 'link-local address'
const CGNAT = 'shared address space (carrier-grade NAT)'
const METADATA = 'cloud metadata address'
const UNSPECIFIED = 'unspecified address'
const MULTICAST = 'multicast address'
const BROADCAST = 'broadcast address'
const RESERVED = 'reserved address'
const UNIQUE_LOCAL = 'unique local address'

/** [address, expected reason]; both ends of a range where the boundary matters. */
const refusedIPv4: Array<[string, string]> = [
  ['0.0.0.0', UNSPECIFIED],
  ['0.255.255.255', UNSPECIFIED],
  ['127.0.0.1', LOOPBACK],
  ['127.255.255.254', LOOPBACK],
  ['10.0.0.1', PRIVATE],
  ['10.255.255.255', PRIVATE],
  ['172.16.0.1', PRIVATE],
  ['172.31.255.255', PRIVATE],
  ['192.168.0.1', PRIVATE],
  ['192.168.255.255', PRIVATE],
  ['169.254.0.1', LINK_LOCAL],
  ['169.254.255.254', LINK_LOCAL],
  ['169.254.169.254', METADATA],
  ['169.254.170.2', METADATA],
  ['100.100.100.200', METADATA],
  ['100.64.0.1', CGNAT],
  ['100.127.255.255', CGNAT],
  ['224.0.0.1', MULTICAST],
  ['239.255.255.255', MULTICAST],
  ['240.0.0.1', RESERVED],
  ['255.255.255.254', RESERVED],
  ['255.255.255.255', BROADCAST],
  ['192.0.0.1', RESERVED],
  ['192.0.0.255', RESERVED],
  ['198.18.0.1', RESERVED],
  ['198.19.255.255', RESERVED],
]

const refusedIPv6: Array<[string, string]> = [
  ['::', UNSPECIFIED],
  ['::1', LOOPBACK],
  ['fc00::1', UNIQUE_LOCAL],
  ['fd12:3456:789a::1', UNIQUE_LOCAL],
  ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', UNIQUE_LOCAL],
  ['fd00:ec2::254', METADATA],
  ['fe80::1', LINK_LOCAL],
  ['fe80::1%eth0', LINK_LOCAL],
  ['febf:ffff::1', LINK_LOCAL],
  ['ff02::1', MULTICAST],
  ['ff0e::1', MULTICAST],
  ['2001:db8::1', RESERVED], // documentation
  ['2001::1', RESERVED], // Teredo: the real IPv4 peer is obfuscated, so refused as a whole
  ['fec0::1', RESERVED], // deprecated site-local
  ['::7f00:1', RESERVED], // deprecated IPv4-compatible
  ['64:ff9b:1::a00:1', RESERVED], // local-use NAT64
]

/** IPv6 addresses that carry an IPv4 address are judged by that IPv4 address. */
const embedded: Array<[string, string]> = [
  ['::ffff:127.0.0.1', LOOPBACK],
  ['::ffff:7f00:1', LOOPBACK],
  ['::ffff:10.1.2.3', PRIVATE],
  ['::ffff:169.254.169.254', METADATA],
  ['::ffff:0:127.0.0.1', LOOPBACK], // IPv4-translated (RFC 6145)
  ['64:ff9b::127.0.0.1', LOOPBACK], // NAT64 (RFC 6052)
  ['64:ff9b::192.168.1.1', PRIVATE],
  ['2002:7f00:1::', LOOPBACK], // 6to4 of 127.0.0.1
  ['2002:a9fe:a9fe::1', METADATA], // 6to4 of 169.254.169.254
]

const allowed = [
  '93.184.216.34',
  '1.1.1.1',
  '8.8.8.8',
  '172.15.255.255', // just below 172.16/12
  '172.32.0.1', // just above it
  '100.63.255.255', // just below 100.64/10
  '100.128.0.1', // just above it
  '169.253.255.255',
  '198.20.0.1', // just above 198.18/15
  '223.255.255.255', // just below multicast
  '2606:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:82b::200e',
  '::ffff:1.1.1.1', // IPv4-mapped public address
  '64:ff9b::1.1.1.1', // NAT64 of a public address
  '2002:101:101::1', // 6to4 of a public address
]

describe('refusalReason', () => {
  it.each(refusedIPv4)('refuses IPv4 %s as %s', (address, reason) => {
    expect(refusalReason(address)).toBe(reason)
  })

  it.each(refusedIPv6)('refuses IPv6 %s as %s', (address, reason) => {
    expect(refusalReason(address)).toBe(reason)
  })

  it.each(embedded)('judges %s by its embedded IPv4 address: %s', (address, reason) => {
    expect(refusalReason(address)).toBe(reason)
  })

  it.each(allowed)('allows public address %s', (address) => {
    expect(refusalReason(address)).toBeNull()
  })

  it.each(['', 'localhost', 'example.com', '1.2.3.4.5', '::g'])(
    'refuses %p, which is not an IP address',
    (input) => {
      expect(refusalReason(input)).toBe('not an IP address')
    },
  )
})
