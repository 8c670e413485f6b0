/**
 * Provisioned write capacity through the SDK v3, on seed 000's `orders` table (1 RCU / 1 WCU):
 * the 300-second burst, ProvisionedThroughputExceededException with ThrottlingReasons, recovery
 * at the provisioned rate on the virtual clock, item-size rounding, and UpdateTable.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchWriteItemCommand,
  PutItemCommand,
  UpdateTableCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import {
  assertAbout,
  assertThrottled,
  countUntilThrottled,
  createTable,
  order,
  ordersTableInput,
  putOrder,
  timed,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const BURST_SECONDS = 300;
/** Writes a test may attempt before it must have seen a throttle. */
const WRITE_CEILING = 400;

describe("provisioned writes (seed 000: 1 WCU)", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("spends 300 s of unused capacity as a burst, then throttles with the table's reason", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    t.clock.advance(BURST_SECONDS * 1000);

    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => putOrder(t.dynamodb, table.TableName!, n), WRITE_CEILING),
    );

    assertAbout(written, BURST_SECONDS, 1, seconds);
    await assertThrottled(
      putOrder(t.dynamodb, table.TableName!, 1000),
      "ProvisionedThroughputExceededException",
      [{ reason: "TableWriteProvisionedThroughputExceeded", resource: table.TableArn! }],
    );
  });

  it("keeps no more than 300 s of unused capacity", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    t.clock.advance(3 * BURST_SECONDS * 1000);

    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => putOrder(t.dynamodb, table.TableName!, n), WRITE_CEILING),
    );

    assertAbout(written, BURST_SECONDS, 1, seconds);
  });

  it("gives a new table one second of capacity, not a burst it never left unused", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());

    await putOrder(t.dynamodb, table.TableName!, 1);

    await assertThrottled(
      putOrder(t.dynamodb, table.TableName!, 2),
      "ProvisionedThroughputExceededException",
      [{ reason: "TableWriteProvisionedThroughputExceeded", resource: table.TableArn! }],
    );
  });

  it("recovers at the provisioned rate as the clock advances", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    await countUntilThrottled((n) => putOrder(t.dynamodb, table.TableName!, n), WRITE_CEILING);

    t.clock.advance(10_000);
    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => putOrder(t.dynamodb, table.TableName!, 100 + n), WRITE_CEILING),
    );

    assertAbout(written, 10, 1, seconds);
  });

  it("charges a 5 KB item 5 WCU, so a 10-unit bucket takes two of them", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    t.clock.advance(10_000);
    const fiveKb = order(1, 4900);

    const { ConsumedCapacity } = await t.dynamodb.send(
      new PutItemCommand({ TableName: table.TableName, Item: fiveKb, ReturnConsumedCapacity: "TOTAL" }),
    );
    await putOrder(t.dynamodb, table.TableName!, 2, 4900);

    assert.deepEqual(ConsumedCapacity, {
      TableName: table.TableName,
      CapacityUnits: 5,
    });
    await assertThrottled(
      putOrder(t.dynamodb, table.TableName!, 3, 4900),
      "ProvisionedThroughputExceededException",
      [{ reason: "TableWriteProvisionedThroughputExceeded", resource: table.TableArn! }],
    );
  });

  it("returns UnprocessedItems from a batch the bucket covers only in part", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    t.clock.advance(3_000);
    const requests: WriteRequest[] = [1, 2, 3, 4, 5].map((n) => ({ PutRequest: { Item: order(n) } }));

    const { UnprocessedItems } = await t.dynamodb.send(
      new BatchWriteItemCommand({ RequestItems: { [table.TableName!]: requests } }),
    );

    assert.deepEqual(UnprocessedItems, { [table.TableName!]: requests.slice(3) });
  });

  it("fails a batch with the throttling error when no item could be written", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    await putOrder(t.dynamodb, table.TableName!, 0);

    const batch = t.dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [table.TableName!]: [{ PutRequest: { Item: order(1) } }, { PutRequest: { Item: order(2) } }],
        },
      }),
    );

    await assertThrottled(batch, "ProvisionedThroughputExceededException", [
      { reason: "TableWriteProvisionedThroughputExceeded", resource: table.TableArn! },
    ]);
  });

  it("applies raised throughput from UpdateTable at once", async () => {
    const table = await createTable(t.dynamodb, ordersTableInput());
    await putOrder(t.dynamodb, table.TableName!, 0);

    await t.dynamodb.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 100 },
      }),
    );
    t.clock.advance(1_000);
    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => putOrder(t.dynamodb, table.TableName!, 1 + n), WRITE_CEILING),
    );

    assertAbout(written, 100, 100, seconds);
  });

  it("keeps capacity earned before a throughput decrease only up to the new burst", async () => {
    const table = await createTable(
      t.dynamodb,
      ordersTableInput({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 2 } }),
    );
    t.clock.advance(BURST_SECONDS * 1000);

    await t.dynamodb.send(
      new UpdateTableCommand({
        TableName: table.TableName,
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      }),
    );
    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => putOrder(t.dynamodb, table.TableName!, n), WRITE_CEILING),
    );

    assertAbout(written, BURST_SECONDS, 1, seconds);
  });
});
