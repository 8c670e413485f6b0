/** BatchGetItem: several tables at once, projections, limits, duplicates and throttled keys. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BatchGetItemCommand, type BatchGetItemCommandInput, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, type Item, makeTable, N, putItems, S, validationError } from "./support.ts";

describe("BatchGetItem", () => {
  let t: TestEngine;
  let users: string;
  let orders: string;

  const batchGet = (RequestItems: BatchGetItemCommandInput["RequestItems"]) =>
    t.dynamodb.send(new BatchGetItemCommand({ RequestItems }));
  const keys = (count: number, prefix = "k") =>
    Array.from({ length: count }, (_, i) => ({ pk: S(`${prefix}${i}`) }));
  const byPk = (items: Item[] | undefined) =>
    [...(items ?? [])].sort((a, b) => (a.pk!.S! < b.pk!.S! ? -1 : 1));

  before(async () => {
    t = await startTestEngine();
    users = await makeTable(t.dynamodb);
    orders = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    await putItems(t.dynamodb, users, [
      { pk: S("u1"), name1: S("Ada"), age: N(36) },
      { pk: S("u2"), name1: S("Bob"), age: N(41) },
    ]);
    await putItems(t.dynamodb, orders, [{ pk: S("o1"), sk: N(1), amount: N("9.99") }]);
  });
  after(() => t.stop());

  it("reads from several tables and leaves missing keys out", async () => {
    const output = await batchGet({
      [users]: { Keys: [{ pk: S("u1") }, { pk: S("u2") }, { pk: S("nobody") }] },
      [orders]: { Keys: [{ pk: S("o1"), sk: N("1.0") }], ConsistentRead: true },
    });

    assert.deepEqual(byPk(output.Responses![users]), [
      { pk: S("u1"), name1: S("Ada"), age: N(36) },
      { pk: S("u2"), name1: S("Bob"), age: N(41) },
    ]);
    assert.deepEqual(output.Responses![orders], [{ pk: S("o1"), sk: N(1), amount: N("9.99") }]);
    assert.deepEqual(output.UnprocessedKeys, {});
  });

  it("answers an empty list for a table none of whose keys exist", async () => {
    const output = await batchGet({ [users]: { Keys: [{ pk: S("nobody") }] } });

    assert.deepEqual(output.Responses, { [users]: [] });
  });

  it("projects each table's items", async () => {
    const output = await batchGet({
      [users]: {
        Keys: [{ pk: S("u1") }],
        ProjectionExpression: "#n",
        ExpressionAttributeNames: { "#n": "name1" },
      },
      [orders]: { Keys: [{ pk: S("o1"), sk: N(1) }], AttributesToGet: ["amount"] },
    });

    assert.deepEqual(output.Responses, { [users]: [{ name1: S("Ada") }], [orders]: [{ amount: N("9.99") }] });
  });

  it("rejects duplicate keys in one table, numbers compared by value", async () => {
    await validationError(
      batchGet({ [users]: { Keys: [{ pk: S("u1") }, { pk: S("u1") }] } }),
      "Provided list of item keys contains duplicates",
    );
    await validationError(
      batchGet({
        [orders]: {
          Keys: [
            { pk: S("o1"), sk: N("1") },
            { pk: S("o1"), sk: N("1.00") },
          ],
        },
      }),
      "Provided list of item keys contains duplicates",
    );
  });

  it("allows the same key in two tables", async () => {
    const other = await makeTable(t.dynamodb);

    const output = await batchGet({
      [users]: { Keys: [{ pk: S("u1") }] },
      [other]: { Keys: [{ pk: S("u1") }] },
    });

    assert.equal(output.Responses![users]!.length, 1);
    assert.deepEqual(output.Responses![other], []);
  });

  it("rejects more than 100 keys in one table with the model's constraint", async () => {
    await validationError(
      batchGet({ [users]: { Keys: keys(101) } }),
      new RegExp(
        `^1 validation error detected: Value '\\[.+\\]' at 'requestItems\\.${users}\\.member\\.keys' failed to satisfy constraint: Member must have length less than or equal to 100$`,
      ),
    );
  });

  it("rejects more than 100 keys across tables", async () => {
    await validationError(
      batchGet({
        [users]: { Keys: keys(51) },
        [orders]: { Keys: keys(50).map((k) => ({ ...k, sk: N(1) })) },
      }),
      "Too many items requested for the BatchGetItem call",
    );
  });

  it("reads exactly 100 keys", async () => {
    const output = await batchGet({ [users]: { Keys: [...keys(98), { pk: S("u1") }, { pk: S("u2") }] } });

    assert.equal(output.Responses![users]!.length, 2);
  });

  it("rejects a key that does not match the schema", async () => {
    await validationError(
      batchGet({ [orders]: { Keys: [{ pk: S("o1") }] } }),
      "The provided key element does not match the schema",
    );
  });

  it("fails the whole batch when one table does not exist", async () => {
    await assertDynamoError(
      batchGet({ [users]: { Keys: [{ pk: S("u1") }] }, "no-such-table": { Keys: [{ pk: S("x") }] } }),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  describe("on a 1 RCU table", () => {
    let slow: string;

    before(async () => {
      slow = await makeTable(t.dynamodb, { provisioned: { read: 1, write: 1 } });
      for (let i = 0; i < 4; i++) {
        t.clock.advance(1_000);
        await t.dynamodb.send(new PutItemCommand({ TableName: slow, Item: { pk: S(`k${i}`), v: N(i) } }));
      }
    });

    it("returns what the capacity allows and the rest in UnprocessedKeys, as requested", async () => {
      const requested = keys(10);

      const first = await batchGet({
        [slow]: { Keys: requested, ConsistentRead: true, ProjectionExpression: "pk, v" },
      });
      const unprocessed = first.UnprocessedKeys![slow]!;
      t.clock.advance(20_000);
      const retry = await t.dynamodb.send(new BatchGetItemCommand({ RequestItems: first.UnprocessedKeys }));

      const served = first.Responses![slow]!.length;
      assert.ok(served > 0, "some keys are served");
      assert.ok(unprocessed.Keys!.length > 0, "some keys are left");
      assert.equal(unprocessed.ConsistentRead, true);
      assert.equal(unprocessed.ProjectionExpression, "pk, v");
      assert.deepEqual(retry.UnprocessedKeys, {});
      assert.deepEqual(
        byPk([...first.Responses![slow]!, ...retry.Responses![slow]!]),
        [0, 1, 2, 3].map((i) => ({ pk: S(`k${i}`), v: N(i) })),
      );
    });

    it("throws ProvisionedThroughputExceededException when no key can be read", async () => {
      // Spends whatever the bucket holds (it holds less than 100 units).
      const drained = await batchGet({ [slow]: { Keys: keys(100), ConsistentRead: true } });
      assert.ok(drained.UnprocessedKeys![slow]!.Keys!.length > 0);

      await assertDynamoError(
        batchGet({ [slow]: { Keys: keys(2), ConsistentRead: true } }),
        "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
      );
    });
  });
});
