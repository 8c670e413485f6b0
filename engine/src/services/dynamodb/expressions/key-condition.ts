/**
 * Key conditions for Query: the shape a KeyConditionExpression may take (one equality on the
 * partition key, at most one condition on the sort key), then the match against the key schema.
 * Message texts as recorded by dynalite against DynamoDB (validations/index.js convertKeyCondition,
 * actions/query.js).
 */
import { ValidationException } from "../errors.ts";
import { type AttributeValue, typeOf } from "../values/index.ts";
import type { Condition, KeyCondition, KeySchemaNames, Operand, RangeOperator } from "./model.ts";

/** A key condition per attribute, in the comparison-operator vocabulary the legacy KeyConditions use too. */
export interface AttributeKeyCondition {
  readonly op: string;
  readonly values: readonly AttributeValue[];
}

const FLIPPED: Readonly<Record<string, string>> = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
const INDEXABLE = new Set(["=", "<", "<=", ">", ">=", "BETWEEN", "BEGINS_WITH"]);
const MAX_KEY_CONDITIONS = 2;

export function keyConditionsOf(condition: Condition): Map<string, AttributeKeyCondition> {
  const conditions = new Map<string, AttributeKeyCondition>();
  const pending: Condition[] = [condition];
  while (pending.length > 0) {
    const next = pending.shift()!;
    if (next.kind === "and") pending.unshift(next.left, next.right);
    else addLeaf(next, conditions);
  }
  if (conditions.size > MAX_KEY_CONDITIONS)
    throw new ValidationException("Conditions can be of length 1 or 2 only");
  return conditions;
}

function addLeaf(condition: Condition, conditions: Map<string, AttributeKeyCondition>): void {
  const invalid = (operator: string) =>
    new ValidationException(`Invalid operator used in KeyConditionExpression: ${operator}`);
  let op: string;
  let args: Operand[];
  switch (condition.kind) {
    case "or":
    case "not":
    case "in":
      throw invalid(condition.kind.toUpperCase());
    case "attribute_exists":
    case "attribute_not_exists":
    case "attribute_type":
    case "contains":
      throw invalid(condition.kind);
    case "compare":
      if (condition.op === "<>") throw invalid("<>");
      [op, args] = [condition.op, [condition.left, condition.right]];
      break;
    case "between":
      requireKeyFirst(condition.operand, "BETWEEN");
      [op, args] = ["BETWEEN", [condition.operand, condition.lower, condition.upper]];
      break;
    case "begins_with":
      requireKeyFirst(condition.target, "begins_with");
      [op, args] = ["BEGINS_WITH", [condition.target, condition.prefix]];
      break;
    default:
      throw invalid(condition.kind.toUpperCase());
  }
  let attribute: string | undefined;
  let attributeAt = 0;
  args.forEach((arg, i) => {
    if (arg.kind === "path") {
      if (attribute !== undefined) {
        throw new ValidationException(
          "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
        );
      }
      if (arg.path.length > 1)
        throw new ValidationException("KeyConditionExpressions cannot have conditions on nested attributes");
      attribute = String(arg.path[0]);
      attributeAt = i;
    } else if (arg.kind !== "value") {
      throw new ValidationException("KeyConditionExpressions cannot contain nested operations");
    }
  });
  if (attribute === undefined)
    throw new ValidationException("Invalid condition in KeyConditionExpression: No key attribute specified");
  if (conditions.has(attribute))
    throw new ValidationException("KeyConditionExpressions must only contain one condition per key");
  // ":v < key" is "key > :v".
  if (attributeAt !== 0) op = FLIPPED[op] ?? op;
  const values = args
    .filter((_, i) => i !== attributeAt)
    .map((arg) => (arg as { value: AttributeValue }).value);
  conditions.set(attribute, { op, values });
}

function requireKeyFirst(first: Operand, operator: string): void {
  if (first.kind !== "path") {
    throw new ValidationException(
      `Invalid condition in KeyConditionExpression: ${operator} operator must have the key attribute as its first operand`,
    );
  }
}

/** Matches key conditions to the table's (or index's) key schema, in AWS's order of checks. */
export function matchKeySchema(
  conditions: ReadonlyMap<string, AttributeKeyCondition>,
  schema: KeySchemaNames,
): KeyCondition {
  const keys: Array<[string, "S" | "N" | "B" | undefined, boolean]> = [
    [schema.hashKey, schema.hashType, true],
  ];
  if (schema.rangeKey !== undefined) keys.push([schema.rangeKey, schema.rangeType, false]);
  let hash: AttributeValue | undefined;
  let range: KeyCondition["range"];
  for (const [name, type, isHash] of keys) {
    if (isHash && schema.rangeKey === undefined && conditions.size > 1) {
      throw new ValidationException("Query key condition not supported");
    }
    const condition = conditions.get(name);
    if (!condition) {
      if (isHash || conditions.size > 1)
        throw new ValidationException(`Query condition missed key schema element: ${name}`);
      continue;
    }
    if (!INDEXABLE.has(condition.op)) {
      throw new ValidationException("Attempted conditional constraint is not an indexable operation");
    }
    if (type !== undefined && condition.values.some((value) => typeOf(value) !== type)) {
      throw new ValidationException(
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
      );
    }
    if (isHash) {
      if (condition.op !== "=") throw new ValidationException("Query key condition not supported");
      hash = condition.values[0];
    } else {
      range = { op: condition.op as RangeOperator, values: [...condition.values] };
    }
  }
  return range ? { hash: hash!, range } : { hash: hash! };
}
