/**
 * Fn::Cidr for IPv4: `count` consecutive subnets of `/(32 - cidrBits)` carved from `ipBlock`.
 * AWS: intrinsic-function-reference-cidr.
 */
import { ValidationError } from "../errors.ts";

const IPV4_BITS = 32;

export function cidr(ipBlock: string, count: number, cidrBits: number): string[] {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(ipBlock);
  const octets = match?.slice(1, 5).map(Number);
  const prefix = Number(match?.[5]);
  if (!octets || octets.some((o) => o > 255) || prefix > IPV4_BITS) {
    throw new ValidationError(`Template error: Fn::Cidr ipBlock ${ipBlock} is not a valid IPv4 CIDR block`);
  }
  const subnetPrefix = IPV4_BITS - cidrBits;
  if (!Number.isInteger(count) || count < 1 || count > 256 || cidrBits < 0 || subnetPrefix < prefix) {
    throw new ValidationError("Template error: Fn::Cidr cannot carve the requested subnets from the block");
  }
  const base = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** cidrBits;
  const blockEnd = base - (base % 2 ** (IPV4_BITS - prefix)) + 2 ** (IPV4_BITS - prefix);
  const start = base - (base % size);
  if (start + count * size > blockEnd) {
    throw new ValidationError("Template error: Fn::Cidr cannot carve the requested subnets from the block");
  }
  return Array.from({ length: count }, (_, i) => {
    const n = start + i * size;
    return `${[24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".")}/${subnetPrefix}`;
  });
}
