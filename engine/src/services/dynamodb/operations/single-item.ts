/** GetItem, PutItem, UpdateItem and DeleteItem. */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { ValidationException } from "../errors.ts";
import {
  applyUpdate,
  ExpressionUsage,
  evaluateCondition,
  parseCondition,
  parseProjection,
  parseUpdate,
  project,
} from "../expression-api.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import { checkItem, checkKey } from "../key-validation.ts";
import type { Item } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { changedAttributes, performWrite } from "./item-writes.ts";

type Handler = (input: never, context: RequestContext) => unknown;

/** AWS rejects mixing expression and legacy parameters in one request. */
export function forbidMixing(request: object, legacy: string[], expressions: string[]): void {
  const input = request as Record<string, unknown>;
  const usedLegacy = legacy.filter((k) => input[k] !== undefined);
  const usedExpressions = expressions.filter((k) => input[k] !== undefined);
  if (usedLegacy.length > 0 && usedExpressions.length > 0) {
    throw new ValidationException(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${usedLegacy.join(", ")}} Expression parameters: {${usedExpressions.join(", ")}}`,
    );
  }
}

export function checkReturnValues(value: string | undefined, allowed: string[], operation: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new ValidationException(
      operation === "UpdateItem"
        ? "Return values set to invalid value"
        : `ReturnValues can only be ${allowed.join(" or ")}`,
    );
  }
}

const withoutUndefined = <T extends Record<string, unknown>>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

export function singleItemOperations(plane: DataPlane): Record<string, Handler> {
  return {
    GetItem(input: Ddb.GetItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      forbidMixing(input, ["AttributesToGet"], ["ProjectionExpression"]);
      const key = input.Key as Item;
      checkKey(table, key);
      const usage = new ExpressionUsage(input.ExpressionAttributeNames, undefined);
      const projection = input.ProjectionExpression
        ? parseProjection(input.ProjectionExpression, usage)
        : undefined;
      usage.assertAllUsed();
      const stored = plane.items.get(table, key);
      const charge = {
        ...emptyCharge("read"),
        table: readUnits(stored?.size ?? 0, input.ConsistentRead ? "strong" : "eventual"),
      };
      plane.capacity.consume(table, charge, "GetItem");
      let item = stored?.item;
      if (item && input.AttributesToGet) item = pick(item, input.AttributesToGet);
      if (item && projection) item = project(item, projection);
      return withoutUndefined({
        Item: item ? encodeItem(item) : undefined,
        ConsumedCapacity: consumedCapacity(table, charge, input.ReturnConsumedCapacity),
      });
    },

    PutItem(input: Ddb.PutItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      forbidMixing(input, ["Expected", "ConditionalOperator"], ["ConditionExpression"]);
      checkReturnValues(input.ReturnValues, ["NONE", "ALL_OLD"], "PutItem");
      const item = input.Item as Item;
      checkItem(table, item);
      const usage = new ExpressionUsage(
        input.ExpressionAttributeNames,
        input.ExpressionAttributeValues as never,
      );
      const condition = input.ConditionExpression
        ? parseCondition(input.ConditionExpression, usage, "ConditionExpression")
        : undefined;
      usage.assertAllUsed();
      const key = keyAttributes(item, table.definition.key);
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "PutItem",
          condition: condition ? (current) => evaluateCondition(condition, current) : undefined,
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
      forbidMixing(input, ["Expected", "ConditionalOperator"], ["ConditionExpression"]);
      forbidMixing(input, ["AttributeUpdates"], ["UpdateExpression"]);
      checkReturnValues(
        input.ReturnValues,
        ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
        "UpdateItem",
      );
      const key = input.Key as Item;
      checkKey(table, key);
      const usage = new ExpressionUsage(
        input.ExpressionAttributeNames,
        input.ExpressionAttributeValues as never,
      );
      const update = input.UpdateExpression ? parseUpdate(input.UpdateExpression, usage) : undefined;
      const condition = input.ConditionExpression
        ? parseCondition(input.ConditionExpression, usage, "ConditionExpression")
        : undefined;
      usage.assertAllUsed();
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "UpdateItem",
          condition: condition ? (current) => evaluateCondition(condition, current) : undefined,
          compute: (current) => {
            // AWS: UpdateItem creates the item when it does not exist, starting from its key.
            const base: Item = current ?? { ...key };
            const next = update ? applyUpdate(update, base) : base;
            for (const [name, value] of Object.entries(key)) {
              const after = next[name];
              if (!after || JSON.stringify(after) !== JSON.stringify(value)) {
                throw new ValidationException(
                  `One or more parameter values were invalid: Cannot update attribute ${name}. This attribute is part of the key`,
                );
              }
            }
            checkItem(table, next);
            return next;
          },
          returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
        }),
      );
      let attributes: Item | undefined;
      switch (input.ReturnValues) {
        case "ALL_OLD":
          attributes = outcome.before;
          break;
        case "ALL_NEW":
          attributes = outcome.after;
          break;
        case "UPDATED_OLD":
          attributes = changedAttributes(outcome.before, outcome.after);
          break;
        case "UPDATED_NEW":
          attributes = changedAttributes(outcome.after, outcome.before);
          break;
      }
      return withoutUndefined({
        Attributes: attributes && Object.keys(attributes).length > 0 ? encodeItem(attributes) : undefined,
        ConsumedCapacity: consumedCapacity(table, outcome.charge, input.ReturnConsumedCapacity),
      });
    },

    DeleteItem(input: Ddb.DeleteItemInput, ctx) {
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      forbidMixing(input, ["Expected", "ConditionalOperator"], ["ConditionExpression"]);
      checkReturnValues(input.ReturnValues, ["NONE", "ALL_OLD"], "DeleteItem");
      const key = input.Key as Item;
      checkKey(table, key);
      const usage = new ExpressionUsage(
        input.ExpressionAttributeNames,
        input.ExpressionAttributeValues as never,
      );
      const condition = input.ConditionExpression
        ? parseCondition(input.ConditionExpression, usage, "ConditionExpression")
        : undefined;
      usage.assertAllUsed();
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "DeleteItem",
          condition: condition ? (current) => evaluateCondition(condition, current) : undefined,
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

export function pick(item: Item, names: readonly string[]): Item {
  const out: Item = {};
  for (const name of names) if (item[name]) out[name] = item[name]!;
  return out;
}
