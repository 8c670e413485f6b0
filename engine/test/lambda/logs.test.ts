/**
 * Function output in CloudWatch Logs, read back through the Logs API: the group and stream Lambda
 * uses, the START / END / REPORT lines around the function's own lines, and the region the
 * function runs in.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { startTestEngine, TEST_CREDENTIALS, type TestEngine } from "../support/engine.ts";
import { createNodeFunction } from "./support.ts";

describe("Lambda function logs", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("writes START, the function's lines, END and REPORT to /aws/lambda/<name>", async () => {
    const fn = await createNodeFunction(
      t.lambda,
      'exports.handler = async () => { console.log("first"); console.error("second"); };',
    );
    const invoked = await t.lambda.send(new InvokeCommand({ FunctionName: fn.FunctionName }));
    const requestId = invoked.$metadata.requestId!;
    const group = `/aws/lambda/${fn.FunctionName}`;
    const { logStreams } = await t.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    assert.equal(logStreams?.length, 1);
    assert.match(logStreams![0]!.logStreamName!, /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    const { events } = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    const lines = (events ?? []).map((e) => e.message!);
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const start = at(new RegExp(`^START RequestId: ${requestId} Version: \\$LATEST`));
    const first = at(new RegExp(`\\t${requestId}\\tINFO\\tfirst`));
    const second = at(new RegExp(`\\t${requestId}\\tERROR\\tsecond`));
    const end = at(new RegExp(`^END RequestId: ${requestId}`));
    const report = at(new RegExp(`^REPORT RequestId: ${requestId}\\t`));
    assert.ok(
      start >= 0 && start < first && first < second && second < end && end < report,
      lines.join("\n"),
    );
  });

  it("logs in the region the function runs in", async () => {
    const region = "eu-west-1";
    const lambda = new LambdaClient({
      endpoint: t.endpoint,
      region,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    const logs = new CloudWatchLogsClient({
      endpoint: t.endpoint,
      region,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const fn = await createNodeFunction(lambda, 'exports.handler = async () => console.log("in ireland");');
      assert.match(fn.FunctionArn, /^arn:aws:lambda:eu-west-1:/);
      await lambda.send(new InvokeCommand({ FunctionName: fn.FunctionName }));
      const group = `/aws/lambda/${fn.FunctionName}`;
      const { events } = await logs.send(
        new FilterLogEventsCommand({ logGroupName: group, filterPattern: "ireland" }),
      );
      assert.equal(events?.length, 1);
      const elsewhere = await t.logs.send(new FilterLogEventsCommand({ logGroupName: group })).then(
        () => "found",
        (error: Error) => error.name,
      );
      assert.equal(elsewhere, "ResourceNotFoundException");
    } finally {
      lambda.destroy();
      logs.destroy();
    }
  });
});
