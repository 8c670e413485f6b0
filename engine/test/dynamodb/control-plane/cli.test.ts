/**
 * The AWS CLI against the engine, starting with the seed's own CreateTable command, verbatim.
 * Needs `aws` on the PATH; skipped (and says so) where it is missing.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const run = promisify(execFile);

const SEED_CREATE_TABLE =
  "aws dynamodb create-table --table-name orders --attribute-definitions AttributeName=id,AttributeType=S AttributeName=timestamp,AttributeType=N --key-schema AttributeName=id,KeyType=HASH AttributeName=timestamp,KeyType=RANGE --provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1";

const cliEnv = {
  ...process.env,
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_DEFAULT_REGION: "us-east-1",
};

async function cliAvailable(): Promise<boolean> {
  try {
    await run("aws", ["--version"], { env: cliEnv });
    return true;
  } catch {
    return false;
  }
}

const skip = (await cliAvailable()) ? false : "the AWS CLI (aws) is not installed on this machine";

describe("DynamoDB control plane through the AWS CLI", { skip }, () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  /** Runs an `aws …` command line (split on spaces) against the engine; returns parsed JSON output. */
  async function aws(commandLine: string): Promise<Record<string, unknown>> {
    const [program, ...args] = commandLine.split(" ");
    assert.equal(program, "aws");
    const { stdout } = await run("aws", ["--endpoint-url", t.endpoint, ...args], { env: cliEnv });
    return stdout.trim() === "" ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  }

  it("creates the seed's orders table", async () => {
    const output = await aws(SEED_CREATE_TABLE);

    const description = output.TableDescription as Record<string, unknown>;
    const { CreationDateTime, TableId, ...rest } = description;
    assert.equal(typeof CreationDateTime, "number");
    assert.match(String(TableId), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(rest, {
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "timestamp", AttributeType: "N" },
      ],
      TableName: "orders",
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "timestamp", KeyType: "RANGE" },
      ],
      TableStatus: "CREATING",
      ProvisionedThroughput: { NumberOfDecreasesToday: 0, ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      TableSizeBytes: 0,
      ItemCount: 0,
      TableArn: "arn:aws:dynamodb:us-east-1:000000000000:table/orders",
      DeletionProtectionEnabled: false,
    });
  });

  it("waits for, describes and lists it", async () => {
    await aws("aws dynamodb wait table-exists --table-name orders");
    const described = await aws("aws dynamodb describe-table --table-name orders");
    const listed = await aws("aws dynamodb list-tables");

    assert.equal((described.Table as { TableStatus: string }).TableStatus, "ACTIVE");
    assert.deepEqual(listed, { TableNames: ["orders"] });
  });

  it("prints DynamoDB's error for a missing table", async () => {
    const failure = await aws("aws dynamodb describe-table --table-name nope").then(
      () => assert.fail("expected the command to fail"),
      (error: { stderr: string; code: number }) => error,
    );

    assert.notEqual(failure.code, 0);
    assert.equal(
      failure.stderr.trim(),
      "An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found: Table: nope not found",
    );
  });
});
