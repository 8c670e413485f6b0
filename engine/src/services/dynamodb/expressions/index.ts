/**
 * DynamoDB's expression language: condition, filter, key-condition, update and projection
 * expressions, plus the legacy parameters compiled to the same forms.
 *
 *   const usage = new ExpressionUsage(names, values);   // one per request
 *   const cond = parseCondition(text, usage, "ConditionExpression");
 *   const upd = parseUpdate(text, usage);
 *   usage.assertAllUsed();                              // after every expression of the request
 *   evaluateCondition(cond, item); applyUpdate(upd, item); project(item, proj);
 *
 * Every error is DynamoDB's ValidationException with DynamoDB's text. AWS parses a request's
 * expressions in the order UpdateExpression, ConditionExpression, KeyConditionExpression,
 * FilterExpression, ProjectionExpression (dynalite), which decides which error a caller sees first.
 */
import type { Item } from "../values/index.ts";
import { compileCondition } from "./compile-condition.ts";
import { compileUpdate } from "./compile-update.ts";
import { checkDistinctPaths } from "./document-path.ts";
import { evaluateCondition as evaluate } from "./evaluate.ts";
import { keyConditionsOf, matchKeySchema } from "./key-condition.ts";
import { type ExpressionKind, invalidExpression } from "./kinds.ts";
import { MAX_EXPRESSION_SIZE_BYTES } from "./limits.ts";
import type {
  KeyCondition,
  KeySchemaNames,
  ParsedCondition,
  ParsedProjection,
  ParsedUpdate,
} from "./model.ts";
import { parseConditionTokens } from "./parse-condition.ts";
import { parseProjectionTokens } from "./parse-projection.ts";
import { parseUpdateTokens } from "./parse-update.ts";
import { Parser } from "./parser.ts";
import { Scope } from "./scope.ts";
import type { ExpressionUsage } from "./usage.ts";

export {
  type AttributeKeyCondition,
  keyConditionsOf,
  matchKeySchema,
} from "./key-condition.ts";
export type { ExpressionKind } from "./kinds.ts";
export {
  type ConditionInput,
  conditionFromExpected,
  conditionFromFilter,
  type ExpectedAttributeValueInput,
  keyConditionsFromLegacy,
} from "./legacy-conditions.ts";
export {
  type AttributeValueUpdateInput,
  checkExpressionParameters,
  projectionFromAttributesToGet,
  updateFromAttributeUpdates,
} from "./legacy-parameters.ts";
export { MAX_EXPRESSION_SIZE_BYTES, MAX_IN_OPERANDS, MAX_OPERATORS } from "./limits.ts";
export type {
  Condition,
  DocumentPath,
  KeyCondition,
  KeySchemaNames,
  Operand,
  ParsedCondition,
  ParsedProjection,
  ParsedUpdate,
  RangeOperator,
  UpdateAction,
} from "./model.ts";
export { project } from "./projection.ts";
export { isReservedWord, RESERVED_WORDS } from "./reserved-words.ts";
export { applyUpdate } from "./update.ts";
export { ExpressionUsage } from "./usage.ts";

/** Condition, filter or key-condition expression. */
export function parseCondition(
  text: string,
  usage: ExpressionUsage,
  kind: "ConditionExpression" | "FilterExpression" | "KeyConditionExpression" = "ConditionExpression",
): ParsedCondition {
  const parser = open(text, kind);
  const tree = parseConditionTokens(parser);
  parser.runWalkChecks();
  const scope = new Scope(kind, usage);
  return { condition: compileCondition(scope, tree), paths: scope.paths };
}

export function parseUpdate(text: string, usage: ExpressionUsage): ParsedUpdate {
  const parser = open(text, "UpdateExpression");
  const actions = parseUpdateTokens(parser);
  parser.runWalkChecks();
  const compiled = compileUpdate(new Scope("UpdateExpression", usage), actions);
  return { actions: compiled, legacy: false, paths: compiled.map((action) => action.path) };
}

export function parseProjection(text: string, usage: ExpressionUsage): ParsedProjection {
  const parser = open(text, "ProjectionExpression");
  const nodes = parseProjectionTokens(parser);
  parser.expectEnd();
  parser.runWalkChecks();
  const scope = new Scope("ProjectionExpression", usage);
  const paths = nodes.map((node) => scope.path(node));
  checkDistinctPaths("ProjectionExpression", paths);
  return { paths };
}

/** A KeyConditionExpression matched against the queried table's or index's key schema. */
export function parseKeyCondition(
  text: string,
  usage: ExpressionUsage,
  schema: KeySchemaNames,
): KeyCondition {
  const parsed = parseCondition(text, usage, "KeyConditionExpression");
  return matchKeySchema(keyConditionsOf(parsed.condition), schema);
}

/** True when the item (undefined: no item) satisfies the condition. */
export const evaluateCondition = (parsed: ParsedCondition, item: Item | undefined): boolean =>
  evaluate(parsed.condition, item);

function open(text: string, kind: ExpressionKind): Parser {
  if (text === "") throw invalidExpression(kind, "The expression can not be empty;");
  const size = Buffer.byteLength(text, "utf8");
  if (size > MAX_EXPRESSION_SIZE_BYTES) {
    throw invalidExpression(
      kind,
      `Expression size has exceeded the maximum allowed size; expression size: ${size}`,
    );
  }
  return new Parser(text, kind);
}
