/**
 * Requests that are not well-formed DynamoDB JSON: broken or non-object bodies, invalid UTF-8,
 * members of the wrong JSON type, unknown operations, oversized bodies. Each gets Coral's error
 * and leaves the engine serving.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { makeTable } from "../data-plane/support.ts";
import { assertServing, expectError, SERIALIZATION, send, serialization, validation } from "./support.ts";

describe("malformed requests", () => {
  let t: TestEngine;
  let table: string;

  before(async () => {
    t = await startTestEngine();
    table = await makeTable(t.dynamodb);
  });
  afterEach(() => assertServing(t, table));
  after(() => t.stop());

  for (const [name, body] of [
    ["broken JSON", '{"TableName":'],
    ["a JSON array", "[]"],
    ["a JSON string", '"GetItem"'],
    ["a JSON number", "42"],
    ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])],
    ["10,000 nested arrays", `${"[".repeat(10_000)}${"]".repeat(10_000)}`],
  ] as const) {
    it(`answers SerializationException for ${name}`, async () => {
      const response = await send(t.endpoint, "GetItem", body);

      assert.equal(response.status, 400);
      assert.equal(response.body.__type, SERIALIZATION);
    });
  }

  it("sends no message with the SerializationException for a body that is not JSON", () =>
    expectError(t.endpoint, "GetItem", '{"TableName":', { status: 400, type: SERIALIZATION }));

  it("answers SerializationException for an empty body", () =>
    expectError(t.endpoint, "GetItem", "", { status: 400, type: SERIALIZATION }));

  it("names the Java types of members of the wrong JSON type", async () => {
    await expectError(
      t.endpoint,
      "GetItem",
      { TableName: table, Key: { pk: { S: "a" } }, ConsistentRead: "yes" },
      serialization("'YES' can not be converted to an Boolean"),
    );
    await expectError(
      t.endpoint,
      "Scan",
      { TableName: table, Limit: "ten" },
      serialization("class java.lang.String can not be converted to an Integer"),
    );
    await expectError(
      t.endpoint,
      "Scan",
      { TableName: table, AttributesToGet: "pk" },
      serialization("Expected list or null"),
    );
    await expectError(
      t.endpoint,
      "GetItem",
      { TableName: ["x"], Key: {} },
      serialization("Start of list found where not expected"),
    );
    await expectError(
      t.endpoint,
      "PutItem",
      { TableName: table, Item: { pk: { L: [[[]]] } } },
      serialization("Start of list found where not expected"),
    );
  });

  it("reports the model's constraints, several at once", async () => {
    await expectError(
      t.endpoint,
      "Query",
      { TableName: "a;", Limit: 0, Select: "SOME", KeyConditionExpression: "pk = :p" },
      validation(
        /^\d validation errors detected: .*Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: \[a-zA-Z0-9_.-\]\+.*$/,
      ),
    );
  });

  it("reports a missing TableName as the model's constraint", () =>
    expectError(
      t.endpoint,
      "PutItem",
      { Item: { pk: { S: "a" } } },
      validation(
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
      ),
    ));

  it("answers UnknownOperationException for an operation DynamoDB does not have", async () => {
    await expectError(
      t.endpoint,
      "DropEverything",
      {},
      {
        status: 400,
        type: "com.amazon.coral.service#UnknownOperationException",
      },
    );
  });

  it("refuses a body over the request limit with 413", async () => {
    const response = await fetch(t.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.PutItem",
        authorization:
          "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
      },
      body: JSON.stringify({
        TableName: table,
        Item: { pk: { S: "x" }, big: { S: "x".repeat(20 * 1024 * 1024) } },
      }),
    });
    await response.arrayBuffer();

    assert.equal(response.status, 413);
  });
});
