/**
 * Unmodified SDK code inside a function talks to the engine: the AWS SDK for JavaScript v3 is
 * importable without bundling it (require and import), as in Lambda's Node.js runtimes; the
 * machine's boto3 is, as in its Python runtimes; both find the engine through AWS_ENDPOINT_URL.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  fixtureDir,
  functionSpec,
  PYTHON_MISSING,
  payloadOf,
  type RuntimeHarness,
  startRuntime,
} from "./support.ts";

describe("SDKs inside functions", () => {
  let t: TestEngine;
  let h: RuntimeHarness;
  before(async () => {
    t = await startTestEngine();
    h = startRuntime();
  });
  after(async () => {
    await h.close();
    await t.stop();
  });

  async function receivedBody(queueUrl: string): Promise<string | undefined> {
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    return Messages?.[0]?.Body;
  }

  it("lets a CommonJS handler require @aws-sdk/client-sqs and call the engine", async () => {
    const spec = functionSpec({
      handler: "index.handler",
      codeDir: fixtureDir("node-sdk-cjs"),
      engineEndpoint: t.endpoint,
    });

    const outcome = await h.invoke(spec, { queueName: "from-cjs" });

    assert.equal(outcome.functionError, undefined, outcome.payload.toString());
    const { QueueUrl } = payloadOf(outcome) as { QueueUrl: string };
    assert.equal(await receivedBody(QueueUrl), "from a CommonJS function");
  });

  it("lets an ES module handler import @aws-sdk/client-sqs and call the engine", async () => {
    const spec = functionSpec({
      handler: "index.handler",
      codeDir: fixtureDir("node-sdk-esm"),
      engineEndpoint: t.endpoint,
    });

    const outcome = await h.invoke(spec, { queueName: "from-esm" });

    assert.equal(outcome.functionError, undefined, outcome.payload.toString());
    const { QueueUrl } = payloadOf(outcome) as { QueueUrl: string };
    assert.equal(await receivedBody(QueueUrl), "from an ES module function");
  });

  it("lets a Python handler use boto3 against the engine", { skip: PYTHON_MISSING }, async () => {
    const spec = functionSpec({
      runtime: "python3.12",
      handler: "app.handler",
      codeDir: fixtureDir("python"),
      engineEndpoint: t.endpoint,
    });

    const outcome = await h.invoke(spec, { queueName: "from-boto3" });

    assert.equal(outcome.functionError, undefined, outcome.payload.toString());
    const { QueueUrl } = payloadOf(outcome) as { QueueUrl: string };
    assert.equal(await receivedBody(QueueUrl), "from boto3");
  });

  it("runs a Python handler written like seed 000's: boto3 resources at import, records to DynamoDB", {
    skip: PYTHON_MISSING,
  }, async () => {
    await t.dynamodb.send(
      new CreateTableCommand({
        TableName: "orders",
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "timestamp", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "id", KeyType: "HASH" },
          { AttributeName: "timestamp", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    const spec = functionSpec({
      runtime: "python3.9",
      handler: "lambda_function.lambda_handler",
      codeDir: fixtureDir("python-seed"),
      engineEndpoint: t.endpoint,
      environment: { QUEUE_NAME: "orders", DYNAMODB_TABLE: "orders" },
    });
    const body = JSON.stringify({ id: "order-1", timestamp: 1_700_000_000 });

    const outcome = await h.invoke(spec, { Records: [{ messageId: "m-1", body, eventSource: "aws:sqs" }] });

    assert.deepEqual(payloadOf(outcome), { statusCode: 200, body: `{"written": 1}` });
    const { Item } = await t.doc.send(
      new GetCommand({ TableName: "orders", Key: { id: "order-1", timestamp: 1_700_000_000 } }),
    );
    assert.equal(Item?.body, body);
    assert.match(outcome.logTail, /\nwrote 1 orders from orders\n/);
  });
});
