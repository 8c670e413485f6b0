/**
 * ExecuteTransaction: up to 100 statements, all reads (SELECTs of one item by its full key) or all
 * writes (INSERT, UPDATE, DELETE and `EXISTS(SELECT …)` condition checks), all-or-nothing like
 * TransactGetItems and TransactWriteItems: charged double, cancelled with one reason per statement,
 * and idempotent under a ClientRequestToken.
 *
 * A statement the translator rejects fails the call as "Validation failed in
 * TransactStatements[<i>]: <message>" (AWS, as recorded by dynamodb-conformance); a key missing
 * from an INSERT or of the wrong type cancels the transaction with a ValidationError reason, and a
 * write that does not name a whole key cancels it with no reasons (DynamoDB Local's
 * TransactionProcessor, unverified against AWS).
 */
import { createHash } from "node:crypto";
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { CapacityTotals, emptyCharge, readUnits } from "../capacity.ts";
import {
  DynamoDbError,
  IdempotentParameterMismatchException,
  ResourceNotFoundException,
  TransactionCanceledException,
  ValidationException,
} from "../errors.ts";
import { encodeItem } from "../item-json.ts";
import type { DataPlane } from "../operations/context.ts";
import { writeCharge } from "../operations/item-writes.ts";
import type { TransactionTokens } from "../operations/transactions.ts";
import type { Table } from "../table-definition.ts";
import { encodeSortableKey, type Item } from "../values/index.ts";
import type { ParsedStatement } from "./ast.ts";
import { MESSAGES } from "./messages.ts";
import { checkParameterCount, readParameters } from "./parameters.ts";
import { parseStatement } from "./parse.ts";
import { classify, existsSelect, type GetPlan, type WritePlan } from "./plan.ts";
import { planGet } from "./plan-read.ts";
import { planExistsCheck, planWrite } from "./plan-write.ts";
import { applySelectList } from "./projection.ts";

const OPERATION = "ExecuteTransaction";
/** Translator messages that cancel the transaction instead of failing validation. */
const CANCELLING_PREFIXES = [
  "Key attribute should be present in the item:",
  "Key attribute's data type should match its data type in table's schema:",
];

export function executeTransaction(
  plane: DataPlane,
  tokens: TransactionTokens,
  input: Ddb.ExecuteTransactionInput,
  context: RequestContext,
): Record<string, unknown> {
  const requests = input.TransactStatements ?? [];
  const token = input.ClientRequestToken;
  const requestHash = createHash("sha256")
    .update(`${OPERATION}:${JSON.stringify(requests)}`)
    .digest("hex");
  if (token) {
    const previous = tokens.lookup(token);
    if (previous) {
      if (previous.requestHash !== requestHash) throw new IdempotentParameterMismatchException();
      return replay(previous.response, input.ReturnConsumedCapacity);
    }
  }

  const parsed = requests.map((request, i) => {
    try {
      return parseStatement(request.Statement!);
    } catch (error) {
      throw wrapped(i, error);
    }
  });
  const reads = classifyAll(parsed);
  const parameters = requests.map((request) => readParameters(request.Parameters));
  const plans = parsed.map(({ statement, parameterCount }, i) => {
    try {
      checkParameterCount(parameterCount, parameters[i]!.length);
      const env = { plane, context, parameters: parameters[i]! };
      if (statement.kind === "select") return planGet(statement, env, "transaction");
      const check = statement.kind === "expression" ? existsSelect(statement.expr) : undefined;
      const plan = check ? planExistsCheck(check, env) : planWrite(statement, env);
      if (plan.returning) throw new ValidationException(MESSAGES.transactionReturning);
      return plan;
    } catch (error) {
      throw translationError(i, requests.length, error);
    }
  });
  const seen = new Set<string>();
  for (const plan of plans) {
    const id = itemFingerprint(plan.table, plan.key);
    if (seen.has(id))
      throw new ValidationException("Transaction request cannot include multiple operations on one item");
    seen.add(id);
  }

  const totals = new CapacityTotals();
  const response = reads
    ? readAll(plane, plans as GetPlan[], totals)
    : writeAll(plane, plans as WritePlan[], requests, totals);
  const out: Record<string, unknown> = { ...response };
  const consumed = totals.report(input.ReturnConsumedCapacity, { split: true });
  if (consumed) out.ConsumedCapacity = consumed;
  if (token) {
    // The replay of a stored result is charged as a transactional read of it (AWS, as recorded by
    // dynamodb-conformance).
    const replayCapacity = totals.report("TOTAL", { split: true }) ?? [];
    tokens.remember(token, requestHash, { response, replayCapacity });
  }
  return out;
}

/** Whether the transaction reads; throws when it mixes reads and writes or holds another statement. */
function classifyAll(parsed: readonly ParsedStatement[]): boolean {
  let reads: boolean | undefined;
  for (const { statement } of parsed) {
    const kind = classify(statement);
    if (kind === "other") throw new ValidationException(MESSAGES.transactionUnsupported);
    const read = kind === "read";
    if (reads !== undefined && read !== reads) throw new ValidationException(MESSAGES.transactionMixed);
    reads = read;
  }
  return reads ?? false;
}

function readAll(
  plane: DataPlane,
  plans: readonly GetPlan[],
  totals: CapacityTotals,
): Record<string, unknown> {
  const Responses = plans.map(({ table, key, select }) => {
    const stored = plane.items.get(table, key);
    const charge = { ...emptyCharge("read"), table: readUnits(stored?.size ?? 0, "transactional") };
    plane.capacity.consume(table, charge, OPERATION);
    totals.add(table, charge);
    return stored ? { Item: encodeItem(applySelectList(stored.item, select)) } : {};
  });
  return { Responses };
}

function writeAll(
  plane: DataPlane,
  plans: readonly WritePlan[],
  requests: readonly Ddb.ParameterizedStatement[],
  totals: CapacityTotals,
): Record<string, unknown> {
  return plane.items.transaction(() => {
    const outcomes = plans.map((plan) => {
      const current = plane.items.get(plan.table, plan.key)?.item;
      const holds = plan.holds(current);
      const next = holds && plan.compute ? plan.compute(current) : current;
      return { plan, current, holds, next };
    });
    for (const { plan, current, next } of outcomes) {
      const charge = plan.compute
        ? writeCharge(plan.table, current, next, true)
        : { ...emptyCharge("write"), table: 2 };
      plane.capacity.consume(plan.table, charge, OPERATION);
      totals.add(plan.table, charge);
    }
    if (outcomes.some((outcome) => !outcome.holds)) {
      throw new TransactionCanceledException(
        outcomes.map(({ plan, current, holds }, i) => {
          if (holds) return { Code: "None" };
          if (plan.failure === "DuplicateItem")
            return { Code: "DuplicateItem", Message: MESSAGES.duplicateItem };
          const returnOld = requests[i]?.ReturnValuesOnConditionCheckFailure === "ALL_OLD";
          return {
            Code: "ConditionalCheckFailed",
            Message: "The conditional request failed",
            ...(returnOld && current ? { Item: encodeItem(current) } : {}),
          };
        }),
      );
    }
    for (const { plan, next } of outcomes) if (plan.compute) plane.items.write(plan.table, plan.key, next);
    return {};
  });
}

function replay(stored: Record<string, unknown>, mode: string | undefined): Record<string, unknown> {
  const { response, replayCapacity } = stored as {
    response: Record<string, unknown>;
    replayCapacity: Array<{ TableName: string; CapacityUnits: number }>;
  };
  const out: Record<string, unknown> = { ...response };
  if (mode === "TOTAL" || mode === "INDEXES") {
    out.ConsumedCapacity = replayCapacity.map(({ TableName, CapacityUnits }) => ({
      TableName,
      CapacityUnits,
      ReadCapacityUnits: CapacityUnits,
      ...(mode === "INDEXES" ? { Table: { CapacityUnits, ReadCapacityUnits: CapacityUnits } } : {}),
    }));
  }
  return out;
}

const wrapped = (index: number, error: unknown): unknown =>
  error instanceof ValidationException
    ? new ValidationException(`Validation failed in TransactStatements[${index}]: ${error.message}`)
    : error;

function translationError(index: number, count: number, error: unknown): unknown {
  if (error instanceof ResourceNotFoundException || !(error instanceof ValidationException)) return error;
  const message = error.message;
  if (message === MESSAGES.incompleteKey || message.startsWith("Multiple conditions on same key")) {
    return new DynamoDbError("TransactionCanceledException", `ValidationError ${message}`);
  }
  if (CANCELLING_PREFIXES.some((prefix) => message.startsWith(prefix))) {
    return new TransactionCanceledException(
      Array.from({ length: count }, (_, i) =>
        i === index ? { Code: "ValidationError", Message: message } : { Code: "None" },
      ),
    );
  }
  return wrapped(index, error);
}

function itemFingerprint(table: Table, key: Item): string {
  const { hashKey, rangeKey } = table.definition.key;
  const part = (name: string | undefined) =>
    name && key[name] ? encodeSortableKey(key[name] as never).toString("hex") : "";
  return `${table.id}/${part(hashKey)}/${part(rangeKey)}`;
}
