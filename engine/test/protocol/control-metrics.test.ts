/**
 * The read-only metrics route: what AWS would publish to CloudWatch for a function or a table,
 * by ARN, for tools such as `npm run status` until the engine serves CloudWatch.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { createNodeFunction, ECHO } from "../lambda/support.ts";
import { createTable } from "../support/dynamodb.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

describe("GET /_orderflow/metrics", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const metrics = async (arn: string) => {
    const response = await fetch(`${t.endpoint}/_orderflow/metrics?arn=${encodeURIComponent(arn)}`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("counts a function's invocations and errors", async () => {
    const fn = await createNodeFunction(t.lambda, ECHO);
    await t.lambda.send(new InvokeCommand({ FunctionName: fn.FunctionName }));
    await t.lambda.send(new InvokeCommand({ FunctionName: fn.FunctionName }));
    const { status, body } = await metrics(fn.FunctionArn);
    assert.equal(status, 200);
    assert.equal(body.invocations, 2);
    assert.equal(body.errors, 0);
  });

  it("counts a table's consumed write capacity", async () => {
    const table = await createTable(t.dynamodb, {
      TableName: "metrics-table",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    });
    await t.dynamodb.send(new PutItemCommand({ TableName: "metrics-table", Item: { pk: { S: "a" } } }));
    const { body } = await metrics(table.TableArn!);
    assert.equal(body.consumedWrite, 1);
  });

  it("answers 400 without an ARN and 404 for a kind it does not know", async () => {
    assert.equal((await fetch(`${t.endpoint}/_orderflow/metrics`)).status, 400);
    assert.equal((await metrics("arn:aws:sqs:us-east-1:000000000000:q")).status, 404);
  });
});
