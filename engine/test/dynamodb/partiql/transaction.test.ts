import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ExecuteTransactionCommand,
  type ExecuteTransactionCommandInput,
  type ParameterizedStatement,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, attribute, hashKey, validationError } from "../control-plane/support.ts";
import { compositeTable, getItem, hashTable, type Item, N, S, seed } from "./support.ts";

describe("ExecuteTransaction", () => {
  let t: TestEngine;
  let table: string;
  let indexed: string;
  before(async () => {
    t = await startTestEngine();
    table = await hashTable(t.dynamodb);
    indexed = await compositeTable(t.dynamodb, {
      AttributeDefinitions: [attribute("pk"), attribute("sk", "N"), attribute("g")],
      GlobalSecondaryIndexes: [
        { IndexName: "by-g", KeySchema: [hashKey("g")], Projection: { ProjectionType: "ALL" } },
      ],
    });
    await seed(t.dynamodb, table, [
      { pk: S("a"), v: S("one"), n: N(0) },
      { pk: S("b"), v: S("two") },
      { pk: S("existing"), v: S("kept") },
      { pk: S("checked"), v: S("kept") },
    ]);
  });
  after(() => t.stop());

  const transact = (
    TransactStatements: ParameterizedStatement[],
    extra: Partial<ExecuteTransactionCommandInput> = {},
  ) => t.dynamodb.send(new ExecuteTransactionCommand({ TransactStatements, ...extra }));
  const stored = (pk: string) => getItem(t.dynamodb, table, { pk: S(pk) });

  it("reads items by key, with {} for a missing one", async () => {
    const { Responses, ConsumedCapacity } = await transact(
      [
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
        { Statement: `SELECT v FROM "${table}" WHERE pk = ?`, Parameters: [S("b")] },
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'missing'` },
      ],
      { ReturnConsumedCapacity: "TOTAL" },
    );

    assert.deepEqual(Responses, [
      { Item: { pk: S("a"), v: S("one"), n: N(0) } },
      { Item: { v: S("two") } },
      {},
    ]);
    assert.deepEqual(ConsumedCapacity, [{ TableName: table, CapacityUnits: 6, ReadCapacityUnits: 6 }]);
  });

  it("writes all statements together", async () => {
    const { ConsumedCapacity } = await transact(
      [
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'tx1', 'v': 'new'}` },
        { Statement: `UPDATE "${table}" SET n = n + 1 WHERE pk = 'a'` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'b'` },
        { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'existing' AND v = 'kept')` },
      ],
      { ReturnConsumedCapacity: "TOTAL" },
    );

    assert.deepEqual((await stored("tx1"))?.v, S("new"));
    assert.deepEqual((await stored("a"))?.n, N(1));
    assert.equal(await stored("b"), undefined);
    assert.deepEqual(ConsumedCapacity, [{ TableName: table, CapacityUnits: 8, WriteCapacityUnits: 8 }]);
  });

  it("cancels everything when one statement's condition fails, with a reason per statement", async () => {
    const error = await assertDynamoError(
      transact([
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'tx-never'}` },
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'existing'}` },
        { Statement: `UPDATE "${table}" SET x = 1 WHERE pk = 'ghost'` },
        {
          Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'checked' AND v = 'other')`,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      ]),
      "TransactionCanceledException",
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, DuplicateItem, ConditionalCheckFailed, ConditionalCheckFailed]",
    );

    assert.deepEqual((error as unknown as { CancellationReasons: unknown }).CancellationReasons, [
      { Code: "None" },
      { Code: "DuplicateItem", Message: "Duplicate primary key exists in table" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { pk: S("checked"), v: S("kept") },
      },
    ]);
    assert.equal(await stored("tx-never"), undefined);
  });

  it("runs once per ClientRequestToken, and refuses the token for other statements", async () => {
    await seed(t.dynamodb, table, [{ pk: S("idem"), n: N(0) }]);
    const statements = [{ Statement: `UPDATE "${table}" SET n = n + 1 WHERE pk = 'idem'` }];

    const first = await transact(statements, {
      ClientRequestToken: "token-1",
      ReturnConsumedCapacity: "TOTAL",
    });
    const replay = await transact(statements, {
      ClientRequestToken: "token-1",
      ReturnConsumedCapacity: "TOTAL",
    });

    assert.deepEqual((await stored("idem"))?.n, N(1));
    assert.deepEqual(first.ConsumedCapacity, [{ TableName: table, CapacityUnits: 2, WriteCapacityUnits: 2 }]);
    assert.deepEqual(replay.ConsumedCapacity, [{ TableName: table, CapacityUnits: 2, ReadCapacityUnits: 2 }]);
    await assertDynamoError(
      transact([{ Statement: `UPDATE "${table}" SET n = n + 2 WHERE pk = 'idem'` }], {
        ClientRequestToken: "token-1",
      }),
      "IdempotentParameterMismatchException",
      "Request parameters do not match the parameters of the previous request with the same client token.",
    );
  });

  it("refuses reads and writes together", async () => {
    await validationError(
      transact([
        { Statement: `SELECT * FROM "${table}" WHERE pk = 'a'` },
        { Statement: `UPDATE "${table}" SET x = 1 WHERE pk = 'a'` },
      ]),
      "ExecuteTransaction API does not support both read and write operations in the same request.",
    );
  });

  it("names the statement AWS rejects", async () => {
    await validationError(
      transact([{ Statement: `SELECT * FROM "${table}" WHERE` }]),
      "Validation failed in TransactStatements[0]: Statement wasn't well formed, can't be processed: Unexpected term",
    );
    await validationError(
      transact([
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'r1'}` },
        { Statement: `UPDATE "${table}" SET v = 'x' WHERE pk = 'a' RETURNING ALL NEW *` },
      ]),
      "Validation failed in TransactStatements[1]: RETURNING clause is not supported in ExecuteTransaction.",
    );
    await validationError(
      transact([{ Statement: `SELECT * FROM "${table}" WHERE pk = 'a' AND attribute_exists(v)` }]),
      "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must specify the primary key in the where clause.",
    );
    await validationError(
      transact([{ Statement: `SELECT * FROM "${indexed}"."by-g" WHERE g = 'x'` }]),
      "Validation failed in TransactStatements[0]: Reads on indices are not supported within transactions.",
    );
    await validationError(
      transact([
        { Statement: `EXISTS(SELECT * FROM "${table}" WHERE pk = 'a')` },
        { Statement: `UPDATE "${table}" SET z = 1 WHERE pk = 'b'` },
      ]),
      "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional condition",
    );
  });

  it("refuses two statements on one item", async () => {
    await validationError(
      transact([
        { Statement: `UPDATE "${table}" SET x = 1 WHERE pk = 'a'` },
        { Statement: `DELETE FROM "${table}" WHERE pk = 'a'` },
      ]),
      "Transaction request cannot include multiple operations on one item",
    );
  });

  it("cancels with a ValidationError reason for an INSERT without its key", async () => {
    const error = await assertDynamoError(
      transact([
        { Statement: `INSERT INTO "${table}" VALUE {'pk': 'k1'}` },
        { Statement: `INSERT INTO "${table}" VALUE {'v': 1}` },
      ]),
      "TransactionCanceledException",
      /\[None, ValidationError\]$/,
    );
    assert.deepEqual((error as unknown as { CancellationReasons: Item[] }).CancellationReasons?.[1], {
      Code: "ValidationError",
      Message: "Key attribute should be present in the item: Key pk",
    });
  });

  it("answers a table that does not exist with ResourceNotFoundException", async () => {
    await assertDynamoError(
      transact([{ Statement: `UPDATE "no-such-table" SET x = 1 WHERE pk = 'a'` }]),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  it("reports a parameter that is not a number without naming the statement", async () => {
    await validationError(
      transact([
        { Statement: `UPDATE "${table}" SET n = ? WHERE pk = 'a'`, Parameters: [N("1e99999999999")] },
      ]),
      "The parameter cannot be converted to a numeric value: 1e99999999999",
    );
  });
});
