/** TransactGetItems: one consistent read across tables, a response per action in request order. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type TransactGetItem, TransactGetItemsCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, makeTable, N, putItems, S, validationError } from "./support.ts";

describe("TransactGetItems", () => {
  let t: TestEngine;
  let users: string;
  let orders: string;

  const transactGet = (TransactItems: TransactGetItem[]) =>
    t.dynamodb.send(new TransactGetItemsCommand({ TransactItems }));

  before(async () => {
    t = await startTestEngine();
    users = await makeTable(t.dynamodb);
    orders = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    await putItems(t.dynamodb, users, [{ pk: S("u1"), name1: S("Ada"), age: N(36) }]);
    await putItems(t.dynamodb, orders, [{ pk: S("o1"), sk: N(1), amount: N(5) }]);
  });
  after(() => t.stop());

  it("answers each action in request order, an empty response for a missing item", async () => {
    const output = await transactGet([
      { Get: { TableName: orders, Key: { pk: S("o1"), sk: N(1) } } },
      { Get: { TableName: users, Key: { pk: S("nobody") } } },
      { Get: { TableName: users, Key: { pk: S("u1") }, ProjectionExpression: "age" } },
    ]);

    assert.deepEqual(output.Responses, [
      { Item: { pk: S("o1"), sk: N(1), amount: N(5) } },
      {},
      { Item: { age: N(36) } },
    ]);
  });

  it("rejects two reads of one item", async () => {
    await validationError(
      transactGet([
        { Get: { TableName: users, Key: { pk: S("u1") } } },
        { Get: { TableName: users, Key: { pk: S("u1") }, ProjectionExpression: "age" } },
      ]),
      "Transaction request cannot include multiple operations on one item",
    );
  });

  it("rejects a key that does not match the schema", async () => {
    await validationError(
      transactGet([{ Get: { TableName: orders, Key: { pk: S("o1") } } }]),
      "The provided key element does not match the schema",
    );
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    await assertDynamoError(
      transactGet([{ Get: { TableName: "no-such-table", Key: { pk: S("x") } } }]),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("rejects more than 100 actions with the model's constraint", async () => {
    const actions = Array.from({ length: 101 }, (_, i) => ({
      Get: { TableName: users, Key: { pk: S(`k${i}`) } },
    }));

    await validationError(
      transactGet(actions),
      /^1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/s,
    );
  });
});
