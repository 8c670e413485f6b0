/**
 * The buffer writer against a real DynamoDB: an engine process reached with the AWS SDK, the
 * handler driven directly with batches built by the record factories.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { SQSRecord } from "aws-lambda";
import { createBufferWriter, handler } from "../../functions/buffer-writer.ts";
import { createDynamoDbClient } from "../../functions/commons/clients.ts";
import { type EngineProcess, startEngine } from "../support/engine.ts";
import { captureLogs, silentLogger } from "../support/logs.ts";
import { idsOf, orderBody, redelivered, SENT_AT_MS, sqsEvent, sqsRecord } from "../support/records.ts";
import { AMPLE_CAPACITY, createOrdersTable, itemsOf } from "../support/tables.ts";

/** Seed 001's test batch: ten ~4 KB messages, ids "1" to "10", no timestamp. */
const SEED_001_BATCH = JSON.parse(
  readFileSync(new URL("../../data/write-buffer-test-batch.json", import.meta.url), "utf8"),
) as Array<{ Id: string; MessageBody: string }>;

/** Costs 20 write units (1 KB each): far more than a new 1-WCU table holds. */
const TWENTY_KB = "#".repeat(20 * 1024);
/** Past DynamoDB's 400 KB item size limit. */
const OVER_400_KB = "#".repeat(401 * 1024);

describe("buffer writer", () => {
  let engine: EngineProcess;
  let dynamodb: DynamoDBClient;
  let putCalls = 0;

  before(async () => {
    engine = await startEngine();
    engine.exportEnvironment();
    dynamodb = createDynamoDbClient();
    dynamodb.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === "PutItemCommand") putCalls++;
        return next(args);
      },
      { step: "initialize", name: "countPutItem" },
    );
  });
  after(async () => {
    dynamodb.destroy();
    await engine.stop();
  });

  /** A handler on `table` whose write times tick one second per item, from 2024-01-01T00:00:01Z. */
  function writerFor(table: string, logger = silentLogger()) {
    let tick = 0;
    const now = () => new Date(SENT_AT_MS + ++tick * 1000);
    return createBufferWriter({ dynamodb, tableName: table, logger, now });
  }

  const idsIn = (items: Record<string, unknown>[]) => items.map((item) => item.id).sort();

  describe("writing", () => {
    it("stores each order with its body fields, its key and the SQS and write timestamps", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      const body = orderBody({ id: "order-1", timestamp: 1_700_000_000_123 });

      const response = await writerFor(table)(sqsEvent(sqsRecord(body)));

      assert.deepEqual(response, { batchItemFailures: [] });
      assert.deepEqual(await itemsOf(dynamodb, table), [
        {
          ...body,
          timestamps: { sqs: "2024-01-01T00:00:00.000Z", ddb: "2024-01-01T00:00:01.000Z" },
        },
      ]);
    });

    it("writes the records of a batch one after another in record order", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      const records = ["a", "b", "c", "d"].map((id) => sqsRecord(orderBody({ id })));

      await writerFor(table)(sqsEvent(...records));

      const items = await itemsOf(dynamodb, table);
      const writeTimes = Object.fromEntries(
        items.map((item) => [item.id, (item.timestamps as { ddb: string }).ddb]),
      );
      assert.deepEqual(writeTimes, {
        a: "2024-01-01T00:00:01.000Z",
        b: "2024-01-01T00:00:02.000Z",
        c: "2024-01-01T00:00:03.000Z",
        d: "2024-01-01T00:00:04.000Z",
      });
    });

    it("keys an order that carries no timestamp (seed 001's messages) at timestamp 0", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);

      await writerFor(table)(sqsEvent(sqsRecord({ id: "1", message: "Message 1" })));

      const [item] = await itemsOf(dynamodb, table);
      assert.equal(item?.timestamp, 0);
    });

    it("omits the SQS timestamp when the record carries no SentTimestamp", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      const record = sqsRecord(orderBody());
      const { SentTimestamp: _, ...attributes } = record.attributes;

      await writerFor(table)(sqsEvent({ ...record, attributes: attributes as SQSRecord["attributes"] }));

      const [item] = await itemsOf(dynamodb, table);
      assert.deepEqual(item?.timestamps, { ddb: "2024-01-01T00:00:01.000Z" });
    });
  });

  describe("throttling", () => {
    /** A 1-WCU table that takes its first 1-unit write and throttles the 20-unit one after it. */
    async function throttledBatch() {
      const table = await createOrdersTable(dynamodb, 1);
      const first = sqsRecord(orderBody({ id: "first" }));
      const big = sqsRecord(orderBody({ id: "big", payload: TWENTY_KB }));
      const rest = [sqsRecord(orderBody({ id: "after-1" })), sqsRecord(orderBody({ id: "after-2" }))];
      return { table, first, big, rest };
    }

    it("reports the throttled record and every later one, and writes the ones before it", async () => {
      const { table, first, big, rest } = await throttledBatch();

      const response = await writerFor(table)(sqsEvent(first, big, ...rest));

      assert.deepEqual(response, { batchItemFailures: idsOf([big, ...rest]) });
      assert.deepEqual(idsIn(await itemsOf(dynamodb, table)), ["first"]);
    });

    it("makes no write after the first throttle", async () => {
      const { table, first, big, rest } = await throttledBatch();
      const before = putCalls;

      await writerFor(table)(sqsEvent(first, big, ...rest));

      assert.equal(putCalls - before, 2);
    });

    it("logs the throttle with the record's message id, order id and DynamoDB's error", async () => {
      const { table, first, big, rest } = await throttledBatch();
      const logger = silentLogger();
      logger.setLogLevel("INFO");

      const { entries } = await captureLogs(() => writerFor(table, logger)(sqsEvent(first, big, ...rest)));

      const throttles = entries.filter(
        (entry) => entry.errorName === "ProvisionedThroughputExceededException",
      );
      assert.equal(throttles.length, 1);
      assert.equal(throttles[0]?.level, "WARN");
      assert.equal(throttles[0]?.messageId, big.messageId);
      assert.equal(throttles[0]?.orderId, "big");
      assert.match(String(throttles[0]?.errorMessage), /provisioned throughput/i);
    });

    it("writes the returned records when they are delivered again after the table earned capacity", async () => {
      const { table, first, big, rest } = await throttledBatch();
      const writer = writerFor(table);
      await writer(sqsEvent(first, big, ...rest));
      await engine.advanceClock(30);

      const response = await writer(sqsEvent(redelivered(big), ...rest.map(redelivered)));

      assert.deepEqual(response, { batchItemFailures: [] });
      assert.deepEqual(idsIn(await itemsOf(dynamodb, table)), ["after-1", "after-2", "big", "first"]);
    });
  });

  describe("records that can never be written", () => {
    const poison: Array<[string, string]> = [
      ["a body that is not JSON", "{not json"],
      ["a body that is not a JSON object", JSON.stringify([{ id: "x" }])],
      ["an order without an id", JSON.stringify({ timestamp: 1 })],
      ["an order whose id is empty", JSON.stringify({ id: "", timestamp: 1 })],
      ["an order whose id is not a string", JSON.stringify({ id: 42, timestamp: 1 })],
      ["an order whose timestamp is not a number", JSON.stringify({ id: "x", timestamp: "yesterday" })],
      ["an order with a number past 2^53", '{"id":"x","timestamp":1,"amount":12345678901234567890}'],
      [
        "an order larger than DynamoDB's 400 KB item limit",
        JSON.stringify(orderBody({ payload: OVER_400_KB })),
      ],
    ];
    for (const [what, body] of poison) {
      it(`reports ${what} alone and writes the records after it`, async () => {
        const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
        const bad = sqsRecord(body);
        const good = [sqsRecord(orderBody({ id: "before" })), sqsRecord(orderBody({ id: "after" }))];

        const response = await writerFor(table)(sqsEvent(good[0]!, bad, good[1]!));

        assert.deepEqual(response, { batchItemFailures: idsOf([bad]) });
        assert.deepEqual(idsIn(await itemsOf(dynamodb, table)), ["after", "before"]);
      });
    }

    it("logs why the record cannot be written", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      const bad = sqsRecord(JSON.stringify({ message: "no id" }));
      const logger = silentLogger();
      logger.setLogLevel("INFO");

      const { entries } = await captureLogs(() => writerFor(table, logger)(sqsEvent(bad)));

      const errors = entries.filter((entry) => entry.level === "ERROR");
      assert.deepEqual(
        errors.map((entry) => [entry.messageId, entry.problem]),
        [[bad.messageId, "the order has no id"]],
      );
    });
  });

  describe("failures that are not the record's", () => {
    it("returns the whole batch when the table does not exist", async () => {
      const records = [sqsRecord(orderBody()), sqsRecord(orderBody())];

      const response = await writerFor("no-such-table")(sqsEvent(...records));

      assert.deepEqual(response, { batchItemFailures: idsOf(records) });
    });
  });

  describe("idempotency", () => {
    it("does not write a redelivered order again", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      const record = sqsRecord(orderBody({ id: "once" }));
      const writer = writerFor(table);
      await writer(sqsEvent(record));

      const response = await writer(sqsEvent(redelivered(record)));

      assert.deepEqual(response, { batchItemFailures: [] });
      const items = await itemsOf(dynamodb, table);
      assert.deepEqual(
        items.map((item) => (item.timestamps as { ddb: string }).ddb),
        ["2024-01-01T00:00:01.000Z"],
      );
    });

    it("leaves exactly ten items after seed 001's test batch is delivered five times", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      const writer = writerFor(table);

      for (let round = 0; round < 5; round++) {
        const response = await writer(
          sqsEvent(...SEED_001_BATCH.map((entry) => sqsRecord(entry.MessageBody))),
        );
        assert.deepEqual(response, { batchItemFailures: [] });
      }

      const items = await itemsOf(dynamodb, table);
      assert.deepEqual(idsIn(items), ["1", "10", "2", "3", "4", "5", "6", "7", "8", "9"]);
      assert.ok(items.every((item) => typeof item.payload === "string" && item.payload.length === 4000));
    });
  });

  describe("the exported handler", () => {
    it("writes to the table named by ORDERS_TABLE_NAME and logs the batch with Powertools", async () => {
      const table = await createOrdersTable(dynamodb, AMPLE_CAPACITY);
      process.env.ORDERS_TABLE_NAME = table;

      const { result, entries } = await captureLogs(() =>
        handler(sqsEvent(sqsRecord(orderBody({ id: "via-env" })))),
      );

      assert.deepEqual(result, { batchItemFailures: [] });
      assert.deepEqual(idsIn(await itemsOf(dynamodb, table)), ["via-env"]);
      const summary = entries.find((entry) => entry.message === "batch processed");
      assert.equal(summary?.service, "buffer-writer");
      assert.equal(summary?.written, 1);
    });
  });
});
