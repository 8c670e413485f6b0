/**
 * BatchGetItem and BatchWriteItem. AWS: each item is charged and rounded separately; what cannot
 * be served for lack of capacity comes back in UnprocessedKeys / UnprocessedItems, and only when
 * nothing at all could be processed does the call fail with the throttling error.
 */
import type * as Ddb from "@aws-sdk/client-dynamodb";
import type { RequestContext } from "../../../server/context.ts";
import { type Charge, consumedCapacity, emptyCharge, readUnits } from "../capacity.ts";
import { MAX_BATCH_GET_KEYS, MAX_BATCH_WRITE_REQUESTS } from "../constants.ts";
import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  ValidationException,
} from "../errors.ts";
import { project } from "../expressions/index.ts";
import { encodeItem } from "../item-json.ts";
import { keyAttributes } from "../items.ts";
import { checkItem, checkKey } from "../key-validation.ts";
import type { Table } from "../table-definition.ts";
import { encodeSortableKey, type Item } from "../values/index.ts";
import type { DataPlane } from "./context.ts";
import { performWrite } from "./item-writes.ts";
import { compileExpressions, type ExpressionRequest } from "./request-expressions.ts";
import { readItem } from "./single-item.ts";

type Handler = (input: never, context: RequestContext) => unknown;

const isThrottle = (error: unknown) =>
  error instanceof ProvisionedThroughputExceededException || error instanceof ThrottlingException;

function keyFingerprint(table: Table, key: Item): string {
  const { hashKey, rangeKey } = table.definition.key;
  const part = (name: string | undefined) =>
    name && key[name] ? encodeSortableKey(key[name] as never).toString("hex") : "";
  return `${part(hashKey)}/${part(rangeKey)}`;
}

function addCharge(totals: Map<Table, Charge>, table: Table, charge: Charge): void {
  const total = totals.get(table) ?? emptyCharge(charge.kind);
  total.table += charge.table;
  for (const [k, v] of Object.entries(charge.globalIndexes))
    total.globalIndexes[k] = (total.globalIndexes[k] ?? 0) + v;
  for (const [k, v] of Object.entries(charge.localIndexes))
    total.localIndexes[k] = (total.localIndexes[k] ?? 0) + v;
  totals.set(table, total);
}

function capacityList(totals: Map<Table, Charge>, mode: string | undefined): unknown[] | undefined {
  if (mode !== "TOTAL" && mode !== "INDEXES") return undefined;
  return [...totals.entries()].map(([table, charge]) => consumedCapacity(table, charge, mode));
}

export function batchOperations(plane: DataPlane): Record<string, Handler> {
  return {
    BatchGetItem(input: Ddb.BatchGetItemInput, ctx) {
      const requests = Object.entries(input.RequestItems ?? {});
      const keyCount = requests.reduce((n, [, r]) => n + (r.Keys?.length ?? 0), 0);
      if (keyCount > MAX_BATCH_GET_KEYS)
        throw new ValidationException("Too many items requested for the BatchGetItem call");
      const plans = requests.map(([name, request]) => {
        const table = plane.tables.forDataPlane(name, ctx);
        const keys = (request.Keys ?? []).map(readItem);
        const seen = new Set<string>();
        for (const key of keys) {
          checkKey(table, key);
          const fingerprint = keyFingerprint(table, key);
          if (seen.has(fingerprint))
            throw new ValidationException("Provided list of item keys contains duplicates");
          seen.add(fingerprint);
        }
        const { projection } = compileExpressions(request as ExpressionRequest, ["projection"]);
        return { name, table, request, keys, projection };
      });
      const Responses: Record<string, unknown[]> = {};
      const UnprocessedKeys: Record<string, Ddb.KeysAndAttributes> = {};
      const totals = new Map<Table, Charge>();
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
          addCharge(totals, table, charge);
          if (!stored) continue;
          Responses[name]!.push(encodeItem(projection ? project(stored.item, projection) : stored.item));
        }
      }
      if (processed === 0 && lastThrottle) throw lastThrottle;
      const result: Record<string, unknown> = { Responses, UnprocessedKeys };
      const consumed = capacityList(totals, input.ReturnConsumedCapacity);
      if (consumed) result.ConsumedCapacity = consumed;
      return result;
    },

    BatchWriteItem(input: Ddb.BatchWriteItemInput, ctx) {
      const requests = Object.entries(input.RequestItems ?? {});
      const count = requests.reduce((n, [, writes]) => n + writes.length, 0);
      if (count > MAX_BATCH_WRITE_REQUESTS) {
        throw new ValidationException(
          `1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to ${MAX_BATCH_WRITE_REQUESTS}, Member must have length greater than or equal to 1]`,
        );
      }
      const plans = requests.map(([name, writes]) => {
        const table = plane.tables.forDataPlane(name, ctx);
        const seen = new Set<string>();
        const entries = writes.map((write) => {
          const put = write.PutRequest?.Item ? readItem(write.PutRequest.Item) : undefined;
          const del = write.DeleteRequest?.Key ? readItem(write.DeleteRequest.Key) : undefined;
          if ((put && del) || (!put && !del)) {
            throw new ValidationException(
              "Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest",
            );
          }
          if (put) checkItem(table, put);
          else checkKey(table, del!);
          const key = put ? keyAttributes(put, table.definition.key) : del!;
          const fingerprint = keyFingerprint(table, key);
          if (seen.has(fingerprint))
            throw new ValidationException("Provided list of item keys contains duplicates");
          seen.add(fingerprint);
          return { write, key, item: put };
        });
        return { name, table, entries };
      });
      const UnprocessedItems: Record<string, Ddb.WriteRequest[]> = {};
      const totals = new Map<Table, Charge>();
      let processed = 0;
      let lastThrottle: unknown;
      plane.items.transaction(() => {
        for (const { name, table, entries } of plans) {
          for (const { write, key, item } of entries) {
            try {
              const outcome = performWrite(plane, table, key, {
                operation: "BatchWriteItem",
                compute: () => item,
              });
              addCharge(totals, table, outcome.charge);
              processed++;
            } catch (error) {
              if (!isThrottle(error)) throw error;
              lastThrottle = error;
              UnprocessedItems[name] = [...(UnprocessedItems[name] ?? []), write];
            }
          }
        }
      });
      if (processed === 0 && lastThrottle) throw lastThrottle;
      const result: Record<string, unknown> = { UnprocessedItems };
      const consumed = capacityList(totals, input.ReturnConsumedCapacity);
      if (consumed) result.ConsumedCapacity = consumed;
      return result;
    },
  };
}
