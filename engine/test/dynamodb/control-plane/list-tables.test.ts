import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ListTablesCommand, paginateListTables } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { createTable, tableInput, validationError } from "./support.ts";

describe("ListTables", () => {
  let t: TestEngine;
  const names = ["beta", "Alpha", "alpha", "gamma", "delta"];
  before(async () => {
    t = await startTestEngine();
    for (const name of names) await createTable(t.dynamodb, tableInput({ TableName: name }));
    await createTable(t.dynamodbClient("eu-west-1"), tableInput({ TableName: "elsewhere" }));
  });
  after(() => t.stop());

  it("lists the region's tables in byte order", async () => {
    const { TableNames, LastEvaluatedTableName } = await t.dynamodb.send(new ListTablesCommand({}));

    assert.deepEqual(TableNames, ["Alpha", "alpha", "beta", "delta", "gamma"]);
    assert.equal(LastEvaluatedTableName, undefined);
  });

  it("pages with Limit and LastEvaluatedTableName", async () => {
    const first = await t.dynamodb.send(new ListTablesCommand({ Limit: 2 }));
    const second = await t.dynamodb.send(
      new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: first.LastEvaluatedTableName }),
    );

    assert.deepEqual(first.TableNames, ["Alpha", "alpha"]);
    assert.equal(first.LastEvaluatedTableName, "alpha");
    assert.deepEqual(second.TableNames, ["beta", "delta"]);
    assert.equal(second.LastEvaluatedTableName, "delta");
  });

  it("sets no LastEvaluatedTableName when the page ends the list", async () => {
    const { TableNames, LastEvaluatedTableName } = await t.dynamodb.send(
      new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: "beta" }),
    );

    assert.deepEqual(TableNames, ["delta", "gamma"]);
    assert.equal(LastEvaluatedTableName, undefined);
  });

  it("starts after a name that is not a table", async () => {
    const { TableNames } = await t.dynamodb.send(new ListTablesCommand({ ExclusiveStartTableName: "cat" }));

    assert.deepEqual(TableNames, ["delta", "gamma"]);
  });

  it("works with the SDK's paginator", async () => {
    const seen: string[] = [];
    for await (const page of paginateListTables({ client: t.dynamodb, pageSize: 2 }, {}))
      seen.push(...page.TableNames!);

    assert.deepEqual(seen, ["Alpha", "alpha", "beta", "delta", "gamma"]);
  });

  it("keeps regions apart", async () => {
    const { TableNames } = await t.dynamodbClient("eu-west-1").send(new ListTablesCommand({}));

    assert.deepEqual(TableNames, ["elsewhere"]);
  });

  it("holds Limit to 1..100", async () => {
    await validationError(
      t.dynamodb.send(new ListTablesCommand({ Limit: 101 })),
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    await validationError(
      t.dynamodb.send(new ListTablesCommand({ Limit: 0 })),
      "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });
});
