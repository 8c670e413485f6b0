/**
 * TransactWriteItems: all or nothing across tables, cancellation reasons in request order with
 * "None" for the actions that were fine, ConditionCheck, ClientRequestToken idempotency, and the
 * checks that fail the whole request.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  GetItemCommand,
  PutItemCommand,
  type TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, type Item, makeTable, N, S, validationError } from "./support.ts";

describe("TransactWriteItems", () => {
  let t: TestEngine;
  let accounts: string;
  let ledger: string;
  let indexed: string;

  const transact = (TransactItems: TransactWriteItem[], ClientRequestToken?: string) =>
    t.dynamodb.send(new TransactWriteItemsCommand({ TransactItems, ClientRequestToken }));
  const get = async (table: string, Key: Item) =>
    (await t.dynamodb.send(new GetItemCommand({ TableName: table, Key, ConsistentRead: true }))).Item;
  const seed = (table: string, Item: Item) => t.dynamodb.send(new PutItemCommand({ TableName: table, Item }));

  async function cancelled(items: TransactWriteItem[]): Promise<TransactionCanceledException> {
    const codes = "[\\w, ]+";
    return (await assertDynamoError(
      transact(items),
      "TransactionCanceledException",
      new RegExp(
        `^Transaction cancelled, please refer cancellation reasons for specific reasons \\[${codes}\\]$`,
      ),
    )) as unknown as TransactionCanceledException;
  }

  before(async () => {
    t = await startTestEngine();
    accounts = await makeTable(t.dynamodb);
    ledger = await makeTable(t.dynamodb, { range: ["sk", "N"] });
    indexed = await makeTable(t.dynamodb, { attributes: [["gk", "S"]], gsis: [{ name: "byG", hash: "gk" }] });
  });
  after(() => t.stop());

  it("applies Put, Update, Delete and ConditionCheck across tables together", async () => {
    await seed(accounts, { pk: S("alice"), balance: N(100) });
    await seed(accounts, { pk: S("bob"), balance: N(5) });
    await seed(accounts, { pk: S("stale"), v: N(1) });

    await transact([
      {
        Update: {
          TableName: accounts,
          Key: { pk: S("alice") },
          UpdateExpression: "SET balance = balance - :amt",
          ConditionExpression: "balance >= :amt",
          ExpressionAttributeValues: { ":amt": N(30) },
        },
      },
      {
        ConditionCheck: {
          TableName: accounts,
          Key: { pk: S("bob") },
          ConditionExpression: "attribute_exists(pk)",
        },
      },
      { Put: { TableName: ledger, Item: { pk: S("alice"), sk: N(1), amount: N(-30) } } },
      { Delete: { TableName: accounts, Key: { pk: S("stale") } } },
    ]);

    assert.deepEqual(await get(accounts, { pk: S("alice") }), { pk: S("alice"), balance: N(70) });
    assert.deepEqual(await get(accounts, { pk: S("bob") }), { pk: S("bob"), balance: N(5) });
    assert.deepEqual(await get(ledger, { pk: S("alice"), sk: N(1) }), {
      pk: S("alice"),
      sk: N(1),
      amount: N(-30),
    });
    assert.equal(await get(accounts, { pk: S("stale") }), undefined);
  });

  it("cancels everything, with a reason per action in request order", async () => {
    await seed(accounts, { pk: S("carol"), balance: N(10) });

    const error = await cancelled([
      { Put: { TableName: ledger, Item: { pk: S("carol"), sk: N(1) } } },
      {
        Update: {
          TableName: accounts,
          Key: { pk: S("carol") },
          UpdateExpression: "SET balance = balance - :amt",
          ConditionExpression: "balance >= :amt",
          ExpressionAttributeValues: { ":amt": N(50) },
        },
      },
      {
        ConditionCheck: {
          TableName: accounts,
          Key: { pk: S("nobody") },
          ConditionExpression: "attribute_exists(pk)",
        },
      },
      { Delete: { TableName: accounts, Key: { pk: S("dave") } } },
    ]);

    assert.equal(
      error.message,
      "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ConditionalCheckFailed, None]",
    );
    assert.deepEqual(error.CancellationReasons, [
      { Code: "None" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      { Code: "None" },
    ]);
    assert.equal(await get(ledger, { pk: S("carol"), sk: N(1) }), undefined);
    assert.deepEqual(await get(accounts, { pk: S("carol") }), { pk: S("carol"), balance: N(10) });
  });

  it("returns the item with a failed condition's reason for ReturnValuesOnConditionCheckFailure ALL_OLD", async () => {
    await seed(accounts, { pk: S("erin"), balance: N(1) });

    const error = await cancelled([
      {
        Put: {
          TableName: accounts,
          Item: { pk: S("erin"), balance: N(2) },
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      {
        ConditionCheck: {
          TableName: accounts,
          Key: { pk: S("nobody") },
          ConditionExpression: "attribute_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
    ]);

    assert.deepEqual(error.CancellationReasons, [
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { pk: S("erin"), balance: N(1) },
      },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
    ]);
  });

  it("reports a key of the wrong type as the action's ValidationError", async () => {
    const error = await cancelled([
      { Put: { TableName: accounts, Item: { pk: S("fine") } } },
      { Put: { TableName: accounts, Item: { pk: N(5) } } },
      { Delete: { TableName: accounts, Key: { pk: N(6) } } },
    ]);

    assert.deepEqual(error.CancellationReasons, [
      { Code: "None" },
      {
        Code: "ValidationError",
        Message: "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N",
      },
      { Code: "ValidationError", Message: "The provided key element does not match the schema" },
    ]);
    assert.equal(await get(accounts, { pk: S("fine") }), undefined);
  });

  it("reports an index key of the wrong type as the action's ValidationError", async () => {
    const error = await cancelled([{ Put: { TableName: indexed, Item: { pk: S("i"), gk: N(1) } } }]);

    assert.deepEqual(error.CancellationReasons, [
      {
        Code: "ValidationError",
        Message:
          "One or more parameter values were invalid: Type mismatch for Index Key gk Expected: S Actual: N IndexName: byG",
      },
    ]);
  });

  it("fails the whole request for an empty key or index key value", async () => {
    await validationError(
      transact([{ Delete: { TableName: accounts, Key: { pk: S("") } } }]),
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
    await validationError(
      transact([
        {
          Update: {
            TableName: indexed,
            Key: { pk: S("i") },
            UpdateExpression: "SET gk = :e",
            ExpressionAttributeValues: { ":e": S("") },
          },
        },
      ]),
      "One or more parameter values are not valid. The update expression attempted to update a secondary index key to a value that is not supported. The AttributeValue for a key attribute cannot contain an empty string value.",
    );
  });

  it("rejects two actions on one item", async () => {
    await validationError(
      transact([
        {
          ConditionCheck: {
            TableName: accounts,
            Key: { pk: S("x") },
            ConditionExpression: "attribute_exists(pk)",
          },
        },
        { Update: { TableName: accounts, Key: { pk: S("x") }, UpdateExpression: "REMOVE a" } },
      ]),
      "Transaction request cannot include multiple operations on one item",
    );
    await validationError(
      transact([
        { Put: { TableName: accounts, Item: { pk: S("x"), n: N(1) } } },
        { Delete: { TableName: accounts, Key: { pk: S("x") } } },
      ]),
      "Transaction request cannot include multiple operations on one item",
    );
  });

  it("fails the whole request for an unused expression value in a later action, writing nothing", async () => {
    await validationError(
      transact([
        { Put: { TableName: accounts, Item: { pk: S("unused-first") } } },
        {
          ConditionCheck: {
            TableName: accounts,
            Key: { pk: S("x") },
            ConditionExpression: "attribute_not_exists(pk)",
            ExpressionAttributeValues: { ":v": S("x") },
          },
        },
      ]),
      "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}",
    );
    assert.equal(await get(accounts, { pk: S("unused-first") }), undefined);
  });

  it("answers ResourceNotFoundException for a missing table", async () => {
    await assertDynamoError(
      transact([{ Put: { TableName: "no-such-table", Item: { pk: S("x") } } }]),
      "ResourceNotFoundException",
      "Requested resource not found",
    );
  });

  describe("ClientRequestToken", () => {
    const increment = (pk: string, by = 1): TransactWriteItem[] => [
      {
        Update: {
          TableName: accounts,
          Key: { pk: S(pk) },
          UpdateExpression: "ADD hits :n",
          ExpressionAttributeValues: { ":n": N(by) },
        },
      },
    ];

    it("replays the same request without writing again", async () => {
      await transact(increment("idem"), "token-1");
      await transact(increment("idem"), "token-1");

      assert.deepEqual(await get(accounts, { pk: S("idem") }), { pk: S("idem"), hits: N(1) });
    });

    it("rejects a different request with the same token", async () => {
      await transact(increment("mismatch"), "token-2");

      const error = await assertDynamoError(
        transact(increment("mismatch", 5), "token-2"),
        "IdempotentParameterMismatchException",
        /.+/,
      );

      assert.ok(error.message.length > 0);
      assert.deepEqual(await get(accounts, { pk: S("mismatch") }), { pk: S("mismatch"), hits: N(1) });
    });

    it("treats the token as new after ten minutes", async () => {
      await transact(increment("expiry"), "token-3");
      t.clock.advance(10 * 60 * 1000 + 1);
      await transact(increment("expiry"), "token-3");

      assert.deepEqual(await get(accounts, { pk: S("expiry") }), { pk: S("expiry"), hits: N(2) });
    });

    it("does not remember a cancelled request", async () => {
      const guarded: TransactWriteItem[] = [
        {
          Put: { TableName: accounts, Item: { pk: S("late") }, ConditionExpression: "attribute_exists(pk)" },
        },
      ];
      await assertDynamoError(
        transact(guarded, "token-4"),
        "TransactionCanceledException",
        "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]",
      );
      await seed(accounts, { pk: S("late"), v: N(1) });

      await transact(guarded, "token-4");

      assert.deepEqual(await get(accounts, { pk: S("late") }), { pk: S("late") });
    });
  });
});
