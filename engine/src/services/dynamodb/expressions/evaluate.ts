/**
 * Evaluates conditions against an item, with DynamoDB's semantics (DynamoDB Local's
 * OperatorExecutor): an operand that does not exist makes every comparison false (and "<>" true);
 * values of different types are never equal, ordered or contained; nothing here throws.
 */
import {
  type AttributeValue,
  attributeValuesEqual,
  compareOrdered,
  type Item,
  memberKey,
  typeOf,
} from "../values/index.ts";
import { readPath } from "./document-path.ts";
import type { Condition, Operand } from "./model.ts";

export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case "compare":
      return compare(condition.op, read(condition.left, item), read(condition.right, item));
    case "between": {
      const value = read(condition.operand, item);
      return (
        compare("<=", value, read(condition.upper, item)) && compare(">=", value, read(condition.lower, item))
      );
    }
    case "in": {
      const value = read(condition.operand, item);
      return condition.candidates.some((candidate) => equal(value, read(candidate, item)));
    }
    case "attribute_exists":
      return readPath(item, condition.path) !== undefined;
    case "attribute_not_exists":
      return readPath(item, condition.path) === undefined;
    case "attribute_type": {
      const value = read(condition.target, item);
      return value !== undefined && typeOf(value) === condition.type;
    }
    case "begins_with":
      return beginsWith(read(condition.target, item), read(condition.prefix, item));
    case "contains":
      return contains(read(condition.target, item), read(condition.operand, item));
    case "not":
      return !evaluateCondition(condition.operand, item);
    case "and":
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case "or":
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
  }
}

/** The value of a condition operand; size() of a type without a size is missing, like an absent attribute. */
function read(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  switch (operand.kind) {
    case "path":
      return readPath(item, operand.path);
    case "value":
      return operand.value;
    case "size":
      return sizeOf(read(operand.operand, item));
    default:
      return undefined;
  }
}

/**
 * size(): string length (as Java counts it, in UTF-16 code units), binary bytes, set members,
 * list and map elements.
 */
export function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (value === undefined) return undefined;
  let size: number | undefined;
  if ("S" in value) size = value.S.length;
  else if ("B" in value) size = value.B.length;
  else if ("SS" in value) size = value.SS.length;
  else if ("NS" in value) size = value.NS.length;
  else if ("BS" in value) size = value.BS.length;
  else if ("L" in value) size = value.L.length;
  else if ("M" in value) size = Object.keys(value.M).length;
  return size === undefined ? undefined : { N: String(size) };
}

const equal = (a: AttributeValue | undefined, b: AttributeValue | undefined): boolean =>
  a !== undefined && b !== undefined && attributeValuesEqual(a, b);

function compare(op: string, a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (op === "=") return equal(a, b);
  if (op === "<>") return !equal(a, b);
  if (a === undefined || b === undefined) return false;
  const order = compareOrdered(a, b);
  if (order === undefined) return false;
  if (op === "<") return order < 0;
  if (op === "<=") return order <= 0;
  if (op === ">") return order > 0;
  return order >= 0;
}

function beginsWith(target: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (target === undefined || prefix === undefined) return false;
  if ("S" in target && "S" in prefix) return target.S.startsWith(prefix.S);
  if ("B" in target && "B" in prefix) return target.B.subarray(0, prefix.B.length).equals(prefix.B);
  return false;
}

/** Substring of a string, byte run of a binary, member of a set, element of a list. */
export function contains(target: AttributeValue | undefined, operand: AttributeValue | undefined): boolean {
  if (target === undefined || operand === undefined) return false;
  if ("S" in target) return "S" in operand && target.S.includes(operand.S);
  if ("B" in target) return "B" in operand && target.B.includes(operand.B);
  if ("L" in target) return target.L.some((element) => attributeValuesEqual(element, operand));
  if ("SS" in target) return "S" in operand && target.SS.includes(operand.S);
  if ("NS" in target)
    return "N" in operand && target.NS.some((n) => memberKey("NS", n) === memberKey("NS", operand.N));
  if ("BS" in target) return "B" in operand && target.BS.some((b) => b.equals(operand.B));
  return false;
}
