/** PutItem: whole-item writes, conditions, ReturnValues and the key rules, as DynamoDB answers them. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  assertDynamoError,
  B,
  BOOL,
  type Item,
  invalidParameter,
  L,
  M,
  makeTable,
  N,
  S,
  validationError,
} from "./support.ts";

describe("PutItem", () => {
  let t: TestEngine;
  let table: string;
  let indexed: string;
  let binaryKeyed: string;

  const put = (input: Omit<PutItemCommandInput, "TableName"> & { TableName?: string }) =>
    t.dynamodb.send(new PutItemCommand({ TableName: table, ...input }));
  const get = async (key: Item, name = table) =>
    (await t.dynamodb.send(new GetItemCommand({ TableName: name, Key: key, ConsistentRead: true }))).Item;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    indexed = await makeTable(t.dynamodb, {
      attributes: [["gk", "S"]],
      gsis: [{ name: "byG", hash: "gk" }],
    });
    binaryKeyed = await makeTable(t.dynamodb, { hash: ["pk", "B"] });
  });
  after(() => t.stop());

  it("replaces the whole item: attributes the new item lacks are gone", async () => {
    const key = { pk: S("replace"), sk: N(1) };
    await put({ Item: { ...key, a: S("1"), b: S("2") } });

    await put({ Item: { ...key, c: S("3") } });

    assert.deepEqual(await get(key), { ...key, c: S("3") });
  });

  it("returns the replaced item for ReturnValues ALL_OLD", async () => {
    const key = { pk: S("all-old"), sk: N(1) };
    await put({ Item: { ...key, v: N(1) } });

    const replaced = await put({ Item: { ...key, v: N(2) }, ReturnValues: "ALL_OLD" });
    const created = await put({ Item: { pk: S("all-old"), sk: N(2) }, ReturnValues: "ALL_OLD" });
    const none = await put({ Item: { ...key, v: N(3) }, ReturnValues: "NONE" });

    assert.deepEqual(replaced.Attributes, { ...key, v: N(1) });
    assert.equal(created.Attributes, undefined);
    assert.equal(none.Attributes, undefined);
  });

  it("rejects ReturnValues other than ALL_OLD and NONE", async () => {
    await validationError(
      put({ Item: { pk: S("x"), sk: N(1) }, ReturnValues: "UPDATED_NEW" }),
      "ReturnValues can only be ALL_OLD or NONE",
    );
  });

  it("writes when the condition holds", async () => {
    const item = { pk: S("cond-ok"), sk: N(1), version: N(1) };
    await put({ Item: item, ConditionExpression: "attribute_not_exists(pk)" });

    await put({
      Item: { ...item, version: N(2) },
      ConditionExpression: "version = :v",
      ExpressionAttributeValues: { ":v": N(1) },
    });

    assert.deepEqual(await get({ pk: S("cond-ok"), sk: N(1) }), { ...item, version: N(2) });
  });

  it("fails the condition with ConditionalCheckFailedException and leaves the item", async () => {
    const item = { pk: S("cond-fail"), sk: N(1), v: S("original") };
    await put({ Item: item });

    const error = await assertDynamoError(
      put({ Item: { ...item, v: S("new") }, ConditionExpression: "attribute_not_exists(pk)" }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );

    assert.equal((error as ConditionalCheckFailedException).Item, undefined);
    assert.deepEqual(await get({ pk: S("cond-fail"), sk: N(1) }), item);
  });

  it("returns the current item with the failure for ReturnValuesOnConditionCheckFailure ALL_OLD", async () => {
    const item = { pk: S("cond-old"), sk: N(1), v: S("original"), n: N("1.50") };
    await put({ Item: item });

    const error = await assertDynamoError(
      put({
        Item: { ...item, v: S("new") },
        ConditionExpression: "v = :expected",
        ExpressionAttributeValues: { ":expected": S("other") },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );

    assert.deepEqual((error as ConditionalCheckFailedException).Item, { ...item, n: N("1.5") });
  });

  it("has no Item to return when the condition fails on a missing item", async () => {
    const error = await assertDynamoError(
      put({
        Item: { pk: S("cond-missing"), sk: N(1) },
        ConditionExpression: "attribute_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );

    assert.equal((error as ConditionalCheckFailedException).Item, undefined);
    assert.equal(await get({ pk: S("cond-missing"), sk: N(1) }), undefined);
  });

  it("stores every attribute type and returns it as written", async () => {
    const item = {
      pk: S("types"),
      sk: N(1),
      s: S("text"),
      empty: S(""),
      n: N("-0.001"),
      b: B(new Uint8Array([0, 255, 7])),
      bool: BOOL(false),
      nil: { NULL: true },
      ss: { SS: ["b", "a"] },
      ns: { NS: ["3", "1.5"] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
      list: L(S(""), N(2), L(), M({})),
      map: M({ inner: M({ deeper: S("x") }), blank: S("") }),
    };

    await put({ Item: item });

    assert.deepEqual(await get({ pk: S("types"), sk: N(1) }), item);
  });

  it("rejects an item without the partition key", async () => {
    await invalidParameter(put({ Item: { sk: N(1), v: S("x") } }), "Missing the key pk in the item");
  });

  it("rejects an item without the sort key", async () => {
    await invalidParameter(put({ Item: { pk: S("x") } }), "Missing the key sk in the item");
  });

  it("rejects a key of the wrong type", async () => {
    await invalidParameter(
      put({ Item: { pk: N(1), sk: N(1) } }),
      "Type mismatch for key pk expected: S actual: N",
    );
    await invalidParameter(
      put({ Item: { pk: S("x"), sk: L(N(1)) } }),
      "Type mismatch for key sk expected: N actual: L",
    );
  });

  it("rejects empty string and empty binary keys", async () => {
    await validationError(
      put({ Item: { pk: S(""), sk: N(1) } }),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
    await validationError(
      put({ TableName: binaryKeyed, Item: { pk: B(new Uint8Array()) } }),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk",
    );
  });

  it("rejects an index key of the wrong type, naming the index", async () => {
    await invalidParameter(
      put({ TableName: indexed, Item: { pk: S("x"), gk: N(5) } }),
      "Type mismatch for Index Key gk Expected: S Actual: N IndexName: byG",
    );
  });

  it("rejects an empty index key with the secondary-index message", async () => {
    await validationError(
      put({ TableName: indexed, Item: { pk: S("x"), gk: S("") } }),
      "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: byG, IndexKey: gk",
    );
  });

  it("accepts an item without the index key (a sparse index)", async () => {
    await put({ TableName: indexed, Item: { pk: S("sparse"), other: S("y") } });

    assert.deepEqual(await get({ pk: S("sparse") }, indexed), { pk: S("sparse"), other: S("y") });
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    await assertDynamoError(
      put({ TableName: "no-such-table", Item: { pk: S("x") } }),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("rejects an unused expression attribute value", async () => {
    await validationError(
      put({
        Item: { pk: S("x"), sk: N(1) },
        ConditionExpression: "attribute_not_exists(pk)",
        ExpressionAttributeValues: { ":unused": S("x") },
      }),
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
    );
  });

  it("rejects expression attribute values without an expression", async () => {
    await validationError(
      put({ Item: { pk: S("x"), sk: N(1) }, ExpressionAttributeValues: { ":v": S("x") } }),
      "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null",
    );
  });

  it("rejects a condition with redundant parentheses", async () => {
    await validationError(
      put({ Item: { pk: S("x"), sk: N(1) }, ConditionExpression: "((attribute_not_exists(pk)))" }),
      "Invalid ConditionExpression: The expression has redundant parentheses;",
    );
  });
});
