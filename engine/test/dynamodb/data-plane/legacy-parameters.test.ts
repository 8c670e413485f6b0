/**
 * The legacy (pre-expression) parameters, which DynamoDB still serves: Expected and
 * ConditionalOperator, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter, AttributesToGet.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  assertDynamoError,
  invalidParameter,
  makeTable,
  N,
  putItems,
  S,
  validationError,
} from "./support.ts";

describe("legacy parameters", () => {
  let t: TestEngine;
  let table: string;
  let ranged: string;

  const get = async (pk: string) =>
    (
      await t.dynamodb.send(
        new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }),
      )
    ).Item;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
    ranged = await makeTable(t.dynamodb, { range: ["sk", "S"] });
    await putItems(t.dynamodb, ranged, [
      { pk: S("p"), sk: S("apple"), price: N(3), tags: { SS: ["fruit", "red"] } },
      { pk: S("p"), sk: S("apricot"), price: N(7), tags: { SS: ["fruit"] } },
      { pk: S("p"), sk: S("banana"), price: N(2) },
      { pk: S("p"), sk: S("cherry"), price: N(9), tags: { SS: ["red"] } },
      { pk: S("q"), sk: S("apple"), price: N(1) },
    ]);
  });
  after(() => t.stop());

  describe("Expected", () => {
    it("puts only when Exists false holds", async () => {
      const put = () =>
        t.dynamodb.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: S("e1"), v: N(1) },
            Expected: { pk: { Exists: false } },
          }),
        );

      await put();
      await assertDynamoError(put(), "ConditionalCheckFailedException", "The conditional request failed");
    });

    it("compares with ComparisonOperator and combines with ConditionalOperator OR", async () => {
      await putItems(t.dynamodb, table, [{ pk: S("e2"), v: N(5), color: S("red") }]);

      await t.dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: S("e2"), v: N(6) },
          Expected: {
            v: { ComparisonOperator: "GT", AttributeValueList: [N(10)] },
            color: { Value: S("red") },
          },
          ConditionalOperator: "OR",
        }),
      );

      assert.deepEqual(await get("e2"), { pk: S("e2"), v: N(6) });
    });

    it("rejects a Value with Exists false", async () => {
      await invalidParameter(
        t.dynamodb.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: S("e3") },
            Expected: { v: { Exists: false, Value: N(1) } },
          }),
        ),
        "Value cannot be used when Exists is false for Attribute: v",
      );
    });

    it("rejects mixing Expected with ConditionExpression", async () => {
      await validationError(
        t.dynamodb.send(
          new PutItemCommand({
            TableName: table,
            Item: { pk: S("e4") },
            Expected: { pk: { Exists: false } },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
      );
    });
  });

  describe("AttributeUpdates", () => {
    it("puts, adds and deletes", async () => {
      await putItems(t.dynamodb, table, [{ pk: S("u1"), n: N(1), tags: { SS: ["a", "b"] }, gone: S("x") }]);

      await t.dynamodb.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { pk: S("u1") },
          AttributeUpdates: {
            color: { Action: "PUT", Value: S("blue") },
            n: { Action: "ADD", Value: N("0.5") },
            tags: { Action: "DELETE", Value: { SS: ["a"] } },
            gone: { Action: "DELETE" },
          },
        }),
      );

      assert.deepEqual(await get("u1"), { pk: S("u1"), n: N("1.5"), tags: { SS: ["b"] }, color: S("blue") });
    });

    it("rejects ADD for a string", async () => {
      await invalidParameter(
        t.dynamodb.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S("u2") },
            AttributeUpdates: { s: { Action: "ADD", Value: S("x") } },
          }),
        ),
        "ADD action is not supported for the type S",
      );
    });
  });

  describe("Query and Scan", () => {
    it("queries with KeyConditions, QueryFilter and AttributesToGet", async () => {
      const output = await t.dynamodb.send(
        new QueryCommand({
          TableName: ranged,
          KeyConditions: {
            pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] },
            sk: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [S("ap")] },
          },
          QueryFilter: { price: { ComparisonOperator: "LT", AttributeValueList: [N(5)] } },
          AttributesToGet: ["sk", "price"],
        }),
      );

      assert.deepEqual(output.Items, [{ sk: S("apple"), price: N(3) }]);
      assert.equal(output.ScannedCount, 2);
    });

    it("queries a range with BETWEEN", async () => {
      const output = await t.dynamodb.send(
        new QueryCommand({
          TableName: ranged,
          KeyConditions: {
            pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] },
            sk: { ComparisonOperator: "BETWEEN", AttributeValueList: [S("apricot"), S("banana")] },
          },
          ScanIndexForward: false,
        }),
      );

      assert.deepEqual(
        output.Items!.map((item) => item.sk!.S),
        ["banana", "apricot"],
      );
    });

    it("scans with ScanFilter operators joined by ConditionalOperator", async () => {
      const output = await t.dynamodb.send(
        new ScanCommand({
          TableName: ranged,
          ScanFilter: {
            tags: { ComparisonOperator: "CONTAINS", AttributeValueList: [S("red")] },
            price: { ComparisonOperator: "IN", AttributeValueList: [N(1), N(2)] },
          },
          ConditionalOperator: "OR",
        }),
      );

      assert.deepEqual(output.Items!.map((item) => `${item.pk!.S}/${item.sk!.S}`).sort(), [
        "p/apple",
        "p/banana",
        "p/cherry",
        "q/apple",
      ]);
    });

    it("rejects a QueryFilter on a key attribute", async () => {
      await validationError(
        t.dynamodb.send(
          new QueryCommand({
            TableName: ranged,
            KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] } },
            QueryFilter: { sk: { ComparisonOperator: "EQ", AttributeValueList: [S("apple")] } },
          }),
        ),
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk",
      );
    });

    it("rejects the wrong number of arguments for an operator", async () => {
      await invalidParameter(
        t.dynamodb.send(
          new QueryCommand({
            TableName: ranged,
            KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p"), S("q")] } },
          }),
        ),
        "Invalid number of argument(s) for the EQ ComparisonOperator",
      );
    });

    it("rejects a key condition operator that cannot use an index", async () => {
      await validationError(
        t.dynamodb.send(
          new QueryCommand({
            TableName: ranged,
            KeyConditions: {
              pk: { ComparisonOperator: "EQ", AttributeValueList: [S("p")] },
              sk: { ComparisonOperator: "NE", AttributeValueList: [S("x")] },
            },
          }),
        ),
        "Attempted conditional constraint is not an indexable operation",
      );
    });

    it("rejects mixing QueryFilter with KeyConditionExpression", async () => {
      await validationError(
        t.dynamodb.send(
          new QueryCommand({
            TableName: ranged,
            KeyConditionExpression: "pk = :p",
            ExpressionAttributeValues: { ":p": S("p") },
            QueryFilter: { price: { ComparisonOperator: "NOT_NULL" } },
          }),
        ),
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {QueryFilter} Expression parameters: {KeyConditionExpression}",
      );
    });

    it("rejects duplicate AttributesToGet", async () => {
      await invalidParameter(
        t.dynamodb.send(new ScanCommand({ TableName: ranged, AttributesToGet: ["price", "price"] })),
        "Duplicate value in attribute name: price",
      );
    });
  });
});
