/**
 * The buffer writer (seeds 000 and 001): drains the ingress queue into the orders table at the
 * pace the table's capacity allows. Triggered by an SQS event source mapping with
 * ReportBatchItemFailures.
 *
 * Records are written one at a time, in the order Lambda delivered them, each with a put that
 * succeeds only if no item has the order's key: a redelivered message finds its order already
 * there and counts as written, so an order is in the table once however often it is delivered.
 * - A throttle stops the batch: that record and every later one are reported in
 *   batchItemFailures. They return to the queue after its visibility timeout, their order kept,
 *   and the table is not pressed while it is short of capacity (seed 001's rule). A failure that
 *   is not the record's own (table missing, access denied, a service fault) stops it the same way.
 * - A record that can never be written (not JSON, no id, a timestamp that is not a number, an
 *   item DynamoDB refuses) is reported alone and the batch goes on; after the queue's
 *   maxReceiveCount it moves to the dead-letter queue.
 *
 * Powertools' batch processors do not express this: BatchProcessor handles every record on its
 * own, SqsFifoPartialProcessor stops at the first failure of any kind; this rule is both at once.
 */

import { Logger } from "@aws-lambda-powertools/logger";
import type { AttributeValue, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { createDynamoDbClient } from "./commons/clients.ts";
import { ORDERS_TABLE_NAME, requiredEnv } from "./commons/config.ts";
import { type BufferTimestamps, isUnwritable, type Order, orderItem, parseOrder } from "./commons/order.ts";
import { classifyWriteError } from "./commons/write-errors.ts";

export interface BufferWriterDeps {
  dynamodb: Pick<DynamoDBClient, "send">;
  /** The orders table, or how to find it when a batch arrives. */
  tableName: string | (() => string);
  logger: Logger;
  /** The write time stored in the item. */
  now?: () => Date;
}

export type BufferWriterHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

type RecordOutcome =
  | { kind: "written" | "already-written" }
  | { kind: "unwritable"; problem: string }
  | { kind: "throttled" | "unavailable"; error: Error };

/** Numbers are stored only when exact: an id or amount past 2^53 makes the record unwritable. */
const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

function timestampsOf(record: SQSRecord, writtenAt: Date): BufferTimestamps {
  const sentMs = Number(record.attributes?.SentTimestamp);
  const ddb = writtenAt.toISOString();
  return Number.isFinite(sentMs) ? { sqs: new Date(sentMs).toISOString(), ddb } : { ddb };
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export function createBufferWriter(deps: BufferWriterDeps): BufferWriterHandler {
  const { dynamodb, logger } = deps;
  const now = deps.now ?? (() => new Date());

  async function write(table: string, record: SQSRecord, order: Order): Promise<RecordOutcome> {
    let item: Record<string, AttributeValue>;
    try {
      item = marshall(orderItem(order, timestampsOf(record, now())), MARSHALL_OPTIONS);
    } catch (error) {
      return { kind: "unwritable", problem: `the order cannot be stored: ${asError(error).message}` };
    }
    try {
      await dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: item,
          // The full key (id, timestamp) is compared: an item exists only for this very order.
          ConditionExpression: "attribute_not_exists(#id)",
          ExpressionAttributeNames: { "#id": "id" },
        }),
      );
      return { kind: "written" };
    } catch (error) {
      const failure = classifyWriteError(error);
      if (failure === "already-written") return { kind: failure };
      if (failure === "unwritable") return { kind: failure, problem: asError(error).message };
      return { kind: failure, error: asError(error) };
    }
  }

  return async (event, context) => {
    if (context) logger.addContext(context);
    const table = typeof deps.tableName === "function" ? deps.tableName() : deps.tableName;
    const records = event.Records;
    const failures: SQSBatchItemFailure[] = [];
    const tally = { written: 0, alreadyWritten: 0, unwritable: 0, returned: 0 };
    const summary = () => ({ records: records.length, ...tally });

    for (const [index, record] of records.entries()) {
      const parsed = parseOrder(record.body);
      const outcome = isUnwritable(parsed)
        ? ({ kind: "unwritable", problem: parsed.problem } as const)
        : await write(table, record, parsed);
      const about = {
        messageId: record.messageId,
        orderId: isUnwritable(parsed) ? undefined : parsed.key.id,
        receiveCount: Number(record.attributes?.ApproximateReceiveCount) || undefined,
      };
      switch (outcome.kind) {
        case "written":
          tally.written++;
          break;
        case "already-written":
          tally.alreadyWritten++;
          logger.info("order already in the table: redelivery not written again", about);
          break;
        case "unwritable":
          tally.unwritable++;
          failures.push({ itemIdentifier: record.messageId });
          logger.error("record can never be written: reported alone, the batch goes on", {
            ...about,
            problem: outcome.problem,
          });
          break;
        case "throttled":
        case "unavailable": {
          const rest = records.slice(index).map((r) => ({ itemIdentifier: r.messageId }));
          tally.returned = rest.length;
          failures.push(...rest);
          const level = outcome.kind === "throttled" ? "warn" : "error";
          logger[level](
            `write ${outcome.kind}: this record and the ${rest.length - 1} after it go back to the queue`,
            {
              ...about,
              errorName: outcome.error.name,
              errorMessage: outcome.error.message,
            },
          );
          logger.info("batch stopped", summary());
          return { batchItemFailures: failures };
        }
      }
    }
    logger.info("batch processed", summary());
    return { batchItemFailures: failures };
  };
}

export const handler: BufferWriterHandler = createBufferWriter({
  dynamodb: createDynamoDbClient(),
  tableName: () => requiredEnv(ORDERS_TABLE_NAME),
  logger: new Logger({ serviceName: "buffer-writer" }),
});
