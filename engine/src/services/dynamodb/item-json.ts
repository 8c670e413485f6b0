/**
 * Items as stored in SQLite: DynamoDB JSON with binary values as base64 text (the wire form),
 * so a stored item is also what a stream record or an on-failure payload carries.
 */
import type { AttributeValue, Item } from "./values/index.ts";

type Stored = Record<string, unknown>;

function encodeValue(value: AttributeValue): unknown {
  if ("B" in value) return { B: (value.B as Buffer).toString("base64") };
  if ("BS" in value) return { BS: (value.BS as Buffer[]).map((b) => b.toString("base64")) };
  if ("M" in value) return { M: encodeItem(value.M as Item) };
  if ("L" in value) return { L: (value.L as AttributeValue[]).map(encodeValue) };
  return value;
}

function decodeValue(value: Stored): AttributeValue {
  if ("B" in value) return { B: Buffer.from(value.B as string, "base64") } as AttributeValue;
  if ("BS" in value)
    return { BS: (value.BS as string[]).map((b) => Buffer.from(b, "base64")) } as AttributeValue;
  if ("M" in value) return { M: decodeItem(value.M as Stored) } as AttributeValue;
  if ("L" in value) return { L: (value.L as Stored[]).map(decodeValue) } as AttributeValue;
  return value as unknown as AttributeValue;
}

export function encodeItem(item: Item): Stored {
  const out: Stored = {};
  for (const [name, value] of Object.entries(item)) out[name] = encodeValue(value);
  return out;
}

export function decodeItem(stored: Stored): Item {
  const out: Item = {};
  for (const [name, value] of Object.entries(stored)) out[name] = decodeValue(value as Stored);
  return out;
}

export const itemToJson = (item: Item): string => JSON.stringify(encodeItem(item));
/**
 * Only binary values (B, BS) differ between the stored form and an Item. Their type key followed
 * by a colon cannot occur in the JSON text otherwise (a quote inside a string is escaped), so
 * without it the parsed JSON is the item as it is: no second walk and copy.
 */
const BINARY_TYPE_KEY = /"BS?":/;
export const itemFromJson = (json: string): Item =>
  BINARY_TYPE_KEY.test(json) ? decodeItem(JSON.parse(json) as Stored) : (JSON.parse(json) as Item);
