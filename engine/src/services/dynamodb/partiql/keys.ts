/**
 * What a WHERE clause says about the primary key. A write (and a SELECT inside a batch or a
 * transaction) names exactly one item: an equality on every key attribute among the top-level
 * ANDs, the rest being a condition on the write. A SELECT reads by Query when the WHERE pins the
 * partition key (equality, IN, or an OR of those), else by Scan.
 */
import { ValidationException } from "../errors.ts";
import type { Condition, Operand } from "../expressions/index.ts";
import type { RangeCondition } from "../items.ts";
import { checkKey } from "../key-validation.ts";
import type { KeySchema, Table } from "../table-definition.ts";
import { type AttributeValue, attributeValuesEqual, type Item, typeOf } from "../values/index.ts";
import { keyTypeMismatch, MESSAGES, multipleKeyConditions } from "./messages.ts";

/** The top-level AND operands of a condition, in source order (iteratively: chains can be long). */
export function conjuncts(condition: Condition | undefined): Condition[] {
  const out: Condition[] = [];
  const pending: Condition[] = condition ? [condition] : [];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.kind === "and") pending.push(next.right, next.left);
    else out.push(next);
  }
  return out;
}

export function allOf(conditions: readonly Condition[]): Condition | undefined {
  return conditions.reduce<Condition | undefined>(
    (left, right) => (left ? { kind: "and", left, right } : right),
    undefined,
  );
}

/** `name = value` (either way round) on a top-level attribute. */
function equality(condition: Condition): { name: string; value: AttributeValue } | undefined {
  if (condition.kind !== "compare" || condition.op !== "=") return undefined;
  const pair = pathAndValue(condition.left, condition.right) ?? pathAndValue(condition.right, condition.left);
  return pair && pair.path.length === 1 && typeof pair.path[0] === "string"
    ? { name: pair.path[0], value: pair.value }
    : undefined;
}

function pathAndValue(a: Operand, b: Operand) {
  return a.kind === "path" && b.kind === "value" ? { path: a.path, value: b.value } : undefined;
}

const keyNames = (schema: KeySchema): string[] =>
  schema.rangeKey ? [schema.hashKey, schema.rangeKey] : [schema.hashKey];

/** The item a write names, and the rest of its WHERE as the write's condition. */
export function extractKey(
  table: Table,
  where: Condition | undefined,
  options: { checkTypes: boolean } = { checkTypes: true },
): { key: Item; rest: Condition | undefined } {
  const names = keyNames(table.definition.key);
  const key: Item = {};
  const rest: Condition[] = [];
  for (const condition of conjuncts(where)) {
    const match = equality(condition);
    if (match && names.includes(match.name)) {
      if (Object.hasOwn(key, match.name)) throw multipleKeyConditions(match.name);
      key[match.name] = match.value;
    } else {
      rest.push(condition);
    }
  }
  if (names.some((name) => !Object.hasOwn(key, name))) throw new ValidationException(MESSAGES.incompleteKey);
  if (options.checkTypes) checkKeyTypes(table, key);
  return { key, rest: allOf(rest) };
}

/** AWS checks a key's types against the schema before DynamoDB's own key rules (sizes, empty strings). */
export function checkKeyTypes(table: Table, key: Item): void {
  for (const [name, value] of Object.entries(key)) {
    if (typeOf(value) !== table.definition.attributeDefinitions[name]) throw keyTypeMismatch(name);
  }
  checkKey(table, key);
}

/** The partition-key values a SELECT's WHERE pins, when it pins any (undefined: a scan). */
export function partitionValues(
  where: Condition | undefined,
  hashKey: string,
  rangeKey?: string,
): AttributeValue[] | undefined {
  if (!where) return undefined;
  const found = partitions(where, hashKey, rangeKey);
  if (!found) return undefined;
  const unique: AttributeValue[] = [];
  for (const { value } of found)
    if (!unique.some((seen) => attributeValuesEqual(seen, value))) unique.push(value);
  return unique;
}

interface Partition {
  value: AttributeValue;
  /** Whether the branch that pins it also conditions the sort key. */
  ranged: boolean;
}

function partitions(
  condition: Condition,
  hashKey: string,
  rangeKey: string | undefined,
): Partition[] | undefined {
  const ands = conjuncts(condition);
  const ranged = rangeKey !== undefined && ands.some((c) => constrains(c, rangeKey));
  for (const part of ands) {
    const match = equality(part);
    if (match?.name === hashKey) return [{ value: match.value, ranged }];
    if (part.kind === "in" && part.operand.kind === "path" && isAttribute(part.operand.path, hashKey)) {
      if (part.candidates.every((c) => c.kind === "value")) {
        return part.candidates.map((c) => ({ value: (c as { value: AttributeValue }).value, ranged }));
      }
    }
    if (part.kind === "or") {
      const left = partitions(part.left, hashKey, rangeKey);
      const right = left && partitions(part.right, hashKey, rangeKey);
      if (left && right) {
        for (const a of left) {
          for (const b of right) {
            // AWS cannot serve "pk = x AND sk = 1 OR pk = x AND other = 2" as key reads.
            if (attributeValuesEqual(a.value, b.value) && a.ranged !== b.ranged) {
              throw new ValidationException(MESSAGES.overlappingRangeConditions);
            }
          }
        }
        return [...left, ...right];
      }
    }
  }
  return undefined;
}

const isAttribute = (path: readonly (string | number)[], name: string) =>
  path.length === 1 && path[0] === name;

function constrains(condition: Condition, name: string): boolean {
  switch (condition.kind) {
    case "compare":
      return [condition.left, condition.right].some((o) => o.kind === "path" && isAttribute(o.path, name));
    case "between":
      return condition.operand.kind === "path" && isAttribute(condition.operand.path, name);
    case "begins_with":
      return condition.target.kind === "path" && isAttribute(condition.target.path, name);
    default:
      return false;
  }
}

const FLIPPED: Readonly<Record<string, RangeCondition["op"]>> = {
  "=": "=",
  "<": ">",
  "<=": ">=",
  ">": "<",
  ">=": "<=",
};

/** A sort-key condition among the top-level ANDs that a Query can use to narrow its read. */
export function rangeCondition(
  where: Condition | undefined,
  rangeKey: string | undefined,
  type: string | undefined,
): RangeCondition | undefined {
  if (!rangeKey) return undefined;
  const typed = (value: AttributeValue) => typeOf(value) === type;
  for (const condition of conjuncts(where)) {
    if (condition.kind === "compare" && condition.op !== "<>") {
      const direct = pathAndValue(condition.left, condition.right);
      const flipped = pathAndValue(condition.right, condition.left);
      if (direct && isAttribute(direct.path, rangeKey) && typed(direct.value)) {
        return { op: condition.op, values: [direct.value] };
      }
      if (flipped && isAttribute(flipped.path, rangeKey) && typed(flipped.value)) {
        return { op: FLIPPED[condition.op]!, values: [flipped.value] };
      }
    }
    if (
      condition.kind === "between" &&
      condition.operand.kind === "path" &&
      isAttribute(condition.operand.path, rangeKey) &&
      condition.lower.kind === "value" &&
      condition.upper.kind === "value" &&
      typed(condition.lower.value) &&
      typed(condition.upper.value)
    ) {
      return { op: "BETWEEN", values: [condition.lower.value, condition.upper.value] };
    }
    if (
      condition.kind === "begins_with" &&
      condition.target.kind === "path" &&
      isAttribute(condition.target.path, rangeKey) &&
      condition.prefix.kind === "value" &&
      typed(condition.prefix.value) &&
      type !== "N"
    ) {
      return { op: "BEGINS_WITH", values: [condition.prefix.value] };
    }
  }
  return undefined;
}
