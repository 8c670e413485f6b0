/** GetItem, PutItem, UpdateItem and DeleteItem. */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { ValidationException } from "../errors.ts";
import { applyUpdate, evaluateCondition, type ParsedCondition, project } from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import { checkItem, checkKey } from "../key-validation.ts";
import type { Table } from "../table-definition.ts";
import { type Item, validateItemAttributes } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { performWrite } from "./item-writes.ts";
import { compileExpressions, type ExpressionRequest } from "./request-expressions.ts";

type Handler = (input: never, context: RequestContext) => unknown;

export function checkReturnValues(value: string | undefined, allowed: string[], operation: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new ValidationException(
      operation === "UpdateItem"
        ? "Return values set to invalid value"
        : `ReturnValues can only be ${allowed.join(" or ")}`,
    );
  }
}

/** Input items and keys pass DynamoDB's attribute-value rules (numbers normalised on the way). */
export const readItem = (value: unknown): Item => validateItemAttributes((value ?? {}) as never);

export const withoutUndefined = <T extends Record<string, unknown>>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

export const conditionCheck = (parsed: ParsedCondition | undefined) =>
  parsed ? (current: Item | undefined) => evaluateCondition(parsed, current) : undefined;

/** AWS: an update may not touch a key attribute ("This attribute is part of the key"). */
export function forbidKeyUpdates(table: Table, paths: readonly (readonly (string | number)[])[]): void {
  const { hashKey, rangeKey } = table.definition.key;
  for (const path of paths) {
    const top = path[0];
    if (top === hashKey || top === rangeKey) {
      throw new ValidationException(
        `One or more parameter values were invalid: Cannot update attribute ${String(top)}. This attribute is part of the key`,
      );
    }
  }
}

export function singleItemOperations(plane: DataPlane): Record<string, Handler> {
  return {
    GetItem(input: Ddb.GetItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      const key = readItem(input.Key);
      const { projection } = compileExpressions(input as ExpressionRequest, ["projection"]);
      checkKey(table, key);
      const stored = plane.items.get(table, key);
      const charge = {
        ...emptyCharge("read"),
        table: readUnits(stored?.size ?? 0, input.ConsistentRead ? "strong" : "eventual"),
      };
      plane.capacity.consume(table, charge, "GetItem");
      const item = stored && projection ? project(stored.item, projection) : stored?.item;
      return withoutUndefined({
        Item: item ? encodeItem(item) : undefined,
        ConsumedCapacity: consumedCapacity(table, charge, input.ReturnConsumedCapacity),
      });
    },

    PutItem(input: Ddb.PutItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      checkReturnValues(input.ReturnValues, ["NONE", "ALL_OLD"], "PutItem");
      const item = readItem(input.Item);
      const { condition } = compileExpressions(input as ExpressionRequest, ["condition"]);
      checkItem(table, item);
      const key = keyAttributes(item, table.definition.key);
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "PutItem",
          condition: conditionCheck(condition),
          compute: () => item,
          returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
        }),
      );
      return withoutUndefined({
        Attributes:
          input.ReturnValues === "ALL_OLD" && outcome.before ? encodeItem(outcome.before) : undefined,
        ConsumedCapacity: consumedCapacity(table, outcome.charge, input.ReturnConsumedCapacity),
      });
    },

    UpdateItem(input: Ddb.UpdateItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      checkReturnValues(
        input.ReturnValues,
        ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
        "UpdateItem",
      );
      const key = readItem(input.Key);
      const { update, condition } = compileExpressions(input as ExpressionRequest, ["update", "condition"]);
      checkKey(table, key);
      if (update) forbidKeyUpdates(table, update.paths);
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "UpdateItem",
          condition: conditionCheck(condition),
          compute: (current) => {
            // AWS: UpdateItem creates the item when it does not exist, starting from its key.
            const next = update ? applyUpdate(update, current ?? { ...key }) : (current ?? { ...key });
            checkItem(table, next);
            return next;
          },
          returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
        }),
      );
      let attributes: Item | undefined;
      const updated = (item: Item | undefined) =>
        item && update ? project(item, { paths: update.paths }) : undefined;
      switch (input.ReturnValues) {
        case "ALL_OLD":
          attributes = outcome.before;
          break;
        case "ALL_NEW":
          attributes = outcome.after;
          break;
        case "UPDATED_OLD":
          attributes = updated(outcome.before);
          break;
        case "UPDATED_NEW":
          attributes = updated(outcome.after);
          break;
      }
      return withoutUndefined({
        Attributes: attributes && Object.keys(attributes).length > 0 ? encodeItem(attributes) : undefined,
        ConsumedCapacity: consumedCapacity(table, outcome.charge, input.ReturnConsumedCapacity),
      });
    },

    DeleteItem(input: Ddb.DeleteItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      checkReturnValues(input.ReturnValues, ["NONE", "ALL_OLD"], "DeleteItem");
      const key = readItem(input.Key);
      const { condition } = compileExpressions(input as ExpressionRequest, ["condition"]);
      checkKey(table, key);
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "DeleteItem",
          condition: conditionCheck(condition),
          compute: () => undefined,
          returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
        }),
      );
      return withoutUndefined({
        Attributes:
          input.ReturnValues === "ALL_OLD" && outcome.before ? encodeItem(outcome.before) : undefined,
        ConsumedCapacity: consumedCapacity(table, outcome.charge, input.ReturnConsumedCapacity),
      });
    },
  };
}
