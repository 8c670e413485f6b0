/**
 * The `Parameters` of a statement, validated as DynamoDB reads them: each value by the attribute
 * value rules, numbers as Java's BigDecimal reads text. A number whose exponent (or scale) does not
 * fit an int cannot be converted at all ("The parameter cannot be converted to a numeric value:
 * 1e99999999999"); one whose digits-minus-scale overflows an int wraps, so 1e2147483647 is an
 * underflow. Problems are reported in document order, a too-deep value before a bad number inside
 * it (dynamodb-conformance, partiqlParameterNumbers, recorded against AWS).
 */
import { ValidationException } from "../errors.ts";
import {
  type AttributeValue,
  type AttributeValueInput,
  MAX_NESTING_DEPTH,
  validateAttributeValue,
} from "../values/index.ts";
import { NESTING_MESSAGE } from "../values/validate.ts";
import { MESSAGES } from "./messages.ts";

const NOT_NUMERIC = "The parameter cannot be converted to a numeric value";
const UNDERFLOW =
  "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const INT32_MAX = 2_147_483_647;
const INT32_MIN = -2_147_483_648;
const NUMBER = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function readParameters(input: readonly unknown[] | undefined): AttributeValue[] {
  return (input ?? []).map((raw) => {
    const value = (raw ?? {}) as AttributeValueInput;
    checkNumbers(value, 1);
    return validateAttributeValue(value);
  });
}

/** Fails when the statement uses more `?` than the request supplies (AWS ignores extra ones). */
export function checkParameterCount(used: number, supplied: number): void {
  if (used > supplied) throw new ValidationException(MESSAGES.parameterCount);
}

function checkNumbers(value: AttributeValueInput, depth: number): void {
  if (depth > MAX_NESTING_DEPTH) throw new ValidationException(NESTING_MESSAGE);
  if (typeof value.N === "string") checkNumber(value.N);
  if (Array.isArray(value.NS))
    for (const member of value.NS) if (typeof member === "string") checkNumber(member);
  if (Array.isArray(value.L)) {
    for (const element of value.L) checkNumbers((element ?? {}) as AttributeValueInput, depth + 1);
  }
  if (value.M && typeof value.M === "object") {
    for (const element of Object.values(value.M as Record<string, unknown>)) {
      checkNumbers((element ?? {}) as AttributeValueInput, depth + 1);
    }
  }
}

function checkNumber(text: string): void {
  if (text === "") throw new ValidationException(NOT_NUMERIC);
  const match = NUMBER.exec(text);
  if (!match || `${match[1]}${match[2] ?? ""}` === "")
    throw new ValidationException(`${NOT_NUMERIC}: ${text}`);
  if (match[3] === undefined) return;
  const exponent = Number(match[3]);
  const fraction = match[2]?.length ?? 0;
  const scale = fraction - exponent;
  if (exponent > INT32_MAX || exponent < INT32_MIN || scale > INT32_MAX || scale < INT32_MIN) {
    throw new ValidationException(`${NOT_NUMERIC}: ${text}`);
  }
  const digits = `${match[1] ?? ""}${match[2] ?? ""}`.replace(/^0+/, "").length;
  const magnitude = digits - scale;
  // Java computes precision - scale in an int; past its range the sign flips.
  if (magnitude > INT32_MAX && digits > 0) throw new ValidationException(UNDERFLOW);
}
