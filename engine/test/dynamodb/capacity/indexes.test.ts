/**
 * Global secondary index capacity through the SDK v3: a GSI short of write capacity throttles the
 * writes to its table that would update it (GSI back-pressure, reason IndexWrite…, resource the
 * index ARN); a GSI short of read capacity throttles only reads of that index.
 */

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetItemCommand, PutItemCommand, QueryCommand, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { assertThrottled, createTable, uniqueName } from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const INDEX = "by-status";

describe("GSI capacity", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  /** A 100/100 table whose GSI on `status` has 1 RCU / 1 WCU. */
  async function tableWithThinIndex() {
    const table = await createTable(t.dynamodb, {
      TableName: uniqueName("indexed"),
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "status", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 },
      GlobalSecondaryIndexes: [
        {
          IndexName: INDEX,
          KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
          Projection: { ProjectionType: "ALL" },
          ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
        },
      ],
    });
    const indexArn = table.GlobalSecondaryIndexes![0]!.IndexArn!;
    return { name: table.TableName!, tableArn: table.TableArn!, indexArn };
  }

  const put = (table: string, pk: string, status?: string) =>
    t.dynamodb.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: pk }, ...(status && { status: { S: status } }) },
      }),
    );

  it("throttles table writes that would update a GSI without write capacity", async () => {
    const table = await tableWithThinIndex();
    await put(table.name, "a", "PENDING");

    await assertThrottled(put(table.name, "b", "PENDING"), "ProvisionedThroughputExceededException", [
      { reason: "IndexWriteProvisionedThroughputExceeded", resource: table.indexArn },
    ]);
    const { Item } = await t.dynamodb.send(
      new GetItemCommand({ TableName: table.name, Key: { pk: { S: "b" } } }),
    );
    assert.equal(Item, undefined);
  });

  it("lets writes through that leave the index untouched", async () => {
    const table = await tableWithThinIndex();
    await put(table.name, "a", "PENDING");

    for (const pk of ["b", "c", "d"]) await put(table.name, pk);
  });

  it("throttles reads of the index, not of its table", async () => {
    const table = await tableWithThinIndex();
    const queryIndex = () =>
      t.dynamodb.send(
        new QueryCommand({
          TableName: table.name,
          IndexName: INDEX,
          KeyConditionExpression: "#s = :s",
          ExpressionAttributeNames: { "#s": "status" },
          ExpressionAttributeValues: { ":s": { S: "PENDING" } },
        }),
      );
    // GSI reads are eventually consistent: half a unit each.
    await queryIndex();
    await queryIndex();

    await assertThrottled(queryIndex(), "ProvisionedThroughputExceededException", [
      { reason: "IndexReadProvisionedThroughputExceeded", resource: table.indexArn },
    ]);
    await t.dynamodb.send(
      new GetItemCommand({ TableName: table.name, Key: { pk: { S: "a" } }, ConsistentRead: true }),
    );
  });

  it("lifts the back-pressure once UpdateTable raises the index's write capacity", async () => {
    const table = await tableWithThinIndex();
    await put(table.name, "a", "PENDING");

    await t.dynamodb.send(
      new UpdateTableCommand({
        TableName: table.name,
        GlobalSecondaryIndexUpdates: [
          {
            Update: {
              IndexName: INDEX,
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 50 },
            },
          },
        ],
      }),
    );
    t.clock.advance(1_000);

    for (const pk of ["b", "c", "d", "e", "f"]) await put(table.name, pk, "PENDING");
  });
});
