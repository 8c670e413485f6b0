/**
 * Compiles the expressions of one request, or their legacy equivalents, in the order DynamoDB
 * parses them (UpdateExpression, ConditionExpression, KeyConditionExpression, FilterExpression,
 * ProjectionExpression), which decides the error a caller sees first; then checks that every
 * ExpressionAttributeNames/Values entry was used.
 */
import {
  checkExpressionParameters,
  conditionFromExpected,
  conditionFromFilter,
  ExpressionUsage,
  type KeyCondition,
  type KeySchemaNames,
  keyConditionsFromLegacy,
  matchKeySchema,
  type ParsedCondition,
  type ParsedProjection,
  type ParsedUpdate,
  parseCondition,
  parseKeyCondition,
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
  keyCondition?: KeyCondition;
  filter?: ParsedCondition;
  projection?: ParsedProjection;
}

type Part = "update" | "condition" | "key" | "filter" | "projection";

const EXPRESSION_OF: Record<Part, string> = {
  update: "UpdateExpression",
  condition: "ConditionExpression",
  key: "KeyConditionExpression",
  filter: "FilterExpression",
  projection: "ProjectionExpression",
};

export function compileExpressions(
  request: ExpressionRequest,
  parts: readonly Part[],
  options: { keySchema?: KeySchemaNames; filterParameter?: "QueryFilter" | "ScanFilter" } = {},
): CompiledExpressions {
  const legacy: string[] = [];
  if (parts.includes("update")) legacy.push("AttributeUpdates");
  if (parts.includes("condition")) legacy.push("Expected");
  if (parts.includes("key")) legacy.push("KeyConditions");
  if (options.filterParameter) legacy.push(options.filterParameter);
  if (parts.includes("condition") || options.filterParameter) legacy.push("ConditionalOperator");
  if (parts.includes("projection")) legacy.push("AttributesToGet");
  checkExpressionParameters(
    request as Readonly<Record<string, unknown>>,
    parts.map((p) => EXPRESSION_OF[p]),
    legacy,
  );

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
  if (parts.includes("key") && options.keySchema) {
    if (request.KeyConditionExpression !== undefined) {
      out.keyCondition = parseKeyCondition(request.KeyConditionExpression, usage, options.keySchema);
    } else if (request.KeyConditions) {
      out.keyCondition = matchKeySchema(
        keyConditionsFromLegacy(request.KeyConditions as never),
        options.keySchema,
      );
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
