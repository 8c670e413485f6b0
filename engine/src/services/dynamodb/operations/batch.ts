/**
 * BatchGetItem and BatchWriteItem. AWS: each item is charged and rounded separately; what cannot
 * be served for lack of capacity comes back in UnprocessedKeys / UnprocessedItems, and only when
 * nothing at all could be processed does the call fail with the throttling error. Any invalid
 * request rejects the whole batch before anything is read or written: first the request itself
 * (values, sizes, expressions, counts), then each table and its keys.
 *
 * LIMITATIONS
 * - BatchGetItem's 16 MB response limit is not applied (100 items of 400 KB are all returned).
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { CapacityTotals, emptyCharge, isThrottle, readUnits } from "../capacity.ts";
import { MAX_BATCH_GET_KEYS, MAX_BATCH_WRITE_REQUESTS } from "../constants.ts";
import { ValidationException } from "../errors.ts";
import { project } from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import { checkItem, checkItemSize, checkKey } from "../key-validation.ts";
import { encodeSortableKey, type Item, typeOf } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { performWrite } from "./item-writes.ts";
import { compileExpressions, type ExpressionRequest } from "./request-expressions.ts";
import { readItem } from "./single-item.ts";

type Handler = (input: never, context: RequestContext) => unknown;

const DUPLICATE_KEYS = "Provided list of item keys contains duplicates";

/** A key's identity within one table (numbers are already normalised, so 1 and 1.0 are one key). */
function keyFingerprint(key: Item): string {
  return Object.keys(key)
    .sort()
    .map((name) => {
      const value = key[name]!;
      const type = typeOf(value);
      const bytes = type === "S" || type === "N" || type === "B" ? encodeSortableKey(value as never) : "";
      return `${name}:${type}:${bytes.toString("hex")}`;
    })
    .join("/");
}

export function batchOperations(plane: DataPlane): Record<string, Handler> {
  return {
    BatchGetItem(input: Ddb.BatchGetItemInput, ctx) {
      let keyCount = 0;
      const requests = Object.entries(input.RequestItems ?? {}).map(([name, request]) => {
        const { projection } = compileExpressions(request as ExpressionRequest, ["projection"]);
        const seen = new Set<string>();
        const keys = (request.Keys ?? []).map((raw) => {
          const key = readItem(raw);
          const fingerprint = keyFingerprint(key);
          if (seen.has(fingerprint)) throw new ValidationException(DUPLICATE_KEYS);
          seen.add(fingerprint);
          keyCount++;
          if (keyCount > MAX_BATCH_GET_KEYS)
            throw new ValidationException("Too many items requested for the BatchGetItem call");
          return key;
        });
        return { name, request, keys, projection };
      });
      const plans = requests.map((plan) => {
        const table = plane.tables.forDataPlane(plan.name, ctx);
        for (const key of plan.keys) checkKey(table, key);
        return { ...plan, table };
      });
      const Responses: Record<string, unknown[]> = {};
      const UnprocessedKeys: Record<string, Ddb.KeysAndAttributes> = {};
      const totals = new CapacityTotals();
      let processed = 0;
      let lastThrottle: unknown;
      for (const { name, table, request, keys, projection } of plans) {
        Responses[name] = [];
        for (const key of keys) {
          const stored = plane.items.get(table, key);
          const charge = {
            ...emptyCharge("read"),
            table: readUnits(stored?.size ?? 0, request.ConsistentRead ? "strong" : "eventual"),
          };
          try {
            plane.capacity.consume(table, charge, "BatchGetItem");
          } catch (error) {
            if (!isThrottle(error)) throw error;
            lastThrottle = error;
            const pending = UnprocessedKeys[name] ?? { ...request, Keys: [] };
            pending.Keys!.push(encodeItem(key) as never);
            UnprocessedKeys[name] = pending;
            continue;
          }
          processed++;
          totals.add(table, charge);
          if (!stored) continue;
          Responses[name]!.push(encodeItem(projection ? project(stored.item, projection) : stored.item));
        }
      }
      if (processed === 0 && lastThrottle) {
        plane.capacity.batchThrottled(
          plans.map((p) => p.table),
          "BatchGetItem",
        );
        throw lastThrottle;
      }
      const result: Record<string, unknown> = { Responses, UnprocessedKeys };
      const consumed = totals.report(input.ReturnConsumedCapacity);
      if (consumed) result.ConsumedCapacity = consumed;
      return result;
    },

    BatchWriteItem(input: Ddb.BatchWriteItemInput, ctx) {
      const requests = Object.entries(input.RequestItems ?? {}).map(([name, writes]) => {
        const entries = writes.map((write) => {
          const put = write.PutRequest?.Item ? readItem(write.PutRequest.Item) : undefined;
          const del = write.DeleteRequest?.Key ? readItem(write.DeleteRequest.Key) : undefined;
          // AWS's words for a request that is neither (or both) a put and a delete.
          if ((put && del) || (!put && !del)) {
            throw new ValidationException(
              "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
            );
          }
          if (put) checkItemSize(put);
          return { write, put, del };
        });
        return { name, entries };
      });
      const count = requests.reduce((n, { entries }) => n + entries.length, 0);
      // Each table's list is held to 25 by the model; this is the limit across tables (AWS's text as
      // DynamoDB Local gives it).
      if (count > MAX_BATCH_WRITE_REQUESTS)
        throw new ValidationException("Too many items requested for the BatchWriteItem call");
      const plans = requests.map(({ name, entries }) => {
        const table = plane.tables.forDataPlane(name, ctx);
        const seen = new Set<string>();
        const writes = entries.map(({ write, put, del }) => {
          if (put) checkItem(table, put, "batch");
          else checkKey(table, del!);
          const key = put ? keyAttributes(put, table.definition.key) : del!;
          const fingerprint = keyFingerprint(key);
          if (seen.has(fingerprint)) throw new ValidationException(DUPLICATE_KEYS);
          seen.add(fingerprint);
          return { write, key, item: put };
        });
        return { name, table, writes };
      });
      const UnprocessedItems: Record<string, Ddb.WriteRequest[]> = {};
      const totals = new CapacityTotals();
      let processed = 0;
      let lastThrottle: unknown;
      plane.items.transaction(() => {
        for (const { name, table, writes } of plans) {
          for (const { write, key, item } of writes) {
            try {
              const outcome = performWrite(plane, table, key, {
                operation: "BatchWriteItem",
                compute: () => item,
              });
              totals.add(table, outcome.charge);
              processed++;
            } catch (error) {
              if (!isThrottle(error)) throw error;
              lastThrottle = error;
              UnprocessedItems[name] = [...(UnprocessedItems[name] ?? []), write];
            }
          }
        }
      });
      if (processed === 0 && lastThrottle) {
        plane.capacity.batchThrottled(
          plans.map((p) => p.table),
          "BatchWriteItem",
        );
        throw lastThrottle;
      }
      const result: Record<string, unknown> = { UnprocessedItems };
      const consumed = totals.report(input.ReturnConsumedCapacity);
      if (consumed) result.ConsumedCapacity = consumed;
      return result;
    },
  };
}
