/**
 * Batches and transactions beyond their limits or with repeated keys, sent raw: each is refused
 * whole with DynamoDB's error, nothing is written, and the engine keeps serving.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { ScanCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { makeTable } from "../data-plane/support.ts";
import { assertServing, expectError, validation } from "./support.ts";

const key = (i: number | string) => ({ pk: { S: `k${i}` } });
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

describe("bad batches", () => {
  let t: TestEngine;
  let table: string;
  let other: string;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
    other = await makeTable(t.dynamodb);
  });
  afterEach(async () => {
    await assertServing(t, table);
    const { Items } = await t.dynamodb.send(new ScanCommand({ TableName: other }));
    assert.deepEqual(Items, [], "a refused batch writes nothing");
  });
  after(() => t.stop());

  it("refuses 26 writes for one table", () =>
    expectError(
      t.endpoint,
      "BatchWriteItem",
      { RequestItems: { [other]: range(26).map((i) => ({ PutRequest: { Item: key(i) } })) } },
      validation(
        new RegExp(
          `^1 validation error detected: Value '\\{${other}=\\[.+\\]\\}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \\[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\\]$`,
          "s",
        ),
      ),
    ));

  it("refuses 26 writes across two tables", () =>
    expectError(
      t.endpoint,
      "BatchWriteItem",
      {
        RequestItems: {
          [other]: range(13).map((i) => ({ PutRequest: { Item: key(i) } })),
          [table]: range(13).map((i) => ({ PutRequest: { Item: key(i) } })),
        },
      },
      validation("Too many items requested for the BatchWriteItem call"),
    ));

  it("refuses an empty write list for a table", () =>
    expectError(
      t.endpoint,
      "BatchWriteItem",
      { RequestItems: { [other]: [] } },
      validation(
        `1 validation error detected: Value '{${other}=[]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]`,
      ),
    ));

  it("refuses 101 gets for one table", () =>
    expectError(
      t.endpoint,
      "BatchGetItem",
      { RequestItems: { [other]: { Keys: range(101).map(key) } } },
      validation(
        new RegExp(
          `^1 validation error detected: Value '\\[.+\\]' at 'requestItems\\.${other}\\.member\\.keys' failed to satisfy constraint: Member must have length less than or equal to 100$`,
        ),
      ),
    ));

  it("refuses 101 gets across two tables", () =>
    expectError(
      t.endpoint,
      "BatchGetItem",
      { RequestItems: { [other]: { Keys: range(50).map(key) }, [table]: { Keys: range(51).map(key) } } },
      validation("Too many items requested for the BatchGetItem call"),
    ));

  it("refuses 101 transaction actions", () =>
    expectError(
      t.endpoint,
      "TransactWriteItems",
      { TransactItems: range(101).map((i) => ({ Put: { TableName: other, Item: key(i) } })) },
      validation(
        /^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s,
      ),
    ));

  it("refuses repeated keys in a BatchWriteItem", () =>
    expectError(
      t.endpoint,
      "BatchWriteItem",
      { RequestItems: { [other]: [{ PutRequest: { Item: key(1) } }, { DeleteRequest: { Key: key(1) } }] } },
      validation("Provided list of item keys contains duplicates"),
    ));

  it("refuses repeated keys in a BatchGetItem", () =>
    expectError(
      t.endpoint,
      "BatchGetItem",
      { RequestItems: { [other]: { Keys: [key(1), key(2), key(1)] } } },
      validation("Provided list of item keys contains duplicates"),
    ));

  it("refuses repeated items in a transaction", async () => {
    await expectError(
      t.endpoint,
      "TransactWriteItems",
      {
        TransactItems: [
          { Put: { TableName: other, Item: key(1) } },
          { Put: { TableName: other, Item: { ...key(1), v: { N: "2" } } } },
        ],
      },
      validation("Transaction request cannot include multiple operations on one item"),
    );
    await expectError(
      t.endpoint,
      "TransactGetItems",
      {
        TransactItems: [
          { Get: { TableName: other, Key: key(1) } },
          { Get: { TableName: other, Key: key(1) } },
        ],
      },
      validation("Transaction request cannot include multiple operations on one item"),
    );
  });

  it("refuses a transaction action with no operation", () =>
    expectError(
      t.endpoint,
      "TransactWriteItems",
      { TransactItems: [{ Put: { TableName: other, Item: key(1) } }, {}] },
      validation("Invalid Request: TransactWriteRequest should contain Delete or Put or Update request"),
    ));

  it("refuses an empty transaction", () =>
    expectError(
      t.endpoint,
      "TransactWriteItems",
      { TransactItems: [] },
      validation(
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    ));
});
