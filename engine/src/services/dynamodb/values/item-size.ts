/**
 * Item size by AWS's rules (AWS: CapacityUnitCalculations, ServiceQuotas): attribute-name UTF-8
 * bytes plus the value — strings as UTF-8 bytes, binary as raw bytes, null and boolean 1 byte,
 * lists and maps 3 bytes plus 1 byte per element plus their contents. {"shirt-color":"R",
 * "shirt-size":"M"} is 23 bytes.
 */
import { leadingExponent, parseNumber } from "./number.ts";
import type { AttributeValue, Item } from "./types.ts";

export const MAX_ITEM_SIZE_BYTES = 409_600;
const CONTAINER_OVERHEAD_BYTES = 3;
const CONTAINER_ELEMENT_OVERHEAD_BYTES = 1;

export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += Buffer.byteLength(name, "utf8") + valueSize(value);
  return size;
}

export function valueSize(value: AttributeValue): number {
  if ("S" in value) return Buffer.byteLength(value.S, "utf8");
  if ("N" in value) return numberSize(value.N);
  if ("B" in value) return value.B.length;
  if ("BOOL" in value || "NULL" in value) return 1;
  if ("SS" in value) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, "utf8"), 0);
  if ("NS" in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ("BS" in value) return value.BS.reduce((sum, b) => sum + b.length, 0);
  if ("L" in value) {
    return value.L.reduce(
      (sum, element) => sum + CONTAINER_ELEMENT_OVERHEAD_BYTES + valueSize(element),
      CONTAINER_OVERHEAD_BYTES,
    );
  }
  const entries = Object.entries(value.M);
  return CONTAINER_OVERHEAD_BYTES + entries.length * CONTAINER_ELEMENT_OVERHEAD_BYTES + itemSize(value.M);
}

/**
 * AWS: "approximately 1 byte per two significant digits, plus 1 byte". DynamoDB stores numbers as
 * base-100 digit pairs aligned to the decimal point, plus an exponent byte, plus a terminator byte
 * for negatives; so 1E+125 costs 2 bytes, 12000 costs 3 ([1][20]) and -1.5 costs 4. These figures
 * match the item-size boundaries dynalite recorded against live DynamoDB (test/putItem.js).
 */
export function numberSize(text: string): number {
  const n = parseNumber(text);
  if (n.digits === "") return 1;
  const high = leadingExponent(n);
  const low = high - n.digits.length + 1;
  const pairs = Math.floor(high / 2) - Math.floor(low / 2) + 1;
  return 1 + pairs + (n.negative ? 1 : 0);
}
