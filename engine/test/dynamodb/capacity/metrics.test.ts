/**
 * The capacity counters behind DynamoDB's CloudWatch metrics, read through
 * `engine.inspect.dynamodbCapacity(arn)`. AWS (CloudWatch metrics for DynamoDB):
 * - Consumed…CapacityUnits and …ThrottleEvents per table exclude its GSIs, which have their own;
 * - one request may throttle several events (table, each GSI) but counts once in ThrottledRequests
 *   (by Operation); a batch counts there only when every item in it was throttled.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  countUntilThrottled,
  createTable,
  isThrottle,
  order,
  ordersTableInput,
  uniqueName,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

describe("capacity metrics", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const metrics = (arn: string) => t.engine.inspect.dynamodbCapacity(arn);

  it("counts consumed units and throttles per table, and ThrottledRequests by operation", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    t.clock.advance(3_000);
    const get = () =>
      t.dynamodb.send(
        new GetItemCommand({
          TableName: table.TableName,
          Key: { id: { S: "order-0" }, timestamp: order(0).timestamp! },
          ConsistentRead: true,
        }),
      );

    const puts = await countUntilThrottled(
      (n) => t.dynamodb.send(new PutItemCommand({ TableName: table.TableName, Item: order(n) })),
      10,
    );
    const gets = await countUntilThrottled(get, 10);
    await countUntilThrottled(get, 10);

    assert.equal(puts, 3);
    assert.equal(gets, 3);
    assert.deepEqual(metrics(table.TableArn!), {
      consumedRead: 3,
      consumedWrite: 3,
      readThrottleEvents: 2,
      writeThrottleEvents: 1,
      throttledRequests: { PutItem: 1, GetItem: 2 },
    });
  });

  it("counts a GSI's throttles on the index, and the request on its table", async () => {
    const table = await createTable(t.dynamodb, {
      TableName: uniqueName("indexed"),
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "status", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 },
      GlobalSecondaryIndexes: [
        {
          IndexName: "by-status",
          KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      ],
    });
    const indexArn = table.GlobalSecondaryIndexes![0]!.IndexArn!;
    const put = (pk: string) =>
      t.dynamodb.send(
        new PutItemCommand({ TableName: table.TableName, Item: { pk: { S: pk }, status: { S: "NEW" } } }),
      );

    await put("a");
    await put("b").catch((error) => assert.ok(isThrottle(error)));

    assert.deepEqual(metrics(table.TableArn!), {
      consumedRead: 0,
      consumedWrite: 1,
      readThrottleEvents: 0,
      writeThrottleEvents: 0,
      throttledRequests: { PutItem: 1 },
    });
    assert.deepEqual(metrics(indexArn), {
      consumedRead: 0,
      consumedWrite: 1,
      readThrottleEvents: 0,
      writeThrottleEvents: 1,
      throttledRequests: {},
    });
  });

  it("counts a batch in ThrottledRequests only when every item was throttled", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    t.clock.advance(2_000);
    const batch = (from: number) =>
      t.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table.TableName!]: [from, from + 1, from + 2].map((n) => ({ PutRequest: { Item: order(n) } })),
          },
        }),
      );

    const partly = await batch(0);
    await batch(10).catch((error) => assert.ok(isThrottle(error)));

    assert.equal(partly.UnprocessedItems![table.TableName!]!.length, 1);
    assert.deepEqual(metrics(table.TableArn!), {
      consumedRead: 0,
      consumedWrite: 2,
      readThrottleEvents: 0,
      writeThrottleEvents: 4,
      throttledRequests: { BatchWriteItem: 1 },
    });
  });

  it("reports zeros for a resource that saw no traffic", () => {
    assert.deepEqual(metrics("arn:aws:dynamodb:us-east-1:000000000000:table/quiet"), {
      consumedRead: 0,
      consumedWrite: 0,
      readThrottleEvents: 0,
      writeThrottleEvents: 0,
      throttledRequests: {},
    });
  });
});
