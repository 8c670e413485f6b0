/**
 * PartiQL literals and `?` parameters as DynamoDB attribute values: 'text' → S, numbers → N,
 * TRUE/FALSE → BOOL, NULL → NULL, [...] → L, {'k': v} → M, <<...>> → SS or NS. A problem inside a
 * literal names where it sits: "… under root", "… under root.x", "… under root[1]".
 */
import { ValidationException } from "../errors.ts";
import {
  type AttributeValue,
  type Item,
  MAX_NESTING_DEPTH,
  normalizeNumber,
  validateAttributeValue,
} from "../values/index.ts";
import { NESTING_MESSAGE } from "../values/validate.ts";
import type { Expr } from "./ast.ts";
import { at, MESSAGES } from "./messages.ts";

export const ROOT = "root";

/** Whether `expr` is a value DynamoDB can store (rather than a path or an operation). */
export const isConstant = (expr: Expr): boolean =>
  expr.kind === "literal" ||
  expr.kind === "parameter" ||
  expr.kind === "list" ||
  expr.kind === "bag" ||
  expr.kind === "struct";

/** The attribute value of a constant expression; `where` names its place for messages. */
export function constantValue(
  expr: Expr,
  parameters: readonly AttributeValue[],
  where = ROOT,
  depth = 1,
): AttributeValue {
  if (depth > MAX_NESTING_DEPTH) throw new ValidationException(NESTING_MESSAGE);
  switch (expr.kind) {
    case "literal":
      return literalValue(expr, where);
    case "parameter": {
      const value = parameters[expr.index];
      if (value === undefined) throw new ValidationException(MESSAGES.parameterCount);
      return value;
    }
    case "list":
      return { L: expr.items.map((item, i) => constantValue(item, parameters, `${where}[${i}]`, depth + 1)) };
    case "struct":
      return { M: structValue(expr, parameters, where, (name) => `${where}.${name}`, depth + 1) };
    case "bag":
      return bagValue(expr.items, where);
    default:
      throw unsupportedValue(expr, where);
  }
}

/**
 * INSERT's item: each attribute's value is placed at the root of its own messages
 * ("{'m': {'x': 1e126}}" overflows "under root.x").
 */
export function itemValue(
  expr: Extract<Expr, { kind: "struct" }>,
  parameters: readonly AttributeValue[],
): Item {
  return structValue(expr, parameters, ROOT, () => ROOT, 1);
}

function structValue(
  expr: Extract<Expr, { kind: "struct" }>,
  parameters: readonly AttributeValue[],
  where: string,
  placeOf: (name: string) => string,
  depth: number,
): Item {
  const map: Item = {};
  for (const field of expr.fields) {
    const name = fieldName(field.key, where);
    if (Object.hasOwn(map, name))
      throw new ValidationException(`Duplicate keys in tuple. Key: ${name} under ${where}`);
    // Attribute names are client data: "__proto__" must become an entry, not the prototype.
    Object.defineProperty(map, name, {
      value: constantValue(field.value, parameters, placeOf(name), depth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return map;
}

function literalValue(expr: Extract<Expr, { kind: "literal" }>, where: string): AttributeValue {
  switch (expr.type) {
    case "string":
      return { S: expr.text };
    case "number":
      return { N: numberText(expr.text, where) };
    case "boolean":
      return { BOOL: expr.text === "true" };
    case "null":
      return { NULL: true };
    case "missing":
      throw new ValidationException(MESSAGES.missingLiteral);
  }
}

function numberText(text: string, where: string): string {
  try {
    return normalizeNumber(text);
  } catch (error) {
    if (error instanceof ValidationException)
      throw new ValidationException(`${error.message} under ${where}`);
    throw error;
  }
}

function fieldName(key: Expr, where: string): string {
  if (key.kind === "literal" && key.type === "string") return key.text;
  const type = key.kind === "literal" ? key.type.toUpperCase() : key.kind.toUpperCase();
  throw new ValidationException(`Tuple keys must be of type String. Actual type: ${type} under ${where}`);
}

/** AWS: a bag literal is a string set or a number set; its members are literals, never `?`. */
function bagValue(items: readonly Expr[], where: string): AttributeValue {
  if (items.length === 0) throw new ValidationException(MESSAGES.emptyBag);
  const strings: string[] = [];
  const numbers: string[] = [];
  for (const item of items) {
    if (item.kind === "literal" && item.type === "string") strings.push(item.text);
    else if (item.kind === "literal" && item.type === "number") numbers.push(numberText(item.text, where));
    else throw new ValidationException(MESSAGES.mixedBag);
  }
  if (strings.length > 0 && numbers.length > 0) throw new ValidationException(MESSAGES.mixedBag);
  return validateAttributeValue(strings.length > 0 ? { SS: strings } : { NS: numbers });
}

/** What AWS names an expression that is not a value ("Unsupported data type: set_add under key root"). */
export function unsupportedValue(expr: Expr, where: string): ValidationException {
  const message = `Unsupported data type: ${describe(expr)} under key ${where}`;
  return expr.kind === "call" ? at(message, expr.position) : new ValidationException(message);
}

function describe(expr: Expr): string {
  switch (expr.kind) {
    case "call":
      return expr.name;
    case "identifier":
      return expr.name;
    case "path":
      return describe(expr.root);
    case "binary":
      return expr.op;
    case "unary":
      return expr.op;
    default:
      return expr.kind;
  }
}
