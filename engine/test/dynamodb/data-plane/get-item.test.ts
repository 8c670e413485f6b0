/** GetItem: reads, projections and key validation, as DynamoDB answers them. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, B, BOOL, L, M, makeTable, N, S, validationError } from "./support.ts";

describe("GetItem", () => {
  let t: TestEngine;
  let hashTable: string;
  let rangeTable: string;
  const order = {
    pk: S("order-1"),
    amount: N("42.50"),
    paid: BOOL(true),
    entries: L(M({ sku: S("a"), qty: N(1) }), M({ sku: S("b"), qty: N(2) })),
    address: M({ city: S("Oslo"), zip: S("0150") }),
    blob: B("bytes"),
  };

  before(async () => {
    t = await startTestEngine();
    hashTable = await makeTable(t.dynamodb);
    rangeTable = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    await t.dynamodb.send(new PutItemCommand({ TableName: hashTable, Item: order }));
    await t.dynamodb.send(
      new PutItemCommand({ TableName: rangeTable, Item: { pk: S("a"), sk: N(1), v: S("one") } }),
    );
  });
  after(() => t.stop());

  it("returns the whole item, numbers normalised and binary as bytes", async () => {
    const { Item } = await t.dynamodb.send(
      new GetItemCommand({ TableName: hashTable, Key: { pk: S("order-1") } }),
    );

    assert.deepEqual(Item, {
      ...order,
      amount: N("42.5"),
      blob: { B: new Uint8Array(Buffer.from("bytes")) },
    });
  });

  it("answers without an Item member when the key has no item", async () => {
    const output = await t.dynamodb.send(
      new GetItemCommand({ TableName: hashTable, Key: { pk: S("missing") } }),
    );

    assert.equal(output.Item, undefined);
    assert.equal("Item" in output, false);
  });

  it("reads a table with a sort key by its full key", async () => {
    const { Item } = await t.dynamodb.send(
      new GetItemCommand({ TableName: rangeTable, Key: { pk: S("a"), sk: N("1.0") }, ConsistentRead: true }),
    );

    assert.deepEqual(Item, { pk: S("a"), sk: N(1), v: S("one") });
  });

  it("projects top-level, nested and list-element paths", async () => {
    const { Item } = await t.dynamodb.send(
      new GetItemCommand({
        TableName: hashTable,
        Key: { pk: S("order-1") },
        ProjectionExpression: "amount, #a.city, entries[1].sku",
        ExpressionAttributeNames: { "#a": "address" },
      }),
    );

    assert.deepEqual(Item, {
      amount: N("42.5"),
      address: M({ city: S("Oslo") }),
      entries: L(M({ sku: S("b") })),
    });
  });

  it("projects with the legacy AttributesToGet", async () => {
    const { Item } = await t.dynamodb.send(
      new GetItemCommand({
        TableName: hashTable,
        Key: { pk: S("order-1") },
        AttributesToGet: ["paid", "nope"],
      }),
    );

    assert.deepEqual(Item, { paid: BOOL(true) });
  });

  it("answers an empty Item when the projection matches nothing on an existing item", async () => {
    const output = await t.dynamodb.send(
      new GetItemCommand({
        TableName: hashTable,
        Key: { pk: S("order-1") },
        ProjectionExpression: "nothing",
      }),
    );

    assert.deepEqual(output.Item, {});
  });

  it("rejects a key missing the sort key", async () => {
    await validationError(
      t.dynamodb.send(new GetItemCommand({ TableName: rangeTable, Key: { pk: S("a") } })),
      "The provided key element does not match the schema",
    );
  });

  it("rejects a key with an attribute outside the key schema", async () => {
    await validationError(
      t.dynamodb.send(new GetItemCommand({ TableName: hashTable, Key: { pk: S("a"), other: S("b") } })),
      "The provided key element does not match the schema",
    );
  });

  it("rejects a key of the wrong type", async () => {
    await validationError(
      t.dynamodb.send(new GetItemCommand({ TableName: rangeTable, Key: { pk: S("a"), sk: S("1") } })),
      "The provided key element does not match the schema",
    );
  });

  it("rejects an empty string partition key", async () => {
    await validationError(
      t.dynamodb.send(new GetItemCommand({ TableName: hashTable, Key: { pk: S("") } })),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    await assertDynamoError(
      t.dynamodb.send(new GetItemCommand({ TableName: "no-such-table", Key: { pk: S("a") } })),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("rejects an unused expression attribute name", async () => {
    await validationError(
      t.dynamodb.send(
        new GetItemCommand({
          TableName: hashTable,
          Key: { pk: S("order-1") },
          ProjectionExpression: "amount",
          ExpressionAttributeNames: { "#unused": "x" },
        }),
      ),
      "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
    );
  });

  it("rejects a reserved word in a projection", async () => {
    await validationError(
      t.dynamodb.send(
        new GetItemCommand({ TableName: hashTable, Key: { pk: S("order-1") }, ProjectionExpression: "name" }),
      ),
      "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name",
    );
  });

  it("rejects both ProjectionExpression and AttributesToGet", async () => {
    await validationError(
      t.dynamodb.send(
        new GetItemCommand({
          TableName: hashTable,
          Key: { pk: S("order-1") },
          ProjectionExpression: "amount",
          AttributesToGet: ["total"],
        }),
      ),
      "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    );
  });
});
