/**
 * The pre-expression condition parameters — Expected (+ConditionalOperator), QueryFilter, ScanFilter
 * and KeyConditions — validated as AWS validates them and compiled to the same conditions the
 * expressions produce. Message texts as recorded by dynalite against DynamoDB
 * (validations/index.js validateAttributeConditions / validateConditions).
 */
import { ValidationException } from "../errors.ts";
import {
  type AttributeType,
  type AttributeValue,
  type AttributeValueInput,
  compareOrdered,
  typeOf,
  validateAttributeValue,
} from "../values/index.ts";
import type { AttributeKeyCondition } from "./key-condition.ts";
import type { Condition, Operand, ParsedCondition } from "./model.ts";

export interface ExpectedAttributeValueInput {
  readonly Value?: AttributeValueInput;
  readonly Exists?: boolean;
  readonly ComparisonOperator?: string;
  readonly AttributeValueList?: readonly AttributeValueInput[];
}

export interface ConditionInput {
  readonly ComparisonOperator?: string;
  readonly AttributeValueList?: readonly AttributeValueInput[];
}

const INVALID = "One or more parameter values were invalid:";
/** How many values each comparison operator takes ([min, max]). */
const ARGUMENTS: Readonly<Record<string, readonly [number, number]>> = {
  NULL: [0, 0],
  NOT_NULL: [0, 0],
  EQ: [1, 1],
  NE: [1, 1],
  LE: [1, 1],
  LT: [1, 1],
  GE: [1, 1],
  GT: [1, 1],
  CONTAINS: [1, 1],
  NOT_CONTAINS: [1, 1],
  BEGINS_WITH: [1, 1],
  IN: [1, Number.POSITIVE_INFINITY],
  BETWEEN: [2, 2],
};
const SCALARS: readonly AttributeType[] = ["S", "N", "B"];
/** AWS (API Condition): EQ and NE take every type; the others take scalars, BEGINS_WITH strings and binary. */
const VALUE_TYPES: Readonly<Record<string, readonly AttributeType[] | undefined>> = {
  LE: SCALARS,
  LT: SCALARS,
  GE: SCALARS,
  GT: SCALARS,
  CONTAINS: SCALARS,
  NOT_CONTAINS: SCALARS,
  IN: SCALARS,
  BETWEEN: SCALARS,
  BEGINS_WITH: ["S", "B"],
};
const COMPARATORS = { EQ: "=", NE: "<>", LE: "<=", LT: "<", GE: ">=", GT: ">" } as const;
const KEY_OPERATORS: Readonly<Record<string, string>> = {
  ...COMPARATORS,
  BETWEEN: "BETWEEN",
  BEGINS_WITH: "BEGINS_WITH",
};

/** Expected + ConditionalOperator; undefined when Expected is empty. */
export function conditionFromExpected(
  expected: Readonly<Record<string, ExpectedAttributeValueInput>>,
  conditionalOperator?: string,
): ParsedCondition | undefined {
  const leaves = Object.entries(expected).map(([name, entry]) => expectedLeaf(name, entry));
  return combine(leaves, Object.keys(expected), conditionalOperator);
}

function expectedLeaf(name: string, entry: ExpectedAttributeValueInput): Condition {
  const forAttribute = ` for Attribute: ${name}`;
  if (entry.AttributeValueList !== undefined && entry.Value !== undefined) {
    throw new ValidationException(
      `${INVALID} Value and AttributeValueList cannot be used together${forAttribute}`,
    );
  }
  const operator = entry.ComparisonOperator;
  if (operator !== undefined) {
    if (entry.Exists !== undefined) {
      throw new ValidationException(
        `${INVALID} Exists and ComparisonOperator cannot be used together${forAttribute}`,
      );
    }
    if (
      operator !== "NULL" &&
      operator !== "NOT_NULL" &&
      entry.AttributeValueList === undefined &&
      entry.Value === undefined
    ) {
      throw new ValidationException(
        `${INVALID} Value or AttributeValueList must be used with ComparisonOperator: ${operator}${forAttribute}`,
      );
    }
    const values = entry.AttributeValueList ?? (entry.Value !== undefined ? [entry.Value] : []);
    return comparisonLeaf(name, operator, values);
  }
  if (entry.AttributeValueList !== undefined) {
    throw new ValidationException(
      `${INVALID} AttributeValueList can only be used with a ComparisonOperator${forAttribute}`,
    );
  }
  const exists = entry.Exists ?? true;
  if (exists && entry.Value === undefined) {
    throw new ValidationException(
      `${INVALID} Value must be provided when Exists is ${entry.Exists === undefined ? "null" : "true"}${forAttribute}`,
    );
  }
  if (!exists && entry.Value !== undefined) {
    throw new ValidationException(`${INVALID} Value cannot be used when Exists is false${forAttribute}`);
  }
  if (!exists) return { kind: "attribute_not_exists", path: [name] };
  return compare("=", name, validateAttributeValue(entry.Value!));
}

/** QueryFilter / ScanFilter + ConditionalOperator; undefined when the filter is empty. */
export function conditionFromFilter(
  filter: Readonly<Record<string, ConditionInput>>,
  conditionalOperator?: string,
): ParsedCondition | undefined {
  const leaves = Object.entries(filter).map(([name, entry]) =>
    comparisonLeaf(name, entry.ComparisonOperator ?? "", entry.AttributeValueList ?? []),
  );
  return combine(leaves, Object.keys(filter), conditionalOperator);
}

/** KeyConditions, validated like a filter, in the vocabulary key-schema matching uses. */
export function keyConditionsFromLegacy(
  keyConditions: Readonly<Record<string, ConditionInput>>,
): Map<string, AttributeKeyCondition> {
  const conditions = new Map<string, AttributeKeyCondition>();
  for (const [name, entry] of Object.entries(keyConditions)) {
    const operator = entry.ComparisonOperator ?? "";
    const values = checkedValues(operator, entry.AttributeValueList ?? []);
    conditions.set(name, { op: KEY_OPERATORS[operator] ?? operator, values });
  }
  if (conditions.size !== 1 && conditions.size !== 2)
    throw new ValidationException("Conditions can be of length 1 or 2 only");
  return conditions;
}

function comparisonLeaf(
  name: string,
  operator: string,
  rawValues: readonly AttributeValueInput[],
): Condition {
  const values = checkedValues(operator, rawValues);
  const path = [name];
  const value = (i: number): Operand => ({ kind: "value", value: values[i]! });
  switch (operator) {
    case "NULL":
      return { kind: "attribute_not_exists", path };
    case "NOT_NULL":
      return { kind: "attribute_exists", path };
    case "CONTAINS":
      return { kind: "contains", target: { kind: "path", path }, operand: value(0) };
    case "NOT_CONTAINS":
      return {
        kind: "not",
        operand: { kind: "contains", target: { kind: "path", path }, operand: value(0) },
      };
    case "BEGINS_WITH":
      return { kind: "begins_with", target: { kind: "path", path }, prefix: value(0) };
    case "IN":
      return { kind: "in", operand: { kind: "path", path }, candidates: values.map((_, i) => value(i)) };
    case "BETWEEN":
      return { kind: "between", operand: { kind: "path", path }, lower: value(0), upper: value(1) };
    default:
      return compare(COMPARATORS[operator as keyof typeof COMPARATORS], name, values[0]!);
  }
}

function checkedValues(operator: string, rawValues: readonly AttributeValueInput[]): AttributeValue[] {
  const values = rawValues.map((raw) => validateAttributeValue(raw));
  const [min, max] = ARGUMENTS[operator] ?? [0, 0];
  if (values.length < min || values.length > max) {
    throw new ValidationException(
      `${INVALID} Invalid number of argument(s) for the ${operator} ComparisonOperator`,
    );
  }
  const first = values[0];
  if (first && values.some((value) => typeOf(value) !== typeOf(first))) {
    throw new ValidationException(
      `${INVALID} AttributeValues inside AttributeValueList must be of same type`,
    );
  }
  const allowed = VALUE_TYPES[operator];
  const unsupported = allowed && values.find((value) => !allowed.includes(typeOf(value)));
  if (unsupported) {
    throw new ValidationException(
      `${INVALID} ComparisonOperator ${operator} is not valid for ${typeOf(unsupported)} AttributeValue type`,
    );
  }
  if (operator === "BETWEEN" && (compareOrdered(values[0]!, values[1]!) ?? 0) > 0) {
    throw new ValidationException(
      "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
    );
  }
  return values;
}

const compare = (
  op: "=" | "<>" | "<" | "<=" | ">" | ">=",
  name: string,
  value: AttributeValue,
): Condition => ({
  kind: "compare",
  op,
  left: { kind: "path", path: [name] },
  right: { kind: "value", value },
});

function combine(
  leaves: Condition[],
  names: string[],
  conditionalOperator: string | undefined,
): ParsedCondition | undefined {
  if (leaves.length === 0) return undefined;
  const kind = conditionalOperator === "OR" ? "or" : "and";
  const condition = leaves.reduce((left, right) => ({ kind, left, right }));
  return { condition, paths: names.map((name) => [name]) };
}
