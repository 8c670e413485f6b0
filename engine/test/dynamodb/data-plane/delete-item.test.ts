/** DeleteItem: deletes, conditions, ReturnValues and index upkeep. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, makeTable, N, S, validationError } from "./support.ts";

describe("DeleteItem", () => {
  let t: TestEngine;
  let table: string;

  const del = (input: Omit<DeleteItemCommandInput, "TableName">) =>
    t.dynamodb.send(new DeleteItemCommand({ TableName: table, ...input }));
  const exists = async (pk: string) =>
    (
      await t.dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }),
      )
    ).Item !== undefined;
  const seed = (pk: string, extra = {}) =>
    t.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: S(pk), gk: S("g"), ...extra } }));

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb, { attributes: [["gk", "S"]], gsis: [{ name: "byG", hash: "gk" }] });
  });
  after(() => t.stop());

  it("deletes the item and returns it for ReturnValues ALL_OLD", async () => {
    await seed("a", { n: N("2.0") });

    const output = await del({ Key: { pk: S("a") }, ReturnValues: "ALL_OLD" });

    assert.deepEqual(output.Attributes, { pk: S("a"), gk: S("g"), n: N(2) });
    assert.equal(await exists("a"), false);
  });

  it("succeeds without Attributes when the item does not exist", async () => {
    const output = await del({ Key: { pk: S("never") }, ReturnValues: "ALL_OLD" });

    assert.equal(output.Attributes, undefined);
  });

  it("removes the item from its indexes", async () => {
    await seed("indexed");

    await del({ Key: { pk: S("indexed") } });

    const { Items } = await t.dynamodb.send(
      new QueryCommand({
        TableName: table,
        IndexName: "byG",
        KeyConditionExpression: "gk = :g",
        ExpressionAttributeValues: { ":g": S("g") },
      }),
    );
    assert.equal(
      Items?.some((item) => item.pk?.S === "indexed"),
      false,
    );
  });

  it("keeps the item when the condition fails, returning it for ALL_OLD", async () => {
    await seed("guarded", { locked: { BOOL: true } });

    const error = await assertDynamoError(
      del({
        Key: { pk: S("guarded") },
        ConditionExpression: "locked = :f",
        ExpressionAttributeValues: { ":f": { BOOL: false } },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );

    assert.deepEqual((error as ConditionalCheckFailedException).Item, {
      pk: S("guarded"),
      gk: S("g"),
      locked: { BOOL: true },
    });
    assert.equal(await exists("guarded"), true);
  });

  it("fails a condition that needs the item when there is none", async () => {
    await assertDynamoError(
      del({ Key: { pk: S("absent") }, ConditionExpression: "attribute_exists(pk)" }),
      "ConditionalCheckFailedException",
      "The conditional request failed",
    );
  });

  it("rejects ReturnValues other than ALL_OLD and NONE", async () => {
    await validationError(
      del({ Key: { pk: S("a") }, ReturnValues: "ALL_NEW" }),
      "ReturnValues can only be ALL_OLD or NONE",
    );
  });

  it("rejects a key that does not match the schema", async () => {
    await validationError(del({ Key: { pk: N(1) } }), "The provided key element does not match the schema");
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    await assertDynamoError(
      t.dynamodb.send(new DeleteItemCommand({ TableName: "no-such-table", Key: { pk: S("a") } })),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });
});
