/**
 * Validation of attribute values as DynamoDB applies it to input (Item, Key, ExpressionAttributeValues,
 * legacy Value/AttributeValueList), with DynamoDB's message texts. Returns the value as DynamoDB
 * stores it: numbers normalised. Message texts as recorded by dynalite against live DynamoDB
 * (validations/index.js) and by nubo-db/dynamodb-conformance captures.
 */
import { ValidationException } from "../errors.ts";
import { memberKey } from "./equality.ts";
import { normalizeNumber } from "./number.ts";
import type { AttributeType, AttributeValue } from "./types.ts";

/** AWS: nested attributes up to 32 levels, counting the attribute itself as level 1. */
export const MAX_NESTING_DEPTH = 32;

const INVALID = "One or more parameter values were invalid:";
export const EMPTY_VALUE_MESSAGE =
  "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
export const MULTIPLE_TYPES_MESSAGE =
  "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
export const NESTING_MESSAGE =
  "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

const TYPE_KEYS = new Set<string>(["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"]);

/** A decoded AttributeValue as the wire layer hands it over (unknown members already dropped or ignored). */
export type AttributeValueInput = Readonly<Record<string, unknown>>;

export function validateAttributeValue(input: AttributeValueInput, depth = 1): AttributeValue {
  if (depth > MAX_NESTING_DEPTH) throw new ValidationException(NESTING_MESSAGE);
  const types = Object.keys(input).filter(
    (key) => TYPE_KEYS.has(key) && input[key] != null,
  ) as AttributeType[];
  if (types.length === 0) throw new ValidationException(EMPTY_VALUE_MESSAGE);
  // AWS reports a bad member before it notices a second type, so every present type is checked first.
  const checked = types.map((type) => validateTyped(type, input[type], depth));
  if (checked.length > 1) throw new ValidationException(MULTIPLE_TYPES_MESSAGE);
  return checked[0]!;
}

export function validateItemAttributes(
  item: Readonly<Record<string, AttributeValueInput>>,
): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(item)) result[name] = validateAttributeValue(value);
  return result;
}

function validateTyped(type: AttributeType, raw: unknown, depth: number): AttributeValue {
  switch (type) {
    case "S":
      return { S: raw as string };
    case "N":
      return { N: normalizeNumber(raw as string) };
    case "B":
      return { B: toBuffer(raw) };
    case "BOOL":
      return { BOOL: raw as boolean };
    case "NULL":
      if (raw !== true)
        throw new ValidationException(`${INVALID} Null attribute value types must have the value of true`);
      return { NULL: true };
    case "SS":
      return { SS: validateStringSet(raw as string[]) };
    case "NS":
      return { NS: validateNumberSet(raw as string[]) };
    case "BS":
      return { BS: validateBinarySet((raw as unknown[]).map(toBuffer)) };
    case "L":
      return {
        L: (raw as AttributeValueInput[]).map((element) => validateAttributeValue(element, depth + 1)),
      };
    case "M": {
      const map: Record<string, AttributeValue> = {};
      for (const [name, element] of Object.entries(raw as Record<string, AttributeValueInput>)) {
        map[name] = validateAttributeValue(element, depth + 1);
      }
      return { M: map };
    }
  }
}

function validateStringSet(members: string[]): string[] {
  if (members.length === 0) throw new ValidationException(`${INVALID} An string set  may not be empty`);
  if (new Set(members).size !== members.length) {
    throw new ValidationException(`${INVALID} Input collection [${members.join(", ")}] contains duplicates.`);
  }
  return [...members];
}

function validateNumberSet(members: string[]): string[] {
  if (members.length === 0) throw new ValidationException(`${INVALID} An number set  may not be empty`);
  const normalized = members.map(normalizeNumber);
  // AWS words the number-set case differently from the string and binary ones.
  if (new Set(normalized).size !== normalized.length)
    throw new ValidationException("Input collection contains duplicates");
  return normalized;
}

function validateBinarySet(members: Buffer[]): Buffer[] {
  if (members.length === 0) throw new ValidationException(`${INVALID} Binary sets should not be empty`);
  if (new Set(members.map((b) => memberKey("BS", b))).size !== members.length) {
    const listed = members.map((b) => b.toString("base64")).join(", ");
    throw new ValidationException(`${INVALID} Input collection [${listed}]of type BS contains duplicates.`);
  }
  return members;
}

const toBuffer = (raw: unknown): Buffer =>
  Buffer.isBuffer(raw)
    ? raw
    : raw instanceof Uint8Array
      ? Buffer.from(raw)
      : Buffer.from(String(raw), "base64");
