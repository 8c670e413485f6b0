/**
 * Encodes a key value so that memcmp order (SQLite's BLOB order) is DynamoDB's key order: strings
 * by UTF-8 bytes, binary by bytes, numbers numerically. Only values of one type are compared with
 * each other (a key attribute has one declared type), and the encoding is not self-delimiting:
 * store it in its own column.
 */
import { leadingExponent, MIN_NUMBER_EXPONENT, parseNumber } from "./number.ts";
import type { KeyValue } from "./types.ts";

const NEGATIVE_TAG = 0x01;
const ZERO_TAG = 0x02;
const POSITIVE_TAG = 0x03;
/** Sorts after every inverted digit, so -1.5 (a shorter magnitude) sorts above -1.51. */
const NEGATIVE_TERMINATOR = 0x0a;
const MAX_DIGIT = 9;
const MAX_BYTE = 0xff;

export function encodeSortableKey(value: KeyValue): Buffer {
  if ("S" in value) return Buffer.from(value.S, "utf8");
  if ("B" in value) return Buffer.from(value.B);
  return encodeNumber(value.N);
}

/**
 * [sign tag][exponent byte][one byte per digit]. The leading-digit exponent spans -130…125, exactly
 * 256 values, so it fits one byte; negatives invert exponent and digits so a larger magnitude sorts
 * lower.
 */
function encodeNumber(text: string): Buffer {
  const n = parseNumber(text);
  if (n.digits === "") return Buffer.from([ZERO_TAG]);
  const exponentByte = leadingExponent(n) - MIN_NUMBER_EXPONENT;
  const digits = [...n.digits].map(Number);
  if (!n.negative) return Buffer.from([POSITIVE_TAG, exponentByte, ...digits]);
  return Buffer.from([
    NEGATIVE_TAG,
    MAX_BYTE - exponentByte,
    ...digits.map((d) => MAX_DIGIT - d),
    NEGATIVE_TERMINATOR,
  ]);
}
