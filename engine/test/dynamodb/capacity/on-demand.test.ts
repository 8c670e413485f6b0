/**
 * On-demand capacity through the SDK v3: no throttling without an OnDemandThroughput maximum;
 * ThrottlingException (not ProvisionedThroughputExceededException) above MaxWriteRequestUnits or
 * MaxReadRequestUnits, measured per second, for the table and for a GSI.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import {
  assertAbout,
  assertThrottled,
  countUntilThrottled,
  createTable,
  onDemandTableInput,
  timed,
} from "../../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const CEILING = 100;

describe("on-demand capacity", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const put = (table: string, pk: string, extra: Record<string, { S: string }> = {}) =>
    t.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk }, ...extra } }));

  it("never throttles a table without OnDemandThroughput", async () => {
    const table = await createTable(t.dynamodb, onDemandTableInput());

    for (let batch = 0; batch < 20; batch++) {
      const { UnprocessedItems } = await t.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [table.TableName!]: Array.from({ length: 25 }, (_, n) => ({
              PutRequest: { Item: { pk: { S: `${batch}-${n}` }, payload: { S: "x".repeat(3000) } } },
            })),
          },
        }),
      );
      assert.deepEqual(UnprocessedItems, {});
    }
  });

  it("throttles writes above MaxWriteRequestUnits with ThrottlingException", async () => {
    const table = await createTable(
      t.dynamodb,
      onDemandTableInput({ OnDemandThroughput: { MaxWriteRequestUnits: 5 } }),
    );

    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => put(table.TableName!, `a${n}`), CEILING),
    );

    assertAbout(written, 5, 5, seconds);
    await assertThrottled(put(table.TableName!, "over"), "ThrottlingException", [
      { reason: "TableWriteMaxOnDemandThroughputExceeded", resource: table.TableArn! },
    ]);
  });

  it("allows MaxWriteRequestUnits again in the next second", async () => {
    const table = await createTable(
      t.dynamodb,
      onDemandTableInput({ OnDemandThroughput: { MaxWriteRequestUnits: 5 } }),
    );
    await countUntilThrottled((n) => put(table.TableName!, `a${n}`), CEILING);

    t.clock.advance(60_000);
    const { result: written, seconds } = await timed(t.clock, () =>
      countUntilThrottled((n) => put(table.TableName!, `b${n}`), CEILING),
    );

    // The maximum is a per-second rate: a quiet minute does not bank a burst.
    assertAbout(written, 5, 5, seconds);
  });

  it("throttles reads above MaxReadRequestUnits", async () => {
    const table = await createTable(
      t.dynamodb,
      onDemandTableInput({ OnDemandThroughput: { MaxReadRequestUnits: 2 } }),
    );
    const get = () =>
      t.dynamodb.send(
        new GetItemCommand({ TableName: table.TableName, Key: { pk: { S: "a" } }, ConsistentRead: true }),
      );

    const { result: reads, seconds } = await timed(t.clock, () => countUntilThrottled(get, CEILING));

    assertAbout(reads, 2, 2, seconds);
    await assertThrottled(get(), "ThrottlingException", [
      { reason: "TableReadMaxOnDemandThroughputExceeded", resource: table.TableArn! },
    ]);
  });

  it("throttles table writes at a GSI's MaxWriteRequestUnits", async () => {
    const table = await createTable(
      t.dynamodb,
      onDemandTableInput({
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "status", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: "by-status",
            KeySchema: [{ AttributeName: "status", KeyType: "HASH" }],
            Projection: { ProjectionType: "KEYS_ONLY" },
            OnDemandThroughput: { MaxWriteRequestUnits: 1 },
          },
        ],
      }),
    );
    const indexArn = table.GlobalSecondaryIndexes![0]!.IndexArn!;
    await put(table.TableName!, "a", { status: { S: "NEW" } });

    await assertThrottled(put(table.TableName!, "b", { status: { S: "NEW" } }), "ThrottlingException", [
      { reason: "IndexWriteMaxOnDemandThroughputExceeded", resource: indexArn },
    ]);
  });
});
