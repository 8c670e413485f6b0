/**
 * Malformed attribute values, sent raw: JSON of the wrong type for a member is Coral's
 * SerializationException (Java's words), a value that is well-typed but not a valid AttributeValue
 * is DynamoDB's ValidationException. Each one leaves the engine serving.
 */
import { after, afterEach, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { makeTable } from "../data-plane/support.ts";
import { assertServing, type ExpectedError, expectError, serialization, validation } from "./support.ts";

const INVALID = "One or more parameter values were invalid:";

describe("bad attribute values", () => {
  let t: TestEngine;
  let table: string;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
  });
  afterEach(() => assertServing(t, table));
  after(() => t.stop());

  const cases: Array<[string, unknown, ExpectedError]> = [
    ['{"S":1}', { S: 1 }, serialization("class java.lang.Short can not be converted to an String")],
    [
      '{"S":100000}',
      { S: 100000 },
      serialization("class java.lang.Integer can not be converted to an String"),
    ],
    ['{"S":1e10}', { S: 1e10 }, serialization("class java.lang.Long can not be converted to an String")],
    ['{"S":1.5}', { S: 1.5 }, serialization("class java.lang.Double can not be converted to an String")],
    ['{"S":true}', { S: true }, serialization("class java.lang.Boolean can not be converted to an String")],
    ['{"N":5}', { N: 5 }, serialization("class java.lang.Short can not be converted to an String")],
    ['{"B":5}', { B: 5 }, serialization("class java.lang.Short can not be converted to a Blob")],
    ['{"BOOL":"yes"}', { BOOL: "yes" }, serialization("'YES' can not be converted to an Boolean")],
    ['{"SS":"a"}', { SS: "a" }, serialization("Expected list or null")],
    ['{"L":{}}', { L: {} }, serialization("Start of structure or map found where not expected.")],
    ['{"M":[]}', { M: [] }, serialization("Start of list found where not expected")],
    ["a bare string", "plain", serialization("Expected null")],
    [
      "{}",
      {},
      validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ],
    [
      '{"Z":"1"} (no known type)',
      { Z: "1" },
      validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ],
    [
      "two types",
      { S: "a", N: "1" },
      validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
      ),
    ],
    [
      '{"NULL":false}',
      { NULL: false },
      validation(`${INVALID} Null attribute value types must have the value of true`),
    ],
    ["an empty string set", { SS: [] }, validation(`${INVALID} An string set  may not be empty`)],
    ["an empty number set", { NS: [] }, validation(`${INVALID} An number set  may not be empty`)],
    ["an empty binary set", { BS: [] }, validation(`${INVALID} Binary sets should not be empty`)],
    [
      "duplicate strings in a set",
      { SS: ["a", "a"] },
      validation(`${INVALID} Input collection [a, a] contains duplicates.`),
    ],
    [
      "duplicate binaries in a set",
      { BS: ["Yg==", "Yg=="] },
      validation(`${INVALID} Input collection [Yg==, Yg==]of type BS contains duplicates.`),
    ],
    ["equal numbers in a set", { NS: ["1", "1.0"] }, validation("Input collection contains duplicates")],
    [
      "a number that is not one",
      { N: "abc" },
      validation("The parameter cannot be converted to a numeric value: abc"),
    ],
    ["an empty number", { N: "" }, validation("The parameter cannot be converted to a numeric value")],
    [
      "a bad number in a set",
      { NS: ["1", "b"] },
      validation("The parameter cannot be converted to a numeric value: b"),
    ],
    [
      "39 significant digits",
      { N: "123456789012345678901234567890123456789" },
      validation("Attempting to store more than 38 significant digits in a Number"),
    ],
    [
      "39 significant digits after the point",
      { N: "-1.23456789012345678901234567890123456789" },
      validation("Attempting to store more than 38 significant digits in a Number"),
    ],
    [
      "a number too large",
      { N: "1e126" },
      validation("Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ],
    [
      "a number too small",
      { N: "-1e-131" },
      validation(
        "Number underflow. Attempting to store a number with magnitude smaller than supported range",
      ),
    ],
    [
      "an empty value inside a map",
      { M: { a: {} } },
      validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ],
    [
      "two types inside a list",
      { L: [{ S: "a", N: "1" }] },
      validation(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
      ),
    ],
  ];

  for (const [name, value, expected] of cases) {
    it(`rejects ${name} in an item`, () =>
      expectError(t.endpoint, "PutItem", { TableName: table, Item: { pk: { S: "a" }, x: value } }, expected));
  }

  it("rejects a bad value in a key", () =>
    expectError(
      t.endpoint,
      "GetItem",
      { TableName: table, Key: { pk: {} } },
      validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    ));

  it("names the placeholder of a bad expression attribute value", () =>
    expectError(
      t.endpoint,
      "UpdateItem",
      {
        TableName: table,
        Key: { pk: { S: "a" } },
        UpdateExpression: "SET x = :v",
        ExpressionAttributeValues: { ":v": { SS: [] } },
      },
      validation(
        `ExpressionAttributeValues contains invalid value: ${INVALID} An string set  may not be empty for key :v`,
      ),
    ));

  it("rejects an Item that is a list or a string", async () => {
    await expectError(
      t.endpoint,
      "PutItem",
      { TableName: table, Item: [] },
      serialization("Start of list found where not expected"),
    );
    await expectError(
      t.endpoint,
      "PutItem",
      { TableName: table, Item: "x" },
      serialization("Expected map or null"),
    );
  });
});
