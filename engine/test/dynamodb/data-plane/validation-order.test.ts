/**
 * Which error a request with several problems gets. DynamoDB checks, in order: the JSON types
 * (SerializationException), the model's constraints, then each operation's own request checks
 * (parameter style, attribute values, ReturnValues, item size, expressions), and only then looks
 * the table up and checks keys against its schema. So a malformed request against a table that
 * does not exist is a ValidationException, and a well-formed one is ResourceNotFoundException.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  assertRawValidation,
  DYNAMODB_TYPE,
  filler,
  makeTable,
  rawError,
  SERIALIZATION_TYPE,
} from "./support.ts";

const MISSING = "no-such-table";

describe("validation order", () => {
  let t: TestEngine;
  let table: string;

  const expectValidation = (operation: string, body: unknown, message: string | RegExp) =>
    assertRawValidation(t.endpoint, operation, body, message);

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb, { range: ["sk", "S"] });
  });
  after(() => t.stop());

  describe("request checks come before the table lookup", () => {
    const cases: Array<[string, string, Record<string, unknown>, string]> = [
      [
        "a projection syntax error",
        "GetItem",
        { Key: { pk: { S: "a" } }, ProjectionExpression: "a," },
        'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: ","',
      ],
      [
        "a condition syntax error",
        "PutItem",
        { Item: { pk: { S: "a" } }, ConditionExpression: "attribute_exists(" },
        'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("',
      ],
      [
        "an update on a reserved word",
        "UpdateItem",
        {
          Key: { pk: { S: "a" } },
          UpdateExpression: "SET name = :v",
          ExpressionAttributeValues: { ":v": { S: "x" } },
        },
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name",
      ],
      [
        "an unused expression attribute name",
        "DeleteItem",
        {
          Key: { pk: { S: "a" } },
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#n": "x" },
        },
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}",
      ],
      [
        "an empty string set",
        "PutItem",
        { Item: { pk: { S: "a" }, s: { SS: [] } } },
        "One or more parameter values were invalid: An string set  may not be empty",
      ],
      [
        "an item over 400 KB",
        "PutItem",
        { Item: { pk: { S: "a" }, big: { S: filler(400 * 1024) } } },
        "Item size has exceeded the maximum allowed size",
      ],
      [
        "a ReturnValues PutItem cannot give",
        "PutItem",
        { Item: { pk: { S: "a" } }, ReturnValues: "ALL_NEW" },
        "ReturnValues can only be ALL_OLD or NONE",
      ],
      [
        "a Query without a key condition",
        "Query",
        {},
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
      ],
      [
        "a key condition with OR",
        "Query",
        { KeyConditionExpression: "a = :v OR b = :v", ExpressionAttributeValues: { ":v": { S: "x" } } },
        "Invalid operator used in KeyConditionExpression: OR",
      ],
      [
        "a Segment without TotalSegments",
        "Scan",
        { Segment: 1 },
        "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
      ],
      [
        "a batch item over 400 KB",
        "BatchWriteItem",
        {
          RequestItems: {
            [MISSING]: [{ PutRequest: { Item: { pk: { S: "a" }, big: { S: filler(400 * 1024) } } } }],
          },
        },
        "Item size has exceeded the maximum allowed size",
      ],
      [
        "duplicate keys in a BatchGetItem",
        "BatchGetItem",
        { RequestItems: { [MISSING]: { Keys: [{ pk: { S: "a" } }, { pk: { S: "a" } }] } } },
        "Provided list of item keys contains duplicates",
      ],
    ];
    for (const [problem, operation, body, message] of cases) {
      it(`${operation}: ${problem}`, async () => {
        const request =
          operation.startsWith("Batch") || operation.startsWith("Transact")
            ? body
            : { TableName: MISSING, ...body };

        await expectValidation(operation, request, message);
      });
    }

    it("TransactWriteItems: a bad expression in a later action before a missing table in the first", async () => {
      await expectValidation(
        "TransactWriteItems",
        {
          TransactItems: [
            { Put: { TableName: MISSING, Item: { pk: { S: "a" } } } },
            {
              ConditionCheck: {
                TableName: table,
                Key: { pk: { S: "a" }, sk: { S: "b" } },
                ConditionExpression: "",
              },
            },
          ],
        },
        "Invalid ConditionExpression: The expression can not be empty;",
      );
    });
  });

  describe("a well-formed request to a missing table", () => {
    for (const [operation, body] of [
      ["GetItem", { TableName: MISSING, Key: { pk: { S: "a" }, extra: { N: "1" } } }],
      ["PutItem", { TableName: MISSING, Item: { nokey: { S: "a" } } }],
      [
        "Query",
        {
          TableName: MISSING,
          KeyConditionExpression: "x = :v",
          ExpressionAttributeValues: { ":v": { S: "a" } },
        },
      ],
      ["BatchWriteItem", { RequestItems: { [MISSING]: [{ PutRequest: { Item: { pk: { S: "a" } } } }] } }],
    ] as const) {
      it(`${operation} answers ResourceNotFoundException before checking the key schema`, async () => {
        const error = await rawError(t.endpoint, operation, body);

        assert.deepEqual(
          { status: error.status, type: error.type, message: error.message },
          {
            status: 400,
            type: DYNAMODB_TYPE("ResourceNotFoundException"),
            message: "Requested resource not found",
          },
        );
      });
    }
  });

  describe("among request checks", () => {
    it("reports a JSON type error before any constraint", async () => {
      const error = await rawError(t.endpoint, "PutItem", { TableName: "ab", Item: { pk: { S: 1 } } });

      assert.deepEqual(
        { status: error.status, type: error.type, message: error.message },
        {
          status: 400,
          type: SERIALIZATION_TYPE,
          message: "class java.lang.Short can not be converted to an String",
        },
      );
    });

    it("reports the model's constraints before the operation's checks", async () => {
      await expectValidation(
        "PutItem",
        { TableName: "ab", Item: { pk: { S: "a" }, s: { SS: [] } }, ConditionExpression: "(" },
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
      );
    });

    it("reports mixed parameter styles before attribute values", async () => {
      await expectValidation(
        "PutItem",
        {
          TableName: table,
          Item: { pk: { S: "a" }, s: { SS: [] } },
          Expected: { pk: { Exists: false } },
          ConditionExpression: "attribute_not_exists(pk)",
        },
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
      );
    });

    it("reports attribute values before ReturnValues, and ReturnValues before the item size", async () => {
      await expectValidation(
        "PutItem",
        { TableName: table, Item: { pk: { S: "a" }, s: { NS: [] } }, ReturnValues: "ALL_NEW" },
        "One or more parameter values were invalid: An number set  may not be empty",
      );
      await expectValidation(
        "PutItem",
        {
          TableName: table,
          Item: { pk: { S: "a" }, big: { S: filler(400 * 1024) } },
          ReturnValues: "ALL_NEW",
        },
        "ReturnValues can only be ALL_OLD or NONE",
      );
    });

    it("parses the UpdateExpression before the ConditionExpression", async () => {
      await expectValidation(
        "UpdateItem",
        {
          TableName: table,
          Key: { pk: { S: "a" }, sk: { S: "b" } },
          UpdateExpression: "SET",
          ConditionExpression: "(",
        },
        'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: "SET"',
      );
    });

    it("checks unused placeholders only after every expression parsed", async () => {
      await expectValidation(
        "UpdateItem",
        {
          TableName: table,
          Key: { pk: { S: "a" }, sk: { S: "b" } },
          UpdateExpression: "SET a = :a",
          ConditionExpression: "b = :undefined",
          ExpressionAttributeValues: { ":a": { S: "x" }, ":unused": { S: "y" } },
        },
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :undefined",
      );
    });

    it("checks the key schema before evaluating the condition", async () => {
      await expectValidation(
        "DeleteItem",
        { TableName: table, Key: { pk: { S: "a" } }, ConditionExpression: "attribute_exists(pk)" },
        "The provided key element does not match the schema",
      );
    });
  });
});
