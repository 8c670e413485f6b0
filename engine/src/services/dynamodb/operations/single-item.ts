/** GetItem, PutItem, UpdateItem and DeleteItem. */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { ValidationException } from "../errors.ts";
import {
  applyUpdate,
  evaluateCondition,
  type ParsedCondition,
  type ParsedUpdate,
  project,
} from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import { checkIndexKeys, checkItem, checkItemSize, checkKey } from "../key-validation.ts";
import type { Table } from "../table-definition.ts";
import { type Item, validateItemAttributes } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { performWrite } from "./item-writes.ts";
import { checkParameterStyle, compileExpressions, type ExpressionRequest } from "./request-expressions.ts";

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

/**
 * Each operation validates the request on its own first (parameter style, attribute values,
 * ReturnValues, item size, expressions), then looks the table up, then checks the key against the
 * schema: the order AWS reports errors in (dynalite's tests run every request validation against a
 * table that does not exist).
 */
export function singleItemOperations(plane: DataPlane): Record<string, Handler> {
  return {
    GetItem(input: Ddb.GetItemInput, ctx) {
      checkParameterStyle(input as ExpressionRequest, ["projection"]);
      const key = readItem(input.Key);
      const { projection } = compileExpressions(input as ExpressionRequest, ["projection"]);
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
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
      checkParameterStyle(input as ExpressionRequest, ["condition"]);
      const item = readItem(input.Item);
      checkReturnValues(input.ReturnValues, ["ALL_OLD", "NONE"], "PutItem");
      checkItemSize(item);
      const { condition } = compileExpressions(input as ExpressionRequest, ["condition"]);
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
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
      checkParameterStyle(input as ExpressionRequest, ["update", "condition"]);
      const key = readItem(input.Key);
      checkReturnValues(
        input.ReturnValues,
        ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"],
        "UpdateItem",
      );
      const { update, condition } = compileExpressions(input as ExpressionRequest, ["update", "condition"]);
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
      checkKey(table, key);
      if (update) forbidKeyUpdates(table, update.paths);
      const outcome = plane.items.transaction(() =>
        performWrite(plane, table, key, {
          operation: "UpdateItem",
          condition: conditionCheck(condition),
          compute: (current) => updatedItem(table, key, current, update),
          returnOldOnConditionFailure: input.ReturnValuesOnConditionCheckFailure === "ALL_OLD",
        }),
      );
      const attributes = updateReturnValues(input.ReturnValues, outcome.before, outcome.after, update);
      return withoutUndefined({
        Attributes: attributes && Object.keys(attributes).length > 0 ? encodeItem(attributes) : undefined,
        ConsumedCapacity: consumedCapacity(table, outcome.charge, input.ReturnConsumedCapacity),
      });
    },

    DeleteItem(input: Ddb.DeleteItemInput, ctx) {
      checkParameterStyle(input as ExpressionRequest, ["condition"]);
      const key = readItem(input.Key);
      checkReturnValues(input.ReturnValues, ["ALL_OLD", "NONE"], "DeleteItem");
      const { condition } = compileExpressions(input as ExpressionRequest, ["condition"]);
      const table = plane.tables.forDataPlane(input.TableName!, ctx);
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

/**
 * The item an update leaves: AWS creates a missing item from its key. Index keys are checked on
 * the result (an update that empties one words it as the update's fault), then the 400 KB limit.
 */
export function updatedItem(
  table: Table,
  key: Item,
  current: Item | undefined,
  update: ParsedUpdate | undefined,
): Item {
  const start = current ?? { ...key };
  const next = update ? applyUpdate(update, start) : start;
  checkIndexKeys(table, next, "update");
  checkItemSize(next, "update");
  return next;
}

/** AWS: UPDATED_OLD and UPDATED_NEW return only the attributes the update wrote. */
function updateReturnValues(
  mode: string | undefined,
  before: Item | undefined,
  after: Item | undefined,
  update: ParsedUpdate | undefined,
): Item | undefined {
  const updated = (item: Item | undefined) =>
    item && update ? project(item, { paths: update.paths }) : undefined;
  switch (mode) {
    case "ALL_OLD":
      return before;
    case "ALL_NEW":
      return after;
    case "UPDATED_OLD":
      return updated(before);
    case "UPDATED_NEW":
      return updated(after);
    default:
      return undefined;
  }
}
