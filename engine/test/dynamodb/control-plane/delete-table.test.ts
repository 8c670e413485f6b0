import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DeleteTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  waitUntilTableNotExists,
} from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, createTable, tableInput, validationError } from "./support.ts";

describe("DeleteTable", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("answers DELETING with the table's description", async () => {
    const created = await createTable(
      t.dynamodb,
      tableInput({ StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } }),
    );

    const { TableDescription } = await t.dynamodb.send(
      new DeleteTableCommand({ TableName: created.TableName }),
    );

    assert.equal(TableDescription!.TableStatus, "DELETING");
    assert.equal(TableDescription!.TableArn, created.TableArn);
    assert.equal(TableDescription!.LatestStreamArn, created.LatestStreamArn);
  });

  it("removes the table at once", async () => {
    const created = await createTable(t.dynamodb);
    await t.dynamodb.send(new DeleteTableCommand({ TableName: created.TableName }));

    await assertDynamoError(
      t.dynamodb.send(new DescribeTableCommand({ TableName: created.TableName })),
      "ResourceNotFoundException",
      `Requested resource not found: Table: ${created.TableName} not found`,
    );
    const result = await waitUntilTableNotExists(
      { client: t.dynamodb, maxWaitTime: 5, minDelay: 1 },
      { TableName: created.TableName },
    );
    assert.equal(result.state, "SUCCESS");
  });

  it("frees the name for a new table", async () => {
    const input = tableInput();
    const first = await createTable(t.dynamodb, input);
    await t.dynamodb.send(new DeleteTableCommand({ TableName: input.TableName }));

    const second = await createTable(t.dynamodb, input);

    assert.notEqual(second.TableId, first.TableId);
  });

  it("deletes a table named by its ARN", async () => {
    const created = await createTable(t.dynamodb);

    const { TableDescription } = await t.dynamodb.send(
      new DeleteTableCommand({ TableName: created.TableArn }),
    );

    assert.equal(TableDescription!.TableName, created.TableName);
  });

  it("refuses a protected table until protection is turned off", async () => {
    const created = await createTable(t.dynamodb, tableInput({ DeletionProtectionEnabled: true }));

    await validationError(
      t.dynamodb.send(new DeleteTableCommand({ TableName: created.TableName })),
      "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.",
    );
    await t.dynamodb.send(
      new UpdateTableCommand({ TableName: created.TableName, DeletionProtectionEnabled: false }),
    );
    await t.dynamodb.send(new DeleteTableCommand({ TableName: created.TableName }));
  });

  it("names the missing table", async () => {
    await assertDynamoError(
      t.dynamodb.send(new DeleteTableCommand({ TableName: "missing" })),
      "ResourceNotFoundException",
      "Requested resource not found: Table: missing not found",
    );
  });
});
