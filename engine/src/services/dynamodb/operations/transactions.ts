/**
 * TransactGetItems and TransactWriteItems: all-or-nothing, charged double, with cancellation
 * reasons in request order (`None` for the actions that were fine) and ClientRequestToken
 * idempotency for ten minutes (AWS: same token and same request → the same result, no second
 * write; same token, different request → IdempotentParameterMismatchException).
 */

import { createHash } from "node:crypto";
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { type Charge, consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { MAX_TRANSACT_ACTIONS, TRANSACTION_TOKEN_TTL_MS } from "../constants.ts";
import {
  IdempotentParameterMismatchException,
  TransactionCanceledException,
  ValidationException,
} from "../errors.ts";
import { applyUpdate, project } from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import { checkItem, checkKey } from "../key-validation.ts";
import type { Table } from "../table-definition.ts";
import { encodeSortableKey, type Item } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { writeCharge } from "./item-writes.ts";
import { compileExpressions, type ExpressionRequest } from "./request-expressions.ts";
import { conditionCheck, forbidKeyUpdates, readItem } from "./single-item.ts";

type Handler = (input: never, context: RequestContext) => unknown;

interface PlannedAction {
  table: Table;
  key: Item;
  condition?: (current: Item | undefined) => boolean;
  /** Undefined for a ConditionCheck (no write). */
  compute?: (current: Item | undefined) => Item | undefined;
  returnOld: boolean;
}

function planWrite(plane: DataPlane, action: Ddb.TransactWriteItem, ctx: RequestContext): PlannedAction {
  const returnOld = (x: { ReturnValuesOnConditionCheckFailure?: string }) =>
    x.ReturnValuesOnConditionCheckFailure === "ALL_OLD";
  if (action.Put) {
    const put = action.Put;
    const table = plane.tables.forDataPlane(put.TableName!, ctx);
    const item = readItem(put.Item);
    const { condition } = compileExpressions(put as ExpressionRequest, ["condition"]);
    checkItem(table, item);
    return {
      table,
      key: keyAttributes(item, table.definition.key),
      condition: conditionCheck(condition),
      compute: () => item,
      returnOld: returnOld(put),
    };
  }
  if (action.Delete) {
    const del = action.Delete;
    const table = plane.tables.forDataPlane(del.TableName!, ctx);
    const key = readItem(del.Key);
    const { condition } = compileExpressions(del as ExpressionRequest, ["condition"]);
    checkKey(table, key);
    return {
      table,
      key,
      condition: conditionCheck(condition),
      compute: () => undefined,
      returnOld: returnOld(del),
    };
  }
  if (action.Update) {
    const update = action.Update;
    const table = plane.tables.forDataPlane(update.TableName!, ctx);
    const key = readItem(update.Key);
    const compiled = compileExpressions(update as ExpressionRequest, ["update", "condition"]);
    checkKey(table, key);
    const parsed = compiled.update;
    if (parsed) forbidKeyUpdates(table, parsed.paths);
    return {
      table,
      key,
      condition: conditionCheck(compiled.condition),
      compute: (current) => {
        const next = parsed ? applyUpdate(parsed, current ?? { ...key }) : (current ?? { ...key });
        checkItem(table, next);
        return next;
      },
      returnOld: returnOld(update),
    };
  }
  if (action.ConditionCheck) {
    const check = action.ConditionCheck;
    const table = plane.tables.forDataPlane(check.TableName!, ctx);
    const key = readItem(check.Key);
    const { condition } = compileExpressions(check as ExpressionRequest, ["condition"]);
    checkKey(table, key);
    return { table, key, condition: conditionCheck(condition), returnOld: returnOld(check) };
  }
  throw new ValidationException("TransactItems can only contain one of Check, Put, Update or Delete");
}

function fingerprint(table: Table, key: Item): string {
  const { hashKey, rangeKey } = table.definition.key;
  const part = (name: string | undefined) =>
    name && key[name] ? encodeSortableKey(key[name] as never).toString("hex") : "";
  return `${table.id}/${part(hashKey)}/${part(rangeKey)}`;
}

export function transactionOperations(plane: DataPlane, tokens: TransactionTokens): Record<string, Handler> {
  return {
    TransactGetItems(input: Ddb.TransactGetItemsInput, ctx) {
      const actions = input.TransactItems ?? [];
      if (actions.length > MAX_TRANSACT_ACTIONS) {
        throw new ValidationException(
          `Member must have length less than or equal to ${MAX_TRANSACT_ACTIONS}`,
        );
      }
      const plans = actions.map((action) => {
        const get = action.Get!;
        const table = plane.tables.forDataPlane(get.TableName!, ctx);
        const key = readItem(get.Key);
        const { projection } = compileExpressions(get as ExpressionRequest, ["projection"]);
        checkKey(table, key);
        return { table, key, projection };
      });
      const seen = new Set<string>();
      for (const plan of plans) {
        const id = fingerprint(plan.table, plan.key);
        if (seen.has(id))
          throw new ValidationException("Transaction request cannot include multiple operations on one item");
        seen.add(id);
      }
      const totals = new Map<Table, Charge>();
      const Responses = plans.map(({ table, key, projection }) => {
        const stored = plane.items.get(table, key);
        const charge = { ...emptyCharge("read"), table: readUnits(stored?.size ?? 0, "transactional") };
        plane.capacity.consume(table, charge, "TransactGetItems");
        const total = totals.get(table) ?? emptyCharge("read");
        total.table += charge.table;
        totals.set(table, total);
        if (!stored) return {};
        return { Item: encodeItem(projection ? project(stored.item, projection) : stored.item) };
      });
      const result: Record<string, unknown> = { Responses };
      if (input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES") {
        result.ConsumedCapacity = [...totals.entries()].map(([t, c]) =>
          consumedCapacity(t, c, input.ReturnConsumedCapacity),
        );
      }
      return result;
    },

    TransactWriteItems(input: Ddb.TransactWriteItemsInput, ctx) {
      const actions = input.TransactItems ?? [];
      const token = input.ClientRequestToken;
      const requestHash = createHash("sha256").update(JSON.stringify(actions)).digest("hex");
      if (token) {
        const previous = tokens.lookup(token);
        if (previous) {
          if (previous.requestHash !== requestHash) throw new IdempotentParameterMismatchException();
          return previous.response;
        }
      }
      const plans = actions.map((action) => planWrite(plane, action, ctx));
      const seen = new Set<string>();
      for (const plan of plans) {
        const id = fingerprint(plan.table, plan.key);
        if (seen.has(id))
          throw new ValidationException("Transaction request cannot include multiple operations on one item");
        seen.add(id);
      }
      const response = plane.items.transaction(() => {
        const totals = new Map<Table, Charge>();
        const outcomes = plans.map((plan) => {
          const current = plane.items.get(plan.table, plan.key)?.item;
          const holds = plan.condition ? plan.condition(current) : true;
          const next = holds && plan.compute ? plan.compute(current) : current;
          return { plan, current, holds, next };
        });
        for (const { plan, current, next } of outcomes) {
          const charge = plan.compute
            ? writeCharge(plan.table, current, next, true)
            : { ...emptyCharge("write"), table: 2 };
          plane.capacity.consume(plan.table, charge, "TransactWriteItems");
          const total = totals.get(plan.table) ?? emptyCharge("write");
          total.table += charge.table;
          totals.set(plan.table, total);
        }
        if (outcomes.some((o) => !o.holds)) {
          throw new TransactionCanceledException(
            outcomes.map(({ plan, current, holds }) =>
              holds
                ? { Code: "None" }
                : {
                    Code: "ConditionalCheckFailed",
                    Message: "The conditional request failed",
                    ...(plan.returnOld && current ? { Item: encodeItem(current) } : {}),
                  },
            ),
          );
        }
        for (const { plan, next } of outcomes)
          if (plan.compute) plane.items.write(plan.table, plan.key, next);
        const result: Record<string, unknown> = {};
        if (input.ReturnConsumedCapacity === "TOTAL" || input.ReturnConsumedCapacity === "INDEXES") {
          result.ConsumedCapacity = [...totals.entries()].map(([t, c]) =>
            consumedCapacity(t, c, input.ReturnConsumedCapacity),
          );
        }
        return result;
      });
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

export function sqliteTransactionTokens(
  db: import("../../../storage/database.ts").Db,
  clock: import("../../../shared/clock.ts").Clock,
): TransactionTokens {
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
