/**
 * Provisioned read capacity through the SDK v3 (1 RCU): strongly consistent reads cost a unit per
 * 4 KB, eventually consistent reads half, a missing item still costs; the table throttles with
 * TableReadProvisionedThroughputExceeded and recovers as the virtual clock advances.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BatchGetItemCommand, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import {
  assertAbout,
  assertThrottled,
  countUntilThrottled,
  createTable,
  order,
  ordersTableInput,
  timed,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const READ_CEILING = 100;

describe("provisioned reads (seed 000: 1 RCU)", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const key = (n: number) => {
    const { id, timestamp } = order(n);
    return { id: id!, timestamp: timestamp! };
  };
  const get = (table: string, n: number, consistent: boolean) =>
    t.dynamodb.send(new GetItemCommand({ TableName: table, Key: key(n), ConsistentRead: consistent }));

  /** Drains the bucket, advances the clock, and counts the reads the refill serves. */
  async function readsAfter(table: string, seconds: number, consistent: boolean) {
    await countUntilThrottled(() => get(table, 0, consistent), READ_CEILING);
    t.clock.advance(seconds * 1000);
    return timed(t.clock, () => countUntilThrottled(() => get(table, 0, consistent), READ_CEILING));
  }

  it("serves one strongly consistent read per second and throttles the next", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());

    const { result: reads, seconds } = await readsAfter(table.TableName!, 10, true);

    assertAbout(reads, 10, 1, seconds);
    await assertThrottled(get(table.TableName!, 0, true), "ProvisionedThroughputExceededException", [
      { reason: "TableReadProvisionedThroughputExceeded", resource: table.TableArn! },
    ]);
  });

  it("serves two eventually consistent reads per unit (half cost)", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());

    const { result: reads, seconds } = await readsAfter(table.TableName!, 10, false);

    assertAbout(reads, 20, 2, seconds);
  });

  it("charges a missing item like a found one, and reports it", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());

    const { Item, ConsumedCapacity } = await t.dynamodb.send(
      new GetItemCommand({ TableName: table.TableName, Key: key(404), ReturnConsumedCapacity: "TOTAL" }),
    );

    assert.equal(Item, undefined);
    assert.deepEqual(ConsumedCapacity, {
      TableName: table.TableName,
      CapacityUnits: 0.5,
    });
  });

  it("throttles Query and BatchGetItem on the same bucket", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    await get(table.TableName!, 0, true);

    const query = t.dynamodb.send(
      new QueryCommand({
        TableName: table.TableName,
        KeyConditionExpression: "id = :id",
        ExpressionAttributeValues: { ":id": { S: "order-0" } },
      }),
    );
    const batch = t.dynamodb.send(
      new BatchGetItemCommand({ RequestItems: { [table.TableName!]: { Keys: [key(1), key(2)] } } }),
    );

    const reason = [{ reason: "TableReadProvisionedThroughputExceeded", resource: table.TableArn! }];
    await assertThrottled(query, "ProvisionedThroughputExceededException", reason);
    await assertThrottled(batch, "ProvisionedThroughputExceededException", reason);
  });
});
