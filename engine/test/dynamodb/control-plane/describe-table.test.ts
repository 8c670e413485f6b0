import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeTableCommand, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import {
  ACCOUNT_ID,
  assertDynamoError,
  createTable,
  provisionedTableInput,
  rawCall,
  tableInput,
  validationError,
} from "./support.ts";

describe("DescribeTable", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("describes a table by name", async () => {
    const created = await createTable(t.dynamodb, provisionedTableInput());

    const { Table } = await t.dynamodb.send(new DescribeTableCommand({ TableName: created.TableName }));

    assert.deepEqual(
      { ...Table, TableStatus: "CREATING", WarmThroughput: undefined },
      { ...created, WarmThroughput: undefined },
    );
    assert.equal(Table!.TableStatus, "ACTIVE");
  });

  it("describes a table by ARN", async () => {
    const created = await createTable(t.dynamodb);

    const { Table } = await t.dynamodb.send(new DescribeTableCommand({ TableName: created.TableArn }));

    assert.equal(Table!.TableName, created.TableName);
  });

  it("satisfies the SDK's table-exists waiter at once", async () => {
    const created = await createTable(t.dynamodb);

    const result = await waitUntilTableExists(
      { client: t.dynamodb, maxWaitTime: 5, minDelay: 1 },
      { TableName: created.TableName },
    );

    assert.equal(result.state, "SUCCESS");
  });

  it("sends CreationDateTime as epoch seconds", async () => {
    const created = await createTable(t.dynamodb);

    const { body } = await rawCall(t.endpoint, "DescribeTable", { TableName: created.TableName });

    const table = body.Table as { CreationDateTime: unknown };
    assert.equal(typeof table.CreationDateTime, "number");
    assert.equal(table.CreationDateTime, created.CreationDateTime!.getTime() / 1000);
  });

  it("names the missing table in ResourceNotFoundException", async () => {
    const error = await assertDynamoError(
      t.dynamodb.send(new DescribeTableCommand({ TableName: "missing" })),
      "ResourceNotFoundException",
      "Requested resource not found: Table: missing not found",
    );

    assert.ok(error);
  });

  it("does not find a table of another region", async () => {
    const created = await createTable(t.dynamodb);

    await assertDynamoError(
      t.dynamodbClient("eu-west-1").send(new DescribeTableCommand({ TableName: created.TableName })),
      "ResourceNotFoundException",
      `Requested resource not found: Table: ${created.TableName} not found`,
    );
  });

  it("does not find another region's table by its ARN", async () => {
    const arn = `arn:aws:dynamodb:eu-west-1:${ACCOUNT_ID}:table/elsewhere`;

    await assertDynamoError(
      t.dynamodb.send(new DescribeTableCommand({ TableName: arn })),
      "ResourceNotFoundException",
      "Requested resource not found: Table: elsewhere not found",
    );
  });

  it("holds a plain name to the table-name pattern", async () => {
    await validationError(
      t.dynamodb.send(new DescribeTableCommand({ TableName: "bad name" })),
      "1 validation error detected: Value 'bad name' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it("requires TableName", async () => {
    await validationError(
      t.dynamodb.send(new DescribeTableCommand({} as { TableName: string })),
      "The parameter 'TableName' is required but was not present in the request",
    );
  });

  it("reports the item counts the data plane keeps", async () => {
    const created = await createTable(t.dynamodb, tableInput());

    const { Table } = await t.dynamodb.send(new DescribeTableCommand({ TableName: created.TableName }));

    assert.equal(Table!.ItemCount, 0);
    assert.equal(Table!.TableSizeBytes, 0);
  });
});
