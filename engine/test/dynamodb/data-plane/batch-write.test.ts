/** BatchWriteItem: puts and deletes across tables, whole-batch validation, and throttled items. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  GetItemCommand,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  assertDynamoError,
  assertRawValidation,
  filler,
  type Item,
  invalidParameter,
  makeTable,
  N,
  putItems,
  S,
  validationError,
} from "./support.ts";

describe("BatchWriteItem", () => {
  let t: TestEngine;
  let users: string;
  let events: string;
  let indexed: string;

  const batchWrite = (RequestItems: BatchWriteItemCommandInput["RequestItems"]) =>
    t.dynamodb.send(new BatchWriteItemCommand({ RequestItems }));
  const put = (Item: Item): WriteRequest => ({ PutRequest: { Item } });
  const del = (Key: Item): WriteRequest => ({ DeleteRequest: { Key } });
  const get = async (table: string, Key: Item) =>
    (await t.dynamodb.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }))).Item;
  const puts = (count: number, prefix = "k") =>
    Array.from({ length: count }, (_, i) => put({ pk: S(`${prefix}${i}`) }));

  before(async () => {
    t = await startTestEngine();
    users = await makeTable(t.dynamodb);
    events = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    indexed = await makeTable(t.dynamodb, { attributes: [["gk", "S"]], gsis: [{ name: "byG", hash: "gk" }] });
  });
  after(() => t.stop());

  it("puts and deletes across tables", async () => {
    await putItems(t.dynamodb, users, [{ pk: S("old") }]);

    const output = await batchWrite({
      [users]: [put({ pk: S("new"), v: N(1) }), del({ pk: S("old") })],
      [events]: [put({ pk: S("e"), sk: N(1) }), put({ pk: S("e"), sk: N(2) })],
    });

    assert.deepEqual(output.UnprocessedItems, {});
    assert.deepEqual(await get(users, { pk: S("new") }), { pk: S("new"), v: N(1) });
    assert.equal(await get(users, { pk: S("old") }), undefined);
    assert.deepEqual(await get(events, { pk: S("e"), sk: N(2) }), { pk: S("e"), sk: N(2) });
  });

  it("writes exactly 25 requests", async () => {
    const output = await batchWrite({ [users]: puts(25, "twenty-five-") });

    assert.deepEqual(output.UnprocessedItems, {});
    assert.ok(await get(users, { pk: S("twenty-five-24") }));
  });

  it("rejects more than 25 requests for one table with the model's constraint, writing nothing", async () => {
    await validationError(
      batchWrite({ [users]: puts(26, "too-many-") }),
      new RegExp(
        `^1 validation error detected: Value '\\{${users}=\\[.+\\]\\}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\\]$`,
        "s",
      ),
    );
    assert.equal(await get(users, { pk: S("too-many-0") }), undefined);
  });

  it("rejects more than 25 requests across tables", async () => {
    await validationError(
      batchWrite({
        [users]: puts(13, "spread-"),
        [events]: puts(13).map((w) => put({ ...w.PutRequest!.Item!, sk: N(1) })),
      }),
      "Too many items requested for the BatchWriteItem call",
    );
  });

  it("rejects two requests for one item, put and put or put and delete", async () => {
    for (const pair of [
      [put({ pk: S("dup") }), put({ pk: S("dup"), v: N(1) })],
      [put({ pk: S("dup") }), del({ pk: S("dup") })],
      [del({ pk: S("dup") }), put({ pk: S("dup") })],
    ]) {
      await validationError(batchWrite({ [users]: pair }), "Provided list of item keys contains duplicates");
    }
    assert.equal(await get(users, { pk: S("dup") }), undefined);
  });

  it("allows one key in two tables", async () => {
    const twin = await makeTable(t.dynamodb);

    await batchWrite({ [users]: [put({ pk: S("twin") })], [twin]: [put({ pk: S("twin") })] });

    assert.ok(await get(twin, { pk: S("twin") }));
  });

  it("checks that the table exists before looking for duplicates", async () => {
    await assertDynamoError(
      batchWrite({ "no-such-table": [put({ pk: S("a") }), del({ pk: S("a") })] }),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("writes nothing when one table does not exist", async () => {
    await assertDynamoError(
      batchWrite({ [users]: [put({ pk: S("orphan") })], "no-such-table": [put({ pk: S("a") })] }),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
    assert.equal(await get(users, { pk: S("orphan") }), undefined);
  });

  it("reports a put's wrong key as not matching the schema, unlike PutItem", async () => {
    await validationError(
      batchWrite({ [users]: [put({ pk: N(5) })] }),
      "The provided key element does not match the schema",
    );
    await validationError(
      batchWrite({ [events]: [put({ pk: S("e"), sk: { L: [] } })] }),
      "The provided key element does not match the schema",
    );
  });

  it("rejects index keys of the wrong type or empty", async () => {
    await invalidParameter(
      batchWrite({ [indexed]: [put({ pk: S("i"), gk: N(1) })] }),
      "Type mismatch for Index Key gk Expected: S Actual: N IndexName: byG",
    );
    await validationError(
      batchWrite({ [indexed]: [put({ pk: S("i"), gk: S("") })] }),
      "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byG, IndexKey: gk",
    );
  });

  it("rejects empty key values in puts and deletes", async () => {
    const message =
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk";
    await validationError(batchWrite({ [users]: [put({ pk: S("") })] }), message);
    await validationError(batchWrite({ [users]: [del({ pk: S("") })] }), message);
  });

  it("rejects an item over 400 KB before looking the table up", async () => {
    await validationError(
      batchWrite({ "no-such-table": [put({ pk: S("big"), pad: S(filler(400 * 1024)) })] }),
      "Item size has exceeded the maximum allowed size",
    );
  });

  it("rejects a write request that is neither a put nor a delete", async () => {
    await assertRawValidation(
      t.endpoint,
      "BatchWriteItem",
      { RequestItems: { [users]: [{}] } },
      "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    );
  });

  describe("on a 1 WCU table", () => {
    it("writes what the capacity allows and returns the rest in UnprocessedItems, as sent", async () => {
      const slow = await makeTable(t.dynamodb, { provisioned: { read: 1, write: 1 } });
      const requests = [put({ pk: S("a"), v: N("1.50") }), del({ pk: S("b") }), put({ pk: S("c") })];

      const first = await batchWrite({ [slow]: requests });
      const unprocessed = first.UnprocessedItems![slow]!;
      t.clock.advance(10_000);
      const retry = await t.dynamodb.send(
        new BatchWriteItemCommand({ RequestItems: first.UnprocessedItems }),
      );

      assert.equal(unprocessed.length, 2);
      assert.deepEqual(unprocessed, requests.slice(1));
      assert.deepEqual(retry.UnprocessedItems, {});
      assert.deepEqual(await get(slow, { pk: S("a") }), { pk: S("a"), v: N("1.5") });
      assert.deepEqual(await get(slow, { pk: S("c") }), { pk: S("c") });
    });

    it("throws ProvisionedThroughputExceededException when no request can be written", async () => {
      const slow = await makeTable(t.dynamodb, { provisioned: { read: 1, write: 1 } });
      await batchWrite({ [slow]: [put({ pk: S("first") })] });

      await assertDynamoError(
        batchWrite({ [slow]: [put({ pk: S("second") }), put({ pk: S("third") })] }),
        "ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
      );
      assert.equal(await get(slow, { pk: S("second") }), undefined);
    });
  });
});
