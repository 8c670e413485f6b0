/**
 * Local and global secondary indexes: each projection type, sparse indexes, index order and pages,
 * LSI fetches of unprojected attributes, and the index-specific errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type AttributeValue,
  BatchWriteItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { type Item, makeTable, N, S, validationError } from "./support.ts";

describe("secondary indexes", () => {
  let t: TestEngine;
  let table: string;

  /** Items: gk ∈ {g1, g2} or absent (sparse), gs a number, lk the LSI sort key, color and size extra. */
  const items: Item[] = [
    { pk: S("a"), sk: S("1"), gk: S("g1"), gs: N(30), lk: S("m"), color: S("red"), weight: N(1) },
    { pk: S("a"), sk: S("2"), gk: S("g1"), gs: N(10), lk: S("c"), color: S("blue"), weight: N(2) },
    { pk: S("a"), sk: S("3"), gk: S("g2"), gs: N(20), lk: S("x"), color: S("red"), weight: N(3) },
    { pk: S("b"), sk: S("1"), gk: S("g1"), gs: N(20), color: S("green"), weight: N(4) },
    { pk: S("b"), sk: S("2"), lk: S("a"), color: S("none"), weight: N(5) },
  ];

  const query = (input: Omit<QueryCommandInput, "TableName">) =>
    t.dynamodb.send(new QueryCommand({ TableName: table, ...input }));
  const keysOf = (output: QueryCommandOutput) => output.Items!.map((item) => `${item.pk!.S}/${item.sk!.S}`);

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb, {
      range: ["sk", "S"],
      attributes: [
        ["gk", "S"],
        ["gs", "N"],
        ["lk", "S"],
      ],
      gsis: [
        { name: "gAll", hash: "gk", range: "gs" },
        { name: "gKeys", hash: "gk", projection: { ProjectionType: "KEYS_ONLY" } },
        {
          name: "gInclude",
          hash: "gk",
          range: "gs",
          projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["color"] },
        },
      ],
      lsis: [
        { name: "lAll", hash: "pk", range: "lk" },
        { name: "lKeys", hash: "pk", range: "lk", projection: { ProjectionType: "KEYS_ONLY" } },
        {
          name: "lInclude",
          hash: "pk",
          range: "lk",
          projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["weight"] },
        },
      ],
    });
    await t.dynamodb.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  });
  after(() => t.stop());

  describe("global", () => {
    it("ALL returns whole items in index order", async () => {
      const output = await query({
        IndexName: "gAll",
        KeyConditionExpression: "gk = :g",
        ExpressionAttributeValues: { ":g": S("g1") },
      });

      assert.deepEqual(output.Items, [items[1], items[3], items[0]]);
    });

    it("KEYS_ONLY returns the table and index keys only", async () => {
      const output = await query({
        IndexName: "gKeys",
        KeyConditionExpression: "gk = :g",
        ExpressionAttributeValues: { ":g": S("g2") },
      });

      assert.deepEqual(output.Items, [{ pk: S("a"), sk: S("3"), gk: S("g2") }]);
    });

    it("ALL_PROJECTED_ATTRIBUTES returns what the index projects", async () => {
      const output = await query({
        IndexName: "gKeys",
        KeyConditionExpression: "gk = :g",
        ExpressionAttributeValues: { ":g": S("g2") },
        Select: "ALL_PROJECTED_ATTRIBUTES",
      });

      assert.deepEqual(output.Items, [{ pk: S("a"), sk: S("3"), gk: S("g2") }]);
    });

    it("INCLUDE returns the keys and the included attributes", async () => {
      const output = await query({
        IndexName: "gInclude",
        KeyConditionExpression: "gk = :g AND gs > :n",
        ExpressionAttributeValues: { ":g": S("g1"), ":n": N(15) },
        ScanIndexForward: false,
      });

      assert.deepEqual(output.Items, [
        { pk: S("a"), sk: S("1"), gk: S("g1"), gs: N(30), color: S("red") },
        { pk: S("b"), sk: S("1"), gk: S("g1"), gs: N(20), color: S("green") },
      ]);
    });

    it("leaves items without the index key out (sparse)", async () => {
      const output = await t.dynamodb.send(new ScanCommand({ TableName: table, IndexName: "gKeys" }));

      assert.equal(output.Count, 4);
      assert.ok(output.Items!.every((item) => item.gk !== undefined));
    });

    it("moves an item between partitions when its index key changes", async () => {
      await t.dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S("b"), sk: S("2") },
          UpdateExpression: "SET gk = :g, gs = :n",
          ExpressionAttributeValues: { ":g": S("g9"), ":n": N(1) },
        }),
      );
      const joined = await query({
        IndexName: "gAll",
        KeyConditionExpression: "gk = :g",
        ExpressionAttributeValues: { ":g": S("g9") },
      });
      await t.dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S("b"), sk: S("2") },
          UpdateExpression: "REMOVE gk, gs",
        }),
      );
      const left = await query({
        IndexName: "gAll",
        KeyConditionExpression: "gk = :g",
        ExpressionAttributeValues: { ":g": S("g9") },
      });

      assert.deepEqual(keysOf(joined), ["b/2"]);
      assert.equal(left.Count, 0);
    });

    it("pages through equal index keys with LastEvaluatedKey carrying table and index keys", async () => {
      const pages: QueryCommandOutput[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await query({
          IndexName: "gKeys",
          KeyConditionExpression: "gk = :g",
          ExpressionAttributeValues: { ":g": S("g1") },
          Limit: 2,
          ExclusiveStartKey: start,
        });
        pages.push(page);
        start = page.LastEvaluatedKey;
      } while (start && pages.length < 10);

      assert.deepEqual(pages.flatMap(keysOf).sort(), ["a/1", "a/2", "b/1"]);
      assert.deepEqual(Object.keys(pages[0]!.LastEvaluatedKey!).sort(), ["gk", "pk", "sk"]);
    });

    it("rejects Select ALL_ATTRIBUTES on an index that does not project everything", async () => {
      await validationError(
        query({
          IndexName: "gKeys",
          KeyConditionExpression: "gk = :g",
          ExpressionAttributeValues: { ":g": S("g1") },
          Select: "ALL_ATTRIBUTES",
        }),
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index gKeys because its projection type is not ALL",
      );
    });

    it("rejects consistent reads", async () => {
      await validationError(
        query({
          IndexName: "gAll",
          KeyConditionExpression: "gk = :g",
          ExpressionAttributeValues: { ":g": S("g1") },
          ConsistentRead: true,
        }),
        "Consistent reads are not supported on global secondary indexes",
      );
    });

    it("rejects a filter on the index key but allows one on the table key", async () => {
      await validationError(
        query({
          IndexName: "gAll",
          KeyConditionExpression: "gk = :g",
          FilterExpression: "gs > :n",
          ExpressionAttributeValues: { ":g": S("g1"), ":n": N(1) },
        }),
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: gs",
      );
      const output = await query({
        IndexName: "gAll",
        KeyConditionExpression: "gk = :g",
        FilterExpression: "pk = :p",
        ExpressionAttributeValues: { ":g": S("g1"), ":p": S("b") },
      });
      assert.deepEqual(keysOf(output), ["b/1"]);
    });

    it("requires the index's partition key", async () => {
      await validationError(
        query({
          IndexName: "gAll",
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("a") },
        }),
        "Query condition missed key schema element: gk",
      );
    });

    it("rejects a starting key without the index key", async () => {
      await validationError(
        query({
          IndexName: "gAll",
          KeyConditionExpression: "gk = :g",
          ExpressionAttributeValues: { ":g": S("g1") },
          ExclusiveStartKey: { pk: S("a"), sk: S("1") },
        }),
        "The provided starting key is invalid",
      );
    });
  });

  describe("local", () => {
    it("orders a partition by the index's sort key and leaves out items without it", async () => {
      const output = await query({
        IndexName: "lAll",
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": S("a") },
        ConsistentRead: true,
      });

      assert.deepEqual(output.Items, [items[1], items[0], items[2]]);
    });

    it("KEYS_ONLY returns the keys by default", async () => {
      const output = await query({
        IndexName: "lKeys",
        KeyConditionExpression: "pk = :p AND lk < :l",
        ExpressionAttributeValues: { ":p": S("a"), ":l": S("n") },
      });

      assert.deepEqual(output.Items, [
        { pk: S("a"), sk: S("2"), lk: S("c") },
        { pk: S("a"), sk: S("1"), lk: S("m") },
      ]);
    });

    it("INCLUDE returns the keys and the included attributes, also for ALL_PROJECTED_ATTRIBUTES", async () => {
      const output = await query({
        IndexName: "lInclude",
        KeyConditionExpression: "pk = :p AND begins_with(lk, :l)",
        ExpressionAttributeValues: { ":p": S("a"), ":l": S("x") },
        Select: "ALL_PROJECTED_ATTRIBUTES",
      });

      assert.deepEqual(output.Items, [{ pk: S("a"), sk: S("3"), lk: S("x"), weight: N(3) }]);
    });

    it("fetches unprojected attributes from the table for ALL_ATTRIBUTES and projections", async () => {
      const all = await query({
        IndexName: "lKeys",
        KeyConditionExpression: "pk = :p AND lk = :l",
        ExpressionAttributeValues: { ":p": S("a"), ":l": S("x") },
        Select: "ALL_ATTRIBUTES",
      });
      const projected = await query({
        IndexName: "lKeys",
        KeyConditionExpression: "pk = :p AND lk = :l",
        ExpressionAttributeValues: { ":p": S("a"), ":l": S("x") },
        ProjectionExpression: "color, weight",
      });

      assert.deepEqual(all.Items, [items[2]]);
      assert.deepEqual(projected.Items, [{ color: S("red"), weight: N(3) }]);
    });

    it("scans an index in its own order", async () => {
      const output = await t.dynamodb.send(new ScanCommand({ TableName: table, IndexName: "lKeys" }));

      assert.equal(output.Count, 4);
      assert.ok(output.Items!.every((item) => Object.keys(item).sort().join() === "lk,pk,sk"));
    });
  });
});
