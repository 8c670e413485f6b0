/**
 * IP addresses and CIDR blocks as event-ruler's CIDR class reads them. Addresses become
 * upper-case hex strings (8 digits for IPv4, 32 for IPv6) that compare in address order.
 *
 * Quirks kept on purpose, because AWS has them:
 * - a block runs from the address as written to its last address: `10.0.0.5/24` covers
 *   10.0.0.5–10.0.0.255, not 10.0.0.0–10.0.0.255;
 * - masks must be below 32 (IPv4) and 128 (IPv6): `/32` is refused;
 * - an IPv4-mapped IPv6 address (`::ffff:a00:1`) is the IPv4 address, as Java's InetAddress has it.
 */
import { InvalidEventPattern } from "./errors.ts";

/** event-ruler's `Constants.IPv4_REGEX` / `IPv6_REGEX`: only these shapes are tried as addresses. */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

export interface IpRange {
  readonly bottom: string;
  readonly top: string;
}

const hex = (bytes: readonly number[]): string =>
  bytes.map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");

function ipv4Bytes(text: string): number[] | undefined {
  const bytes = text.split(".").map(Number);
  return bytes.every((b) => b <= 255) ? bytes : undefined;
}

function ipv6Bytes(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string | undefined): string[] | undefined => {
    if (part === undefined || part === "") return [];
    const list = part.split(":");
    return list.every((g) => g.length >= 1 && g.length <= 4) ? list : undefined;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const compressed = halves.length === 2;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(compressed ? missing : 0).fill("0"), ...tail];
  const bytes = all.flatMap((g) => {
    const value = Number.parseInt(g, 16);
    return [value >> 8, value & 0xff];
  });
  const mappedV4 = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mappedV4 ? bytes.slice(12) : bytes;
}

type AddressRead = { bytes: number[] } | { error: string };

/** event-ruler's `ipToBytes`: an address literal, or the exception message it would raise. */
function readAddress(text: string): AddressRead {
  let bytes: number[] | undefined;
  if (IPV4_SHAPE.test(text)) bytes = ipv4Bytes(text);
  else if (IPV6_SHAPE.test(text)) bytes = ipv6Bytes(text);
  else return { error: `Nonstandard IP address: ${text}` };
  // AWS: Java's InetAddress rejects the literal (after a failed host-name lookup).
  return bytes ? { bytes } : { error: `Invalid IP address: ${text}` };
}

/** The address as a hex string, or undefined when `text` is not an IP address literal. */
export function ipHex(text: string): string | undefined {
  const read = readAddress(text);
  return "bytes" in read ? hex(read.bytes) : undefined;
}

/** Java's `String.split("/")`: trailing empty strings are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

const JAVA_INT = /^[+-]?\d+$/;

/** event-ruler's `CIDR.cidr`. Throws InvalidEventPattern with its messages. */
export function cidrRange(cidr: string): IpRange {
  const slashed = javaSplit(cidr, "/");
  if (slashed.length !== 2) throw new InvalidEventPattern("Malformed CIDR, one '/' required");
  const [address = "", maskText = ""] = slashed;
  const maskBits = Number(maskText);
  if (!JAVA_INT.test(maskText) || !Number.isInteger(maskBits) || Math.abs(maskBits) > 2 ** 31 - 1) {
    throw new InvalidEventPattern("Malformed CIDR, mask bits must be an integer");
  }
  if (maskBits < 0) throw new InvalidEventPattern("Malformed CIDR, mask bits must not be negative");
  const read = readAddress(address);
  if ("error" in read) throw new InvalidEventPattern(read.error);
  const { bytes } = read;
  if (bytes.length === 4 && maskBits > 31) throw new InvalidEventPattern("IPv4 mask bits must be < 32");
  if (bytes.length === 16 && maskBits > 127) throw new InvalidEventPattern("IPv6 mask bits must be < 128");
  let hostBits = bytes.length * 8 - maskBits;
  const top = [...bytes];
  for (let i = top.length - 1; i >= 0 && hostBits > 0; i--, hostBits -= 8) {
    top[i] = hostBits >= 8 ? 0xff : (top[i] ?? 0) | ((1 << hostBits) - 1);
  }
  return { bottom: hex(bytes), top: hex(top) };
}

export const inRange = (addressHex: string, range: IpRange): boolean =>
  addressHex.length === range.bottom.length && addressHex >= range.bottom && addressHex <= range.top;
