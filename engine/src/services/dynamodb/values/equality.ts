/**
 * Value equality as DynamoDB's "=" and EQ see it: same type and same value; sets compare as sets
 * (order ignored), numbers numerically, maps by key, lists element by element.
 */
import { compareNumbers, normalizeNumber } from "./number.ts";
import type { AttributeValue } from "./types.ts";

export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  if ("S" in a) return "S" in b && a.S === b.S;
  if ("N" in a) return "N" in b && compareNumbers(a.N, b.N) === 0;
  if ("B" in a) return "B" in b && a.B.equals(b.B);
  if ("BOOL" in a) return "BOOL" in b && a.BOOL === b.BOOL;
  if ("NULL" in a) return "NULL" in b;
  if ("SS" in a) return "SS" in b && sameMembers(a.SS, b.SS, (s) => s);
  if ("NS" in a) return "NS" in b && sameMembers(a.NS, b.NS, normalizeNumber);
  if ("BS" in a) return "BS" in b && sameMembers(a.BS, b.BS, (buffer) => buffer.toString("hex"));
  if ("L" in a)
    return "L" in b && a.L.length === b.L.length && a.L.every((v, i) => attributeValuesEqual(v, b.L[i]!));
  if (!("M" in b)) return false;
  const keys = Object.keys(a.M);
  if (keys.length !== Object.keys(b.M).length) return false;
  return keys.every((key) => {
    const other = b.M[key];
    return other !== undefined && Object.hasOwn(b.M, key) && attributeValuesEqual(a.M[key]!, other);
  });
}

/** Set members are unique, so equal sizes plus containment means equal sets. */
function sameMembers<T>(a: T[], b: T[], keyOf: (member: T) => string): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(b.map(keyOf));
  return a.every((member) => keys.has(keyOf(member)));
}

/** The identity of a set member, for membership tests (numbers by value, binary by bytes). */
export function memberKey(type: "SS" | "NS" | "BS", member: string | Buffer): string {
  if (type === "BS") return (member as Buffer).toString("hex");
  return type === "NS" ? normalizeNumber(member as string) : (member as string);
}
