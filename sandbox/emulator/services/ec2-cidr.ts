// IPv4 CIDR blocks for the EC2 emulation: parsing, containment and overlap.

export interface Cidr {
  base: number
  prefix: number
}

/** Parses "a.b.c.d/n"; undefined when it is not a valid IPv4 CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text)
  if (!match) return undefined
  const octets = match.slice(1, 5).map(Number)
  const prefix = Number(match[5])
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0)
  const size = 2 ** (32 - prefix)
  return { base: address - (address % size), prefix }
}

function end(cidr: Cidr): number {
  return cidr.base + 2 ** (32 - cidr.prefix) - 1
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && end(inner) <= end(outer)
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base <= end(b) && b.base <= end(a)
}

/** Usable addresses in a subnet: AWS reserves five in each. */
export function usableAddresses(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix) - 5
}
