/**
 * The order DynamoDB uses for sort keys, comparisons (<, BETWEEN) and key conditions: strings by
 * their UTF-8 bytes, numbers numerically, binary by unsigned bytes (AWS: Query, "Key condition
 * expressions"). Not JavaScript's UTF-16 order: "\u{1F600}" sorts after "\uFFFD" here.
 */
import { compareNumbers } from "./number.ts";
import type { AttributeValue } from "./types.ts";

/** UTF-8 byte order, which equals Unicode code point order, computed without encoding. */
export function compareStrings(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF, so they outrank 0xE000–0xFFFF.
    return surrogateRank(x) - surrogateRank(y) || (x < y ? -1 : 1);
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const surrogateRank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? 1 : 0);

export const compareBinary = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

/**
 * Orders two values of the same scalar type (S, N or B); undefined when the pair has no order
 * (different types, or a type DynamoDB does not order).
 */
export function compareOrdered(a: AttributeValue, b: AttributeValue): number | undefined {
  if ("S" in a && "S" in b) return compareStrings(a.S, b.S);
  if ("N" in a && "N" in b) return compareNumbers(a.N, b.N);
  if ("B" in a && "B" in b) return compareBinary(a.B, b.B);
  return undefined;
}
