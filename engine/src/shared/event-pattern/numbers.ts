/**
 * Numbers compared by value, as event-ruler's ComparableNumber does: the decimal text is read
 * exactly (BigDecimal, no binary rounding), trailing zeros dropped, and the value must have at most
 * six decimals and lie in [-5.0e9, +5.0e9]. Such a number becomes an integer count of millionths,
 * exact in a double (|5e15| < 2^53), so comparisons are plain integer comparisons.
 *
 * Outside those bounds a number is not comparable: a `numeric` pattern refuses it, and an event
 * value never matches `numeric` (it can still equal an exact value).
 */
import { MAX_COMPARABLE_DECIMALS, MAX_COMPARABLE_NUMBER } from "./constants.ts";

const SCALE = 10n ** BigInt(MAX_COMPARABLE_DECIMALS);
const LIMIT = BigInt(MAX_COMPARABLE_NUMBER) * SCALE;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** event-ruler's messages, as its IllegalArgumentExceptions word them (Java prints 5E9 as 5.0E9). */
export const OUT_OF_RANGE = `Value must be between -${(MAX_COMPARABLE_NUMBER / 1e9).toFixed(1)}E9 and ${(MAX_COMPARABLE_NUMBER / 1e9).toFixed(1)}E9, inclusive`;
// AWS: event-ruler appends the number and its hex form to this text; the sentence is what matters.
export const TOO_PRECISE = `Only values upto ${MAX_COMPARABLE_DECIMALS} decimals are supported`;

export type Comparable = { ok: true; micros: number } | { ok: false; reason: string };

/** Millionths of the number written as `text` (JSON number syntax or JavaScript's `String(n)`). */
export function comparableFromText(text: string): Comparable {
  const parts = DECIMAL.exec(text);
  if (!parts) return { ok: false, reason: OUT_OF_RANGE };
  const [, sign, whole = "", fraction = "", exponentText = "0"] = parts;
  let digits = (whole + fraction).replace(/^0+/, "");
  if (digits === "") return { ok: true, micros: 0 };
  let exponent = Number(exponentText) - fraction.length;
  const trailing = digits.length - digits.replace(/0+$/, "").length;
  digits = digits.slice(0, digits.length - trailing);
  exponent += trailing;
  if (-exponent > MAX_COMPARABLE_DECIMALS) return { ok: false, reason: TOO_PRECISE };
  // Anything with more integer digits than the limit is out of range; do not build 10^huge.
  if (digits.length + exponent > String(MAX_COMPARABLE_NUMBER).length) {
    return { ok: false, reason: OUT_OF_RANGE };
  }
  const magnitude = BigInt(digits) * 10n ** BigInt(exponent + MAX_COMPARABLE_DECIMALS);
  if (magnitude > LIMIT) return { ok: false, reason: OUT_OF_RANGE };
  const micros = Number(magnitude);
  return { ok: true, micros: sign === "-" ? -micros : micros };
}

/** Millionths of an event's number, or undefined when event-ruler would not compare it by value. */
export function comparableFromNumber(value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (Number.isInteger(value) && Math.abs(value) <= MAX_COMPARABLE_NUMBER) return value * 1_000_000 || 0;
  const result = comparableFromText(String(value));
  return result.ok ? result.micros : undefined;
}

export const MIN_MICROS = -Number(LIMIT);
export const MAX_MICROS = Number(LIMIT);
