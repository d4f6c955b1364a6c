// Which IP addresses a workflow may reach. An outbound call goes only to public unicast
// addresses: anything that could land inside our network, the cloud's metadata service or a
// neighbour's LAN is refused. The table is written out here (not taken from a platform library) so
// the Node and Worker adapters classify exactly alike, and each range has a test.

export type AddressRange =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'shared'
  | 'benchmark'
  | 'documentation';

interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
}

interface Cidr {
  bytes: Uint8Array;
  prefix: number;
}

/** IPv4 special-purpose ranges (IANA registry, RFC 6890 and successors). */
const V4_TABLE: [string, AddressRange][] = [
  ['0.0.0.0/8', 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'], // carrier-grade NAT
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // former 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmark'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

/**
 * IPv6 is an allow-list: only global unicast (2000::/3) is public, minus the ranges below. Forms that
 * carry an IPv4 address inside (mapped, compatible, SIIT, NAT64, 6to4) are judged by that address.
 */
const V6_TABLE: [string, AddressRange][] = [
  ['2001::/23', 'reserved'], // IETF protocol assignments, incl. Teredo (2001::/32)
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['64:ff9b:1::/48', 'private'], // local-use NAT64
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'unique_local'],
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'reserved'], // deprecated site-local
  ['ff00::/8', 'multicast'],
];

/** IPv6 prefixes whose last 32 bits (or bits 16–47 for 6to4) are an IPv4 address. */
const V4_EMBEDDING: [string, 'tail' | '6to4'][] = [
  ['::ffff:0:0/96', 'tail'], // IPv4-mapped
  ['::ffff:0:0:0/96', 'tail'], // SIIT IPv4-translated
  ['64:ff9b::/96', 'tail'], // NAT64 well-known prefix
  ['::/96', 'tail'], // IPv4-compatible (deprecated)
  ['2002::/16', '6to4'],
];

const GLOBAL_UNICAST = parseCidr('2000::/3');

function parseCidr(text: string): Cidr {
  const [address, prefix] = text.split('/') as [string, string];
  const ip = parseIp(address);
  if (!ip) throw new Error(`bad range ${text}`);
  return { bytes: ip.bytes, prefix: Number(prefix) };
}

const v4 = V4_TABLE.map(([cidr, range]) => [parseCidr(cidr), range] as const);
const v6 = V6_TABLE.map(([cidr, range]) => [parseCidr(cidr), range] as const);
const embeddings = V4_EMBEDDING.map(([cidr, kind]) => [parseCidr(cidr), kind] as const);

function inCidr(bytes: Uint8Array, cidr: Cidr): boolean {
  if (bytes.length !== cidr.bytes.length) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((cidr.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(text: string): Uint8Array | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return null;
  return Uint8Array.from(parts);
}

function parseV6(text: string): Uint8Array | null {
  // A zone (fe80::1%eth0) names an interface, not part of the address.
  let rest = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const tail: number[] = [];
  const dotted = /:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(rest);
  if (dotted) {
    const four = parseV4(dotted[1]!);
    if (!four) return null;
    tail.push((four[0]! << 8) | four[1]!, (four[2]! << 8) | four[3]!);
    // Keep the colon before the IPv4 part only when it belongs to a `::`.
    rest = rest.slice(0, dotted.index + 1);
    if (!rest.endsWith('::')) rest = rest.slice(0, -1);
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const back = halves.length === 2 ? groups(halves[1]!) : [];
  const words = [...head, ...back];
  if (!words.every((word) => /^[0-9a-f]{1,4}$/i.test(word))) return null;
  const given = words.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const zeros = new Array<number>(8 - given).fill(0);
  const all = [
    ...head.map((w) => Number.parseInt(w, 16)),
    ...zeros,
    ...back.map((w) => Number.parseInt(w, 16)),
  ];
  all.push(...tail);
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[i * 2] = word >> 8;
    bytes[i * 2 + 1] = word & 0xff;
  });
  return bytes;
}

/** Parses a dotted-quad IPv4 or an IPv6 address (brackets and zone allowed); null if it is neither. */
export function parseIp(text: string): ParsedIp | null {
  const four = parseV4(text);
  if (four) return { family: 4, bytes: four };
  if (!text.includes(':')) return null;
  const six = parseV6(text);
  return six ? { family: 6, bytes: six } : null;
}

function classifyV4(bytes: Uint8Array): AddressRange {
  for (const [cidr, range] of v4) if (inCidr(bytes, cidr)) return range;
  return 'public';
}

function classifyV6(bytes: Uint8Array): AddressRange {
  for (const [cidr, range] of v6) if (inCidr(bytes, cidr)) return range;
  for (const [cidr, kind] of embeddings) {
    if (!inCidr(bytes, cidr)) continue;
    const inner = kind === 'tail' ? bytes.slice(12, 16) : bytes.slice(2, 6);
    const range = classifyV4(inner);
    // An IPv4-compatible address is deprecated: never public, whatever it carries.
    if (range === 'public' && cidr.prefix === 96 && cidr.bytes.every((b) => b === 0)) return 'reserved';
    return range;
  }
  return inCidr(bytes, GLOBAL_UNICAST) ? 'public' : 'reserved';
}

/** The range an address belongs to, or null when the text is not an IP address. */
export function addressRange(address: string): AddressRange | null {
  const ip = parseIp(address);
  if (!ip) return null;
  return ip.family === 4 ? classifyV4(ip.bytes) : classifyV6(ip.bytes);
}

/** True only for a parseable, public unicast address. */
export function isPublicAddress(address: string): boolean {
  return addressRange(address) === 'public';
}
