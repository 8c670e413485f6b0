/**
 * Compiles the expressions of one request, or their legacy equivalents, in the order DynamoDB
 * parses them (UpdateExpression, ConditionExpression, KeyConditionExpression, FilterExpression,
 * ProjectionExpression), which decides the error a caller sees first; then checks that every
 * ExpressionAttributeNames/Values entry was used. None of this needs the table: AWS validates a
 * request's expressions before it looks the table up, so a bad expression against a missing table
 * is a ValidationException, not ResourceNotFoundException. Key conditions are matched against the
 * key schema later, by Query.
 */
import {
  type AttributeKeyCondition,
  checkExpressionParameters,
  conditionFromExpected,
  conditionFromFilter,
  ExpressionUsage,
  keyConditionsFromLegacy,
  keyConditionsOf,
  type ParsedCondition,
  type ParsedProjection,
  type ParsedUpdate,
  parseCondition,
  parseProjection,
  parseUpdate,
  projectionFromAttributesToGet,
  updateFromAttributeUpdates,
} from "../expressions/index.ts";

export interface ExpressionRequest {
  UpdateExpression?: string;
  ConditionExpression?: string;
  KeyConditionExpression?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  AttributeUpdates?: Record<string, unknown>;
  Expected?: Record<string, unknown>;
  ConditionalOperator?: string;
  KeyConditions?: Record<string, unknown>;
  QueryFilter?: Record<string, unknown>;
  ScanFilter?: Record<string, unknown>;
  AttributesToGet?: string[];
}

export interface CompiledExpressions {
  update?: ParsedUpdate;
  condition?: ParsedCondition;
  /** Key conditions by attribute, not yet matched to a key schema (Query does that). */
  keyConditions?: ReadonlyMap<string, AttributeKeyCondition>;
  filter?: ParsedCondition;
  projection?: ParsedProjection;
}

type Part = "update" | "condition" | "key" | "filter" | "projection";

/** AWS lists a request's expression parameters in this order in its messages. */
const EXPRESSION_ORDER: readonly [Part, string][] = [
  ["update", "UpdateExpression"],
  ["condition", "ConditionExpression"],
  ["projection", "ProjectionExpression"],
  ["filter", "FilterExpression"],
  ["key", "KeyConditionExpression"],
];

type FilterParameter = "QueryFilter" | "ScanFilter";

/**
 * AWS's first check: expression and legacy parameters are not mixed, and placeholder maps come
 * with an expression to use them.
 */
export function checkParameterStyle(
  request: ExpressionRequest,
  parts: readonly Part[],
  filterParameter?: FilterParameter,
): void {
  const expressions = EXPRESSION_ORDER.filter(([part]) => parts.includes(part)).map(([, name]) => name);
  const legacy: string[] = [];
  if (parts.includes("update")) legacy.push("AttributeUpdates");
  if (parts.includes("condition")) legacy.push("Expected");
  if (parts.includes("projection")) legacy.push("AttributesToGet");
  if (filterParameter) legacy.push(filterParameter);
  if (parts.includes("condition") || filterParameter) legacy.push("ConditionalOperator");
  if (parts.includes("key")) legacy.push("KeyConditions");
  checkExpressionParameters(request as Readonly<Record<string, unknown>>, expressions, legacy);
}

export function compileExpressions(
  request: ExpressionRequest,
  parts: readonly Part[],
  options: { filterParameter?: FilterParameter } = {},
): CompiledExpressions {
  checkParameterStyle(request, parts, options.filterParameter);
  const usage = new ExpressionUsage(
    request.ExpressionAttributeNames,
    request.ExpressionAttributeValues as never,
  );
  const out: CompiledExpressions = {};
  if (parts.includes("update")) {
    if (request.UpdateExpression !== undefined) out.update = parseUpdate(request.UpdateExpression, usage);
    else if (request.AttributeUpdates)
      out.update = updateFromAttributeUpdates(request.AttributeUpdates as never);
  }
  if (parts.includes("condition")) {
    if (request.ConditionExpression !== undefined)
      out.condition = parseCondition(request.ConditionExpression, usage, "ConditionExpression");
    else if (request.Expected)
      out.condition = conditionFromExpected(request.Expected as never, request.ConditionalOperator);
  }
  if (parts.includes("key")) {
    if (request.KeyConditionExpression !== undefined) {
      const parsed = parseCondition(request.KeyConditionExpression, usage, "KeyConditionExpression");
      out.keyConditions = keyConditionsOf(parsed.condition);
    } else if (request.KeyConditions) {
      out.keyConditions = keyConditionsFromLegacy(request.KeyConditions as never);
    }
  }
  if (parts.includes("filter")) {
    if (request.FilterExpression !== undefined)
      out.filter = parseCondition(request.FilterExpression, usage, "FilterExpression");
    else if (options.filterParameter && request[options.filterParameter]) {
      out.filter = conditionFromFilter(
        request[options.filterParameter] as never,
        request.ConditionalOperator,
      );
    }
  }
  if (parts.includes("projection")) {
    if (request.ProjectionExpression !== undefined)
      out.projection = parseProjection(request.ProjectionExpression, usage);
    else if (request.AttributesToGet) out.projection = projectionFromAttributesToGet(request.AttributesToGet);
  }
  usage.assertAllUsed();
  return out;
}
