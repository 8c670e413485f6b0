/**
 * `--auth off` (the default, as local tools are): no signature is checked, so any key, any secret,
 * a stale date or no signature at all is accepted.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { REGION } from "./support.ts";

let e: TestEngine;
before(async () => {
  e = await startTestEngine();
});
after(async () => {
  await e.stop();
});

test("a wrong secret and an unknown key are accepted", async () => {
  const credentials = { accessKeyId: "AKIAANYTHING", secretAccessKey: "anything" };
  const dynamodb = new DynamoDBClient({ endpoint: e.endpoint, region: REGION, credentials, maxAttempts: 1 });
  const sqs = new SQSClient({ endpoint: e.endpoint, region: REGION, credentials, maxAttempts: 1 });
  try {
    await dynamodb.send(new ListTablesCommand({}));
    await sqs.send(new ListQueuesCommand({}));
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
});

test("a signature older than 15 minutes is accepted", async () => {
  e.clock.advance(60 * 60 * 1000);
  await e.dynamodb.send(new ListTablesCommand({}));
});

test("an unsigned request is accepted", async () => {
  const response = await fetch(e.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.ListTables" },
    body: "{}",
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { TableNames: [] });
});
