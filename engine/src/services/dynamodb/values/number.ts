/**
 * DynamoDB's Number: an exact decimal of up to 38 significant digits with a magnitude between
 * 1E-130 and 9.99…E+125 (AWS: HowItWorks.NamingRulesDataTypes). Held as text and computed with
 * BigInt, never as a JS float.
 *
 * AWS normalises numbers on write: sign "+" dropped, leading and trailing zeros trimmed, exponent
 * notation expanded to plain decimal, "-0" → "0" ("1.50" → "1.5", "1e2" → "100").
 */
import { ValidationException } from "../errors.ts";

export const MAX_NUMBER_SIGNIFICANT_DIGITS = 38;
/** The largest decimal exponent of the leading digit (9.99…E+125). */
export const MAX_NUMBER_EXPONENT = 125;
/** The smallest decimal exponent of the leading digit (1E-130). */
export const MIN_NUMBER_EXPONENT = -130;

export const NUMBER_OVERFLOW_MESSAGE =
  "Number overflow. Attempting to store a number with magnitude larger than supported range";
export const NUMBER_UNDERFLOW_MESSAGE =
  "Number underflow. Attempting to store a number with magnitude smaller than supported range";
export const NUMBER_PRECISION_MESSAGE = "Attempting to store more than 38 significant digits in a Number";
const NOT_NUMERIC_MESSAGE = "The parameter cannot be converted to a numeric value";

/** value = ±digits × 10^scale; digits carries no leading or trailing zeros; zero is digits "". */
export interface Decimal {
  readonly negative: boolean;
  readonly digits: string;
  readonly scale: number;
}

const ZERO: Decimal = { negative: false, digits: "", scale: 0 };
// AWS accepts what Java's BigDecimal accepts: an optional sign, digits with an optional point, and
// an optional exponent ("+3", ".123", "0001.23", "1e+5"); spaces, NaN and Infinity are rejected.
const NUMBER_SYNTAX = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// An exponent this long is far outside the representable range whatever the mantissa says.
const EXPONENT_CLAMP = 1_000_000_000;

/** The decimal exponent of the leading digit (1.5 → 0, 150 → 2, 0.015 → -2). */
export const leadingExponent = (n: Decimal): number => n.digits.length - 1 + n.scale;

/** Parses DynamoDB number text, throwing DynamoDB's ValidationException for malformed or out-of-range input. */
export function parseNumber(text: string): Decimal {
  const n = parseDecimal(text);
  if (n.digits === "") return n;
  const exponent = leadingExponent(n);
  if (exponent > MAX_NUMBER_EXPONENT) throw new ValidationException(NUMBER_OVERFLOW_MESSAGE);
  if (exponent < MIN_NUMBER_EXPONENT) throw new ValidationException(NUMBER_UNDERFLOW_MESSAGE);
  if (n.digits.length > MAX_NUMBER_SIGNIFICANT_DIGITS)
    throw new ValidationException(NUMBER_PRECISION_MESSAGE);
  return n;
}

/** The canonical text DynamoDB stores and returns for a number. */
export const normalizeNumber = (text: string): string => formatNumber(parseNumber(text));

function parseDecimal(text: string): Decimal {
  if (text === "") throw new ValidationException(NOT_NUMERIC_MESSAGE);
  const match = NUMBER_SYNTAX.exec(text);
  const integerPart = match?.[2] ?? "";
  const fractionPart = match?.[3] ?? "";
  if (!match || integerPart.length + fractionPart.length === 0) {
    throw new ValidationException(`${NOT_NUMERIC_MESSAGE}: ${text}`);
  }
  const all = integerPart + fractionPart;
  const first = all.search(/[1-9]/);
  if (first < 0) return ZERO;
  let last = all.length - 1;
  while (all[last] === "0") last--;
  const exponentText = match[4] ?? "0";
  const exponent = Math.max(-EXPONENT_CLAMP, Math.min(EXPONENT_CLAMP, Number(exponentText)));
  return {
    negative: match[1] === "-",
    digits: all.slice(first, last + 1),
    scale: exponent - fractionPart.length + (all.length - 1 - last),
  };
}

/** Plain decimal notation, as DynamoDB returns numbers ("1E+3" → "1000", "1e-3" → "0.001"). */
export function formatNumber(n: Decimal): string {
  if (n.digits === "") return "0";
  const sign = n.negative ? "-" : "";
  if (n.scale >= 0) return sign + n.digits + "0".repeat(n.scale);
  const pointAt = n.digits.length + n.scale;
  if (pointAt > 0) return `${sign}${n.digits.slice(0, pointAt)}.${n.digits.slice(pointAt)}`;
  return `${sign}0.${"0".repeat(-pointAt)}${n.digits}`;
}

/** Numeric order of two valid number texts: -1, 0 or 1. */
export function compareNumbers(a: string, b: string): number {
  return compareDecimals(parseDecimal(a), parseDecimal(b));
}

export function compareDecimals(a: Decimal, b: Decimal): number {
  const signA = a.digits === "" ? 0 : a.negative ? -1 : 1;
  const signB = b.digits === "" ? 0 : b.negative ? -1 : 1;
  if (signA !== signB) return signA < signB ? -1 : 1;
  if (signA === 0) return 0;
  const magnitude = compareMagnitudes(a, b);
  return signA < 0 ? -magnitude : magnitude;
}

function compareMagnitudes(a: Decimal, b: Decimal): number {
  const exponentA = leadingExponent(a);
  const exponentB = leadingExponent(b);
  if (exponentA !== exponentB) return exponentA < exponentB ? -1 : 1;
  // Same leading exponent: the digit strings line up from the left, and a missing digit is a zero.
  if (a.digits === b.digits) return 0;
  return a.digits < b.digits ? -1 : 1;
}

/** a + b, as SET x = x + :v and ADD compute it. */
export const addNumbers = (a: string, b: string): string =>
  arithmetic(parseDecimal(a), parseDecimal(b), false);

/** a - b, as SET x = x - :v computes it. */
export const subtractNumbers = (a: string, b: string): string =>
  arithmetic(parseDecimal(a), parseDecimal(b), true);

function arithmetic(a: Decimal, b: Decimal, subtract: boolean): string {
  const scale = Math.min(a.digits === "" ? b.scale : a.scale, b.digits === "" ? a.scale : b.scale);
  const left = toScaledInteger(a, scale);
  const right = toScaledInteger(b, scale);
  const result = fromScaledInteger(subtract ? left - right : left + right, scale);
  if (result.digits === "") return "0";
  const exponent = leadingExponent(result);
  if (exponent < MIN_NUMBER_EXPONENT) throw new ValidationException(NUMBER_UNDERFLOW_MESSAGE);
  // AWS reports a result that needs more than 38 digits (1e50 + 1) as an overflow too, not as a
  // precision error (observed in ScyllaDB's tests against DynamoDB, test_number.py).
  if (exponent > MAX_NUMBER_EXPONENT || result.digits.length > MAX_NUMBER_SIGNIFICANT_DIGITS) {
    throw new ValidationException(NUMBER_OVERFLOW_MESSAGE);
  }
  return formatNumber(result);
}

function toScaledInteger(n: Decimal, scale: number): bigint {
  if (n.digits === "") return 0n;
  const value = BigInt(n.digits) * 10n ** BigInt(n.scale - scale);
  return n.negative ? -value : value;
}

function fromScaledInteger(value: bigint, scale: number): Decimal {
  if (value === 0n) return ZERO;
  const negative = value < 0n;
  const text = (negative ? -value : value).toString();
  let last = text.length - 1;
  while (text[last] === "0") last--;
  return { negative, digits: text.slice(0, last + 1), scale: scale + (text.length - 1 - last) };
}
