/**
 * DynamoDB's attribute value model, as the core sees it: binary already base64-decoded, numbers
 * kept as decimal text (never a JS float).
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: Buffer }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: Buffer[] }
  | { M: Record<string, AttributeValue> }
  | { L: AttributeValue[] }
  | { NULL: true }
  | { BOOL: boolean };

export type Item = Record<string, AttributeValue>;

/** The type descriptors DynamoDB names in messages and in attribute_type(). */
export type AttributeType = "S" | "N" | "B" | "SS" | "NS" | "BS" | "M" | "L" | "NULL" | "BOOL";

/** The types a key (and the key order) can have. */
export type KeyValue = { S: string } | { N: string } | { B: Buffer };

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  "S",
  "N",
  "B",
  "SS",
  "NS",
  "BS",
  "M",
  "L",
  "NULL",
  "BOOL",
];

export function typeOf(value: AttributeValue): AttributeType {
  if ("S" in value) return "S";
  if ("N" in value) return "N";
  if ("B" in value) return "B";
  if ("SS" in value) return "SS";
  if ("NS" in value) return "NS";
  if ("BS" in value) return "BS";
  if ("M" in value) return "M";
  if ("L" in value) return "L";
  if ("NULL" in value) return "NULL";
  return "BOOL";
}

export const isSetType = (type: AttributeType): type is "SS" | "NS" | "BS" =>
  type === "SS" || type === "NS" || type === "BS";
