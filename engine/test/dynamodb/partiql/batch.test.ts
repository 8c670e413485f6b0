import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchExecuteStatementCommand,
  type BatchStatementRequest,
  type ReturnConsumedCapacity,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { validationError } from "../control-plane/support.ts";
import { getItem, hashTable, N, S, seed } from "./support.ts";

describe("BatchExecuteStatement", () => {
  let t: TestEngine;
  let table: string;
  before(async () => {
    t = await startTestEngine();
    table = await hashTable(t.dynamodb);
    await seed(t.dynamodb, table, [
      { pk: S("a"), v: S("one") },
      { pk: S("b"), v: S("two") },
      { pk: S("cond"), v: S("here") },
      { pk: S("dup") },
    ]);
  });
  after(() => t.stop());

  const batch = (Statements: BatchStatementRequest[], ReturnConsumedCapacity?: ReturnConsumedCapacity) =>
    t.dynamodb.send(new BatchExecuteStatementCommand({ Statements, ReturnConsumedCapacity }));

  it("reads one item per SELECT, with its table, and nothing for a missing key", async () => {
    const { Responses } = await batch([
      { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
      { Statement: `SELECT v FROM "${table}" WHERE pk = ?`, Parameters: [S("b")] },
      { Statement: `SELECT * FROM "${table}" WHERE pk = 'missing'` },
    ]);

    assert.deepEqual(Responses, [
      { TableName: table, Item: { pk: S("a"), v: S("one") } },
      { TableName: table, Item: { v: S("two") } },
      { TableName: table },
    ]);
  });

  it("runs writes, each on its own, honouring RETURNING", async () => {
    const { Responses } = await batch([
      { Statement: `INSERT INTO "${table}" VALUE {'pk': 'w1'}` },
      { Statement: `UPDATE "${table}" SET v = 'new' WHERE pk = 'b' RETURNING MODIFIED NEW *` },
      { Statement: `UPDATE "${table}" SET v = 'x' WHERE pk = 'ghost'` },
      { Statement: `DELETE FROM "${table}" WHERE pk = 'w1' RETURNING ALL OLD *` },
    ]);

    assert.deepEqual(Responses, [
      { TableName: table },
      { TableName: table, Item: { v: S("new") } },
      {
        TableName: table,
        Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      },
      { TableName: table, Item: { pk: S("w1") } },
    ]);
    assert.equal(await getItem(t.dynamodb, table, { pk: S("w1") }), undefined);
  });

  it("answers each failure in its statement's place, with its table only if the statement ran", async () => {
    const { Responses } = await batch([
      { Statement: `SLECT * FROM "${table}" WHERE pk = 'a'` },
      { Statement: `INSERT INTO "${table}" VALUE {'pk': ?}`, Parameters: [S("dup")] },
      {
        Statement: `UPDATE "${table}" SET touched = 'yes' WHERE pk = ? AND v = ?`,
        Parameters: [S("cond"), S("wrong")],
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
      { Statement: `DELETE FROM "nope-table" WHERE pk = 'x'` },
      { Statement: `UPDATE "${table}" SET a = ? WHERE pk = 'x'` },
    ]);

    assert.deepEqual(Responses, [
      {
        Error: {
          Code: "ValidationError",
          Message: "Statement wasn't well formed, can't be processed: Expected data manipulation",
        },
      },
      {
        TableName: table,
        Error: { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" },
      },
      {
        TableName: table,
        Error: { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      },
      { Error: { Code: "ResourceNotFound", Message: "Requested resource not found" } },
      {
        Error: {
          Code: "ValidationError",
          Message: "Number of parameters in request and statement don't match.",
        },
      },
    ]);
  });

  it("requires a SELECT to name the full primary key and nothing else", async () => {
    const { Responses } = await batch([
      { Statement: `SELECT * FROM "${table}" WHERE v = 'one'` },
      { Statement: `SELECT * FROM "${table}" WHERE pk = 'a' AND attribute_exists(v)` },
      { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
    ]);

    const message =
      "Select statements within BatchExecuteStatement must specify the primary key in the where clause.";
    assert.deepEqual(Responses?.slice(0, 2), [
      { Error: { Code: "ValidationError", Message: message } },
      { Error: { Code: "ValidationError", Message: message } },
    ]);
    assert.deepEqual(Responses?.[2]?.Item, { pk: S("a"), v: S("one") });
  });

  it("refuses reads and writes together", async () => {
    await validationError(
      batch([
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
      ]),
      "Read and write requests together in the same batch is not supported.",
    );
  });

  it("refuses EXISTS outside a transaction, per statement", async () => {
    const { Responses } = await batch([
      { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'a' AND v = 'one')` },
    ]);

    assert.deepEqual(Responses, [
      {
        Error: {
          Code: "ValidationError",
          Message: "EXISTS can only be used in ExecuteTransaction write requests.",
        },
      },
    ]);
  });

  it("refuses more than 25 statements and an empty batch", async () => {
    const statements = Array.from({ length: 26 }, () => ({
      Statement: `SELECT * FROM "${table}" WHERE pk = 'a'`,
    }));

    await validationError(batch(statements), /Member must have length less than or equal to 25/);
    await validationError(batch([]), /Member must have length greater than or equal to 1/);
  });

  it("charges each read on its own consistency, summed per table", async () => {
    const { ConsumedCapacity } = await batch(
      [
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'`, ConsistentRead: true },
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'b'` },
      ],
      "TOTAL",
    );

    assert.deepEqual(ConsumedCapacity, [{ TableName: table, CapacityUnits: 1.5 }]);
  });

  it("charges writes like the item operations", async () => {
    const { ConsumedCapacity } = await batch(
      [
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'cap1', 'n': 1}` },
        { Statement: `UPDATE "${table}" SET n = 2 WHERE pk = 'a'` },
      ],
      "TOTAL",
    );

    assert.deepEqual(ConsumedCapacity, [{ TableName: table, CapacityUnits: 2 }]);
    assert.deepEqual((await getItem(t.dynamodb, table, { pk: S("a") }))?.n, N(2));
  });
});
