/**
 * Which network addresses outgoing requests (webhooks, destination APIs) may reach.
 *
 * Destination URLs are typed in by users, so without a policy they could make the server call
 * itself, the private network it sits in, or the cloud metadata service that hands out
 * credentials (server-side request forgery). The policy is deliberately strict: an address is
 * allowed only when ipaddr.js calls it plain `unicast` and none of our extra rules object.
 */
import ipaddr from 'ipaddr.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6

/** Reasons for the named ranges of ipaddr.js's `range()`; any other non-unicast name is "reserved". */
const RANGE_REASONS: Readonly<Record<string, string>> = {
  unspecified: 'unspecified address',
  loopback: 'loopback address',
  private: 'private network address',
  linkLocal: 'link-local address',
  carrierGradeNat: 'shared address space (carrier-grade NAT)',
  multicast: 'multicast address',
  broadcast: 'broadcast address',
  uniqueLocal: 'unique local address',
}

const RESERVED = 'reserved address'
const METADATA = 'cloud metadata address'

const cidrs = (...ranges: string[]): Array<[Address, number]> =>
  ranges.map((range) => ipaddr.parseCIDR(range))

/**
 * Instance metadata services. They sit inside ranges that are refused anyway, but get their own
 * reason because reaching them is the usual goal of an attack and the message should say so.
 */
const METADATA_RANGES = cidrs(
  '169.254.169.254/32', // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle…
  '169.254.170.2/32', // AWS ECS task metadata and credentials
  '100.100.100.200/32', // Alibaba Cloud
  'fd00:ec2::254/128', // AWS over IPv6
)

/** IPv6 ranges that ipaddr.js 2.2 reports as plain `unicast` although they are not public. */
const EXTRA_RESERVED_RANGES = cidrs(
  '::/96', // deprecated IPv4-compatible addresses (::a.b.c.d), never globally routed
  'fec0::/10', // deprecated site-local addresses, still routed locally by some stacks
  '64:ff9b:1::/48', // local-use NAT64 (RFC 8215): where the IPv4 part sits depends on the operator
)

/**
 * The IPv4 address an IPv6 address carries and that the packets will really go to, for the
 * ranges where its position is fixed: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated
 * (::ffff:0:a.b.c.d), well-known NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::/48).
 * Teredo is not decoded: its client address is obfuscated and it is refused as reserved anyway.
 */
const embeddedIPv4 = (address: ipaddr.IPv6): ipaddr.IPv4 | null => {
  const bytes = address.toByteArray()
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return new ipaddr.IPv4(bytes.slice(12, 16))
    case '6to4':
      return new ipaddr.IPv4(bytes.slice(2, 6))
    default:
      return null
  }
}

const inRanges = (address: Address, ranges: Array<[Address, number]>): boolean =>
  // subnetMatch skips ranges of the other IP version instead of throwing, as `match` would.
  ipaddr.subnetMatch(address, { hit: ranges }, 'miss') === 'hit'

/** The policy for an already parsed address. */
const judge = (address: Address): string | null => {
  if (address instanceof ipaddr.IPv6) {
    const ipv4 = embeddedIPv4(address)
    if (ipv4) return judge(ipv4)
  }
  if (inRanges(address, METADATA_RANGES)) return METADATA
  const range = address.range()
  if (range !== 'unicast') return RANGE_REASONS[range] ?? RESERVED
  return inRanges(address, EXTRA_RESERVED_RANGES) ? RESERVED : null
}

/**
 * Says whether an outgoing request may connect to a literal IPv4 or IPv6 address.
 *
 * @param address - a literal address such as `93.184.216.34` or `2606:4700::1111` (a zone id
 *   like `fe80::1%eth0` is accepted); anything that is not an address is refused.
 * @returns `null` when the address may be contacted, otherwise a short human reason such as
 *   `'loopback address'` or `'cloud metadata address'`, meant to be shown in an error message.
 */
export const refusalReason = (address: string): string | null => {
  // Fail closed: a string we cannot read as an address must not slip through as "not private".
  if (!ipaddr.isValid(address)) return 'not an IP address'
  return judge(ipaddr.parse(address))
}
