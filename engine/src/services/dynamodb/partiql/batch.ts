/**
 * BatchExecuteStatement: up to 25 statements, all SELECTs of one item by its full key or all
 * writes, each run on its own (not a transaction). A statement that fails gets an Error {Code,
 * Message} in its place and the call succeeds; only mixing reads and writes fails the call. A
 * failed statement names its table when it reached it (a failed condition, a duplicate key), not
 * when it was rejected before running. ReturnValuesOnConditionCheckFailure has no effect here
 * (dynamodb-conformance, recorded against AWS).
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import { ServiceError } from "../../../protocol/errors.ts";
import type { RequestContext } from "../../../server/context.ts";
import { CapacityTotals, emptyCharge, readUnits } from "../capacity.ts";
import { ValidationException } from "../errors.ts";
import { encodeItem } from "../item-json.ts";
import type { DataPlane } from "../operations/context.ts";
import type { Statement } from "./ast.ts";
import { MESSAGES } from "./messages.ts";
import { checkParameterCount, readParameters } from "./parameters.ts";
import { parseStatement } from "./parse.ts";
import { classify } from "./plan.ts";
import { planGet } from "./plan-read.ts";
import { planWrite } from "./plan-write.ts";
import { applySelectList } from "./projection.ts";
import { executeWrite } from "./write.ts";

const OPERATION = "BatchExecuteStatement";

/** The BatchStatementError codes of the exceptions a statement can end with. */
const ERROR_CODES: Readonly<Record<string, string>> = {
  ValidationException: "ValidationError",
  ConditionalCheckFailedException: "ConditionalCheckFailed",
  DuplicateItemException: "DuplicateItem",
  ResourceNotFoundException: "ResourceNotFound",
  ProvisionedThroughputExceededException: "ProvisionedThroughputExceeded",
  ThrottlingException: "ThrottlingError",
  ItemCollectionSizeLimitExceededException: "ItemCollectionSizeLimitExceeded",
  TransactionConflictException: "TransactionConflict",
  RequestLimitExceeded: "RequestLimitExceeded",
};

type Parsed = { statement: Statement; parameterCount: number } | { error: unknown };

export function batchExecuteStatement(
  plane: DataPlane,
  input: Ddb.BatchExecuteStatementInput,
  context: RequestContext,
): Record<string, unknown> {
  const requests = input.Statements ?? [];
  const parsed = requests.map((request): Parsed => {
    try {
      const result = parseStatement(request.Statement!);
      const kind = classify(result.statement);
      if (kind === "exists") throw new ValidationException(MESSAGES.existsOutsideTransaction);
      if (kind === "other") {
        throw new ValidationException(
          "Invalid operation. Only select, insert, update and delete operations are valid",
        );
      }
      return result;
    } catch (error) {
      return { error };
    }
  });
  const kinds = parsed.flatMap((entry) => ("statement" in entry ? [classify(entry.statement)] : []));
  if (kinds.some((kind) => kind !== kinds[0])) throw new ValidationException(MESSAGES.batchMixed);

  const totals = new CapacityTotals();
  const Responses = requests.map((request, i) => {
    const entry = parsed[i]!;
    if ("error" in entry) return failure(entry.error);
    let tableName: string | undefined;
    try {
      const parameters = readParameters(request.Parameters);
      checkParameterCount(entry.parameterCount, parameters.length);
      const env = { plane, context, parameters };
      if (entry.statement.kind === "select") {
        const plan = planGet(entry.statement, env, "batch");
        tableName = plan.table.definition.name;
        const stored = plane.items.get(plan.table, plan.key);
        const charge = {
          ...emptyCharge("read"),
          table: readUnits(stored?.size ?? 0, request.ConsistentRead ? "strong" : "eventual"),
        };
        plane.capacity.consume(plan.table, charge, OPERATION);
        totals.add(plan.table, charge);
        const response: Record<string, unknown> = { TableName: tableName };
        if (stored) response.Item = encodeItem(applySelectList(stored.item, plan.select));
        return response;
      }
      const plan = planWrite(entry.statement, env);
      tableName = plan.table.definition.name;
      const result = executeWrite(plane, plan, { operation: OPERATION, returnOldOnFailure: false });
      totals.add(plan.table, result.charge);
      const response: Record<string, unknown> = { TableName: tableName };
      if (result.item) response.Item = encodeItem(result.item);
      return response;
    } catch (error) {
      return failure(error, tableName);
    }
  });
  const out: Record<string, unknown> = { Responses };
  const consumed = totals.report(input.ReturnConsumedCapacity);
  if (consumed) out.ConsumedCapacity = consumed;
  return out;
}

function failure(error: unknown, tableName?: string): Record<string, unknown> {
  const code = error instanceof ServiceError ? ERROR_CODES[error.code] : undefined;
  if (code === undefined) throw error;
  const response: Record<string, unknown> = { Error: { Code: code, Message: (error as Error).message } };
  if (tableName !== undefined) response.TableName = tableName;
  return response;
}
