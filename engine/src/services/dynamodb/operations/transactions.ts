/**
 * TransactGetItems and TransactWriteItems: all-or-nothing, charged double, with cancellation
 * reasons in request order (`None` for the actions that were fine) and ClientRequestToken
 * idempotency for ten minutes (AWS: same token and same request → the same result, no second
 * write, and ConsumedCapacity then reports the reads; same token, different request →
 * IdempotentParameterMismatchException).
 *
 * What AWS checks up front, failing the whole request with a ValidationException: each action's
 * own parameters (values, expressions, item size), the tables, empty key values, and two actions
 * on one item. What it reports per action, as a cancellation reason: a key of the wrong type
 * (`ValidationError`), a failed condition (`ConditionalCheckFailed`), an update that cannot apply.
 */

import { createHash } from "node:crypto";
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import type { Clock } from "../../../shared/clock.ts";
import type { Db } from "../../../storage/database.ts";
import { CapacityTotals, emptyCharge, isThrottle, readUnits, writeUnits } from "../capacity.ts";
import { MAX_TRANSACT_ACTIONS, TRANSACTION_TOKEN_TTL_MS } from "../constants.ts";
import {
  IdempotentParameterMismatchException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
  ValidationException,
} from "../errors.ts";
import {
  type ParsedCondition,
  type ParsedProjection,
  type ParsedUpdate,
  project,
} from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import {
  checkItem,
  checkItemSize,
  checkKey,
  checkKeyValuesNotEmpty,
  EmptyKeyValueException,
} from "../key-validation.ts";
import type { Table } from "../table-definition.ts";
import { encodeSortableKey, type Item, itemSize } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { writeCharge } from "./item-writes.ts";
import { compileExpressions, type ExpressionRequest } from "./request-expressions.ts";
import { conditionCheck, forbidKeyUpdates, readItem, updatedItem } from "./single-item.ts";

type Handler = (input: never, context: RequestContext) => unknown;

type CancellationReason = { Code: string; Message?: string; Item?: Record<string, unknown> };

/** One action after the request-level checks: what it targets and what it does. */
interface ParsedAction {
  tableName: string;
  kind: "Put" | "Update" | "Delete" | "ConditionCheck";
  /** The Put's item, or the Key of the others. */
  item: Item;
  condition?: ParsedCondition;
  update?: ParsedUpdate;
  returnOld: boolean;
}

interface PlannedAction extends ParsedAction {
  table: Table;
  key: Item;
}

function parseAction(action: Ddb.TransactWriteItem): ParsedAction {
  const returnOld = (x: { ReturnValuesOnConditionCheckFailure?: string }) =>
    x.ReturnValuesOnConditionCheckFailure === "ALL_OLD";
  if (action.Put) {
    const put = action.Put;
    const item = readItem(put.Item);
    checkItemSize(item);
    const { condition } = compileExpressions(put as ExpressionRequest, ["condition"]);
    return { tableName: put.TableName!, kind: "Put", item, condition, returnOld: returnOld(put) };
  }
  if (action.Update) {
    const update = action.Update;
    const key = readItem(update.Key);
    const compiled = compileExpressions(update as ExpressionRequest, ["update", "condition"]);
    return {
      tableName: update.TableName!,
      kind: "Update",
      item: key,
      condition: compiled.condition,
      update: compiled.update,
      returnOld: returnOld(update),
    };
  }
  const other = action.Delete ?? action.ConditionCheck;
  if (!other) {
    throw new ValidationException(
      "Invalid Request: TransactWriteRequest should contain Delete or Put or Update request",
    );
  }
  const key = readItem(other.Key);
  const { condition } = compileExpressions(other as ExpressionRequest, ["condition"]);
  return {
    tableName: other.TableName!,
    kind: action.Delete ? "Delete" : "ConditionCheck",
    item: key,
    condition,
    returnOld: returnOld(other),
  };
}

function fingerprint(table: Table, key: Item): string {
  const { hashKey, rangeKey } = table.definition.key;
  const part = (name: string | undefined) => {
    const value = name ? key[name] : undefined;
    return value && ("S" in value || "N" in value || "B" in value)
      ? encodeSortableKey(value as never).toString("hex")
      : "";
  };
  return `${table.id}/${part(hashKey)}/${part(rangeKey)}`;
}

function checkDistinctItems(plans: readonly { table: Table; key: Item }[]): void {
  const seen = new Set<string>();
  for (const plan of plans) {
    const id = fingerprint(plan.table, plan.key);
    if (seen.has(id))
      throw new ValidationException("Transaction request cannot include multiple operations on one item");
    seen.add(id);
  }
}

/** The action's key checked against its table: a mismatch is this action's ValidationError. */
function keyProblem(plan: PlannedAction): string | undefined {
  try {
    if (plan.kind === "Put") checkItem(plan.table, plan.item);
    else {
      checkKey(plan.table, plan.item);
      if (plan.update) forbidKeyUpdates(plan.table, plan.update.paths);
    }
    return undefined;
  } catch (error) {
    if (error instanceof ValidationException && !(error instanceof EmptyKeyValueException))
      return error.message;
    throw error;
  }
}

const THROTTLED_MESSAGES: Record<string, string> = {
  ProvisionedThroughputExceeded:
    "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
  ThrottlingError: "Throughput exceeds the current capacity of your table or index.",
};

export function transactionOperations(plane: DataPlane, tokens: TransactionTokens): Record<string, Handler> {
  /** Evaluates every action against the current items; cancels with a reason per action. */
  function execute(plans: PlannedAction[], mode: string | undefined): Record<string, unknown> {
    const totals = new CapacityTotals();
    const reasons: CancellationReason[] = [];
    const writes: Array<{ plan: PlannedAction; next: Item | undefined }> = [];
    for (const plan of plans) {
      const problem = keyProblem(plan);
      if (problem) {
        reasons.push({ Code: "ValidationError", Message: problem });
        continue;
      }
      const current = plane.items.get(plan.table, plan.key)?.item;
      if (plan.condition && !conditionCheck(plan.condition)!(current)) {
        reasons.push({
          Code: "ConditionalCheckFailed",
          Message: "The conditional request failed",
          ...(plan.returnOld && current ? { Item: encodeItem(current) } : {}),
        });
        continue;
      }
      let next: Item | undefined;
      try {
        if (plan.kind === "Put") next = plan.item;
        else if (plan.kind === "Update") next = updatedItem(plan.table, plan.key, current, plan.update);
        else if (plan.kind === "Delete") next = undefined;
        else next = current;
      } catch (error) {
        if (!(error instanceof ValidationException) || error instanceof EmptyKeyValueException) throw error;
        reasons.push({ Code: "ValidationError", Message: error.message });
        continue;
      }
      // A ConditionCheck is charged as a transactional write of the item it read.
      const charge =
        plan.kind === "ConditionCheck"
          ? { ...emptyCharge("write"), table: writeUnits(current ? itemSize(current) : 0, true) }
          : writeCharge(plan.table, current, next, true);
      totals.add(plan.table, charge);
      reasons.push({ Code: "None" });
      if (plan.kind !== "ConditionCheck") writes.push({ plan, next });
    }
    // Each table is charged once for all of its actions. AWS reports a transaction it cannot
    // serve for lack of capacity as cancelled, naming the throttled actions.
    const throttled = new Map<Table, string>();
    for (const [table, charge] of totals.entries()) {
      try {
        plane.capacity.consume(table, charge, "TransactWriteItems");
      } catch (error) {
        if (!isThrottle(error)) throw error;
        throttled.set(
          table,
          error instanceof ProvisionedThroughputExceededException
            ? "ProvisionedThroughputExceeded"
            : "ThrottlingError",
        );
      }
    }
    if (reasons.some((reason) => reason.Code !== "None")) throw new TransactionCanceledException(reasons);
    if (throttled.size > 0) {
      throw new TransactionCanceledException(
        plans.map((plan) => {
          const code = throttled.get(plan.table);
          return code ? { Code: code, Message: THROTTLED_MESSAGES[code] } : { Code: "None" };
        }),
      );
    }
    for (const { plan, next } of writes) plane.items.write(plan.table, plan.key, next);
    const result: Record<string, unknown> = {};
    const consumed = totals.report(mode, { split: true });
    if (consumed) result.ConsumedCapacity = consumed;
    return result;
  }

  /** AWS: a replayed token reports the reads of the items, not the writes it skipped. */
  function replayCapacity(plans: PlannedAction[], mode: string | undefined): Record<string, unknown> {
    const totals = new CapacityTotals();
    for (const plan of plans) {
      const stored = plane.items.get(plan.table, plan.key);
      totals.add(plan.table, { ...emptyCharge("read"), table: readUnits(stored?.size ?? 0, "strong") });
    }
    const consumed = totals.report(mode, { split: true });
    return consumed ? { ConsumedCapacity: consumed } : {};
  }

  return {
    TransactGetItems(input: Ddb.TransactGetItemsInput, ctx) {
      const actions = input.TransactItems ?? [];
      if (actions.length > MAX_TRANSACT_ACTIONS) {
        throw new ValidationException(
          `Member must have length less than or equal to ${MAX_TRANSACT_ACTIONS}`,
        );
      }
      const parsed = actions.map((action) => {
        const get = action.Get!;
        const key = readItem(get.Key);
        const { projection } = compileExpressions(get as ExpressionRequest, ["projection"]);
        return { tableName: get.TableName!, key, projection };
      });
      const plans: Array<{ table: Table; key: Item; projection?: ParsedProjection }> = parsed.map((get) => {
        const table = plane.tables.forDataPlane(get.tableName, ctx);
        checkKey(table, get.key);
        return { table, key: get.key, projection: get.projection };
      });
      checkDistinctItems(plans);
      const totals = new CapacityTotals();
      const Responses = plans.map(({ table, key, projection }) => {
        const stored = plane.items.get(table, key);
        const charge = { ...emptyCharge("read"), table: readUnits(stored?.size ?? 0, "transactional") };
        plane.capacity.consume(table, charge, "TransactGetItems");
        totals.add(table, charge);
        if (!stored) return {};
        return { Item: encodeItem(projection ? project(stored.item, projection) : stored.item) };
      });
      const result: Record<string, unknown> = { Responses };
      const consumed = totals.report(input.ReturnConsumedCapacity, { split: true });
      if (consumed) result.ConsumedCapacity = consumed;
      return result;
    },

    TransactWriteItems(input: Ddb.TransactWriteItemsInput, ctx) {
      const actions = input.TransactItems ?? [];
      const parsed = actions.map(parseAction);
      const plans: PlannedAction[] = parsed.map((action) => {
        const table = plane.tables.forDataPlane(action.tableName, ctx);
        checkKeyValuesNotEmpty(table, action.item);
        const key = action.kind === "Put" ? keyAttributes(action.item, table.definition.key) : action.item;
        return { ...action, table, key };
      });
      checkDistinctItems(plans);
      const token = input.ClientRequestToken;
      const requestHash = createHash("sha256").update(JSON.stringify(actions)).digest("hex");
      if (token) {
        const previous = tokens.lookup(token);
        if (previous) {
          if (previous.requestHash !== requestHash) throw new IdempotentParameterMismatchException();
          return replayCapacity(plans, input.ReturnConsumedCapacity);
        }
      }
      const response = plane.items.transaction(() => execute(plans, input.ReturnConsumedCapacity));
      if (token) tokens.remember(token, requestHash, response);
      return response;
    },
  };
}

/** ClientRequestToken memory (10 minutes), in SQLite so a retry after a restart still matches. */
export interface TransactionTokens {
  lookup(token: string): { requestHash: string; response: Record<string, unknown> } | undefined;
  remember(token: string, requestHash: string, response: Record<string, unknown>): void;
}

export function sqliteTransactionTokens(db: Db, clock: Clock): TransactionTokens {
  const find = db.prepare(
    "SELECT request_hash, response FROM ddb_transaction_tokens WHERE token = ? AND expires_at > ?",
  );
  const put = db.prepare(
    "INSERT OR REPLACE INTO ddb_transaction_tokens (token, request_hash, response, expires_at) VALUES (?, ?, ?, ?)",
  );
  const sweep = db.prepare("DELETE FROM ddb_transaction_tokens WHERE expires_at <= ?");
  return {
    lookup(token) {
      const row = find.get(token, clock.now()) as { request_hash: string; response: string } | undefined;
      return row
        ? { requestHash: row.request_hash, response: JSON.parse(row.response) as Record<string, unknown> }
        : undefined;
    },
    remember(token, requestHash, response) {
      sweep.run(clock.now());
      put.run(token, requestHash, JSON.stringify(response), clock.now() + TRANSACTION_TOKEN_TTL_MS);
    },
  };
}
