import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { assertDynamoError, createTable, validationError } from "./support.ts";

describe("UpdateTimeToLive and DescribeTimeToLive", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const setTtl = (TableName: string, Enabled: boolean, AttributeName = "expiresAt") =>
    t.dynamodb.send(
      new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled, AttributeName } }),
    );
  const ttlOf = async (TableName: string) =>
    (await t.dynamodb.send(new DescribeTimeToLiveCommand({ TableName }))).TimeToLiveDescription;

  it("is DISABLED on a new table", async () => {
    const { TableName } = await createTable(t.dynamodb);

    assert.deepEqual(await ttlOf(TableName!), { TimeToLiveStatus: "DISABLED" });
  });

  it("enables TTL on an attribute and echoes the specification", async () => {
    const { TableName } = await createTable(t.dynamodb);

    const { TimeToLiveSpecification } = await setTtl(TableName!, true);

    assert.deepEqual(TimeToLiveSpecification, { Enabled: true, AttributeName: "expiresAt" });
    assert.deepEqual(await ttlOf(TableName!), { TimeToLiveStatus: "ENABLED", AttributeName: "expiresAt" });
  });

  it("disables TTL", async () => {
    const { TableName } = await createTable(t.dynamodb);
    await setTtl(TableName!, true);

    const { TimeToLiveSpecification } = await setTtl(TableName!, false);

    assert.deepEqual(TimeToLiveSpecification, { Enabled: false, AttributeName: "expiresAt" });
    assert.deepEqual(await ttlOf(TableName!), { TimeToLiveStatus: "DISABLED" });
  });

  it("refuses to enable TTL twice", async () => {
    const { TableName } = await createTable(t.dynamodb);
    await setTtl(TableName!, true);

    await validationError(setTtl(TableName!, true), "TimeToLive is already enabled");
  });

  it("refuses another attribute while enabled, naming the current one", async () => {
    const { TableName } = await createTable(t.dynamodb);
    await setTtl(TableName!, true, "ttl");

    await validationError(
      setTtl(TableName!, true, "other"),
      "TimeToLive is active on a different AttributeName: current AttributeName is ttl",
    );
  });

  it("refuses to disable TTL that is not enabled", async () => {
    const { TableName } = await createTable(t.dynamodb);

    await validationError(setTtl(TableName!, false), "TimeToLive is already disabled");
  });

  it("names a missing table", async () => {
    await assertDynamoError(
      setTtl("missing", true),
      "ResourceNotFoundException",
      "Requested resource not found: Table: missing not found",
    );
    await assertDynamoError(
      t.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: "missing" })),
      "ResourceNotFoundException",
      "Requested resource not found: Table: missing not found",
    );
  });

  it("checks the specification's model constraints first", async () => {
    await validationError(
      t.dynamodb.send(
        new UpdateTimeToLiveCommand({
          TableName: "missing",
          TimeToLiveSpecification: { Enabled: true, AttributeName: "" },
        }),
      ),
      "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
