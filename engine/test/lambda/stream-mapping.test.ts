/**
 * DynamoDB stream event source mappings end to end: a table's stream, a real function and the
 * pollers, on the virtual clock. Functions record what they processed in a DynamoDB "log" table.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
} from "@aws-sdk/client-lambda";
import { createTable } from "../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { eventually } from "../support/eventually.ts";
import { createQueue, queueArn, receive } from "../support/sqs.ts";
import { createNodeFunction } from "./support.ts";

/** Appends each record's `v` to its key's list in LOG; fails the batch when a record is `bad`. */
const LOGGING_HANDLER = `
const { DynamoDBClient, UpdateItemCommand } = require("@aws-sdk/client-dynamodb");
const db = new DynamoDBClient({});
exports.handler = async (event) => {
  if (event.Records.some((r) => r.dynamodb.NewImage && r.dynamodb.NewImage.bad)) throw new Error("bad record in batch");
  for (const record of event.Records) {
    const image = record.dynamodb.NewImage;
    await db.send(new UpdateItemCommand({
      TableName: process.env.LOG,
      Key: { pk: { S: image.pk.S } },
      UpdateExpression: "SET seen = list_append(if_not_exists(seen, :empty), :v)",
      ExpressionAttributeValues: { ":empty": { L: [] }, ":v": { L: [{ N: image.v.N }] } },
    }));
  }
};`;

describe("DynamoDB stream event source mappings", { timeout: 120_000 }, () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  let tables = 0;
  async function table(streaming: boolean) {
    const created = await createTable(t.dynamodb, {
      TableName: `stream-esm-${++tables}`,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      ...(streaming && { StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }),
    });
    return created;
  }

  async function setUp(mapping: Partial<CreateEventSourceMappingCommandInput>) {
    const source = await table(true);
    const log = await table(false);
    const fn = await createNodeFunction(t.lambda, LOGGING_HANDLER, {
      Environment: { Variables: { LOG: log.TableName! } },
    });
    await t.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.FunctionName,
        EventSourceArn: source.LatestStreamArn!,
        StartingPosition: "TRIM_HORIZON",
        ...mapping,
      }),
    );
    const put = (pk: string, v: number, bad = false) =>
      t.dynamodb.send(
        new PutItemCommand({
          TableName: source.TableName!,
          Item: { pk: { S: pk }, v: { N: String(v) }, ...(bad && { bad: { BOOL: true } }) },
        }),
      );
    const seen = async (pk: string): Promise<number[]> => {
      const { Item } = await t.dynamodb.send(
        new GetItemCommand({ TableName: log.TableName!, Key: { pk: { S: pk } } }),
      );
      return (Item?.seen?.L ?? []).map((v) => Number(v.N));
    };
    return { fn, put, seen };
  }

  it("keeps each key's records in order with ParallelizationFactor 5", async () => {
    const { fn, put, seen } = await setUp({ BatchSize: 3, ParallelizationFactor: 5 });
    const keys = ["k1", "k2", "k3", "k4"];
    for (let v = 1; v <= 6; v++) for (const key of keys) await put(key, v);
    await until(
      async () => (await Promise.all(keys.map(seen))).every((list) => list.length === 6),
      t,
      fn.FunctionArn!,
    );
    for (const key of keys) assert.deepEqual(await seen(key), [1, 2, 3, 4, 5, 6], key);
  });

  it("bisects a failing batch down to the bad record and sends it to the on-failure queue", async () => {
    const failures = await createQueue(t.sqs, "stream-failures");
    const { fn, put, seen } = await setUp({
      BatchSize: 4,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 1,
      DestinationConfig: { OnFailure: { Destination: await queueArn(t.sqs, failures) } },
    });
    await put("a", 1);
    await put("b", 1);
    await put("c", 1, true);
    await put("d", 1);
    await until(
      async () => (await Promise.all(["a", "b", "d"].map(seen))).every((list) => list.length === 1),
      t,
      fn.FunctionArn!,
    );
    const [message] = await receive(t.sqs, failures, { WaitTimeSeconds: 20 });
    const record = JSON.parse(message!.Body!) as {
      requestContext: { condition: string; functionArn: string };
      DDBStreamBatchInfo: { batchSize: number; streamArn: string; startSequenceNumber: string };
    };
    assert.equal(record.requestContext.condition, "RetryAttemptsExhausted");
    assert.equal(record.DDBStreamBatchInfo.batchSize, 1);
    assert.deepEqual(await seen("c"), []);
  });
});

/**
 * Waits for background work, moving the virtual clock a second at a time so that retry back-offs
 * and batching windows pass — but only while no invocation runs: a cold start is real work on
 * this machine, and time moved under it would run out its 10-second Init phase on a slow one.
 */
function until(condition: () => Promise<boolean>, t: TestEngine, functionArn: string): Promise<void> {
  return eventually(condition, "the stream's records", {
    pollMs: 20,
    between: () => {
      if (t.engine.inspect.lambdaMetrics(functionArn).concurrentExecutions === 0) t.clock.advance(1_000);
    },
  });
}
