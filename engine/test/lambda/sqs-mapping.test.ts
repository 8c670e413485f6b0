/**
 * SQS event source mappings end to end: real queues, real functions, the pollers between them, on
 * the virtual clock. Functions report what they saw by sending to an output queue.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { DeleteMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { eventually } from "../support/eventually.ts";
import {
  createQueue,
  queueArn,
  queueAttributes,
  receive,
  sendBodies,
  whenTimerScheduled,
} from "../support/sqs.ts";
import { createNodeFunction } from "./support.ts";

/** Sends `{records: [bodies], failed: [bodies]}` for each batch to OUT, then answers per `mode`. */
const REPORTING_HANDLER = `
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({});
exports.handler = async (event) => {
  const bodies = event.Records.map((r) => r.body);
  // Seed 001's rule: stop at the first failure and report it and every later record.
  const first = event.Records.findIndex((r) => r.body.startsWith("fail"));
  const failed = first < 0 ? [] : event.Records.slice(first);
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: JSON.stringify({ bodies, failed: failed.map((r) => r.body) }) }));
  if (process.env.MODE === "throw" && failed.length > 0) throw new Error("batch failed");
  return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) };
};`;

describe("SQS event source mappings", { timeout: 120_000 }, () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  async function setUp(
    name: string,
    queueAttributesIn: Record<string, string>,
    mapping: Partial<CreateEventSourceMappingCommandInput>,
    mode: "report" | "throw" = "report",
  ) {
    const out = await createQueue(t.sqs, `${name}-out`);
    const source = await createQueue(t.sqs, name, queueAttributesIn);
    const fn = await createNodeFunction(t.lambda, REPORTING_HANDLER, {
      Environment: { Variables: { OUT: out, MODE: mode } },
    });
    await t.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.FunctionName,
        EventSourceArn: await queueArn(t.sqs, source),
        ...mapping,
      }),
    );
    /** The next batch report the function sent. */
    const nextReport = async () => {
      const [message] = await receive(t.sqs, out, { WaitTimeSeconds: 20 });
      assert.ok(message, "the function reported a batch");
      // Taken off the queue, or it would come back when the clock passes its visibility timeout.
      await t.sqs.send(new DeleteMessageCommand({ QueueUrl: out, ReceiptHandle: message.ReceiptHandle }));
      return JSON.parse(message.Body!) as { bodies: string[]; failed: string[] };
    };
    return { out, source, fn, nextReport };
  }

  it("delivers a batch and deletes the messages when the function succeeds", async () => {
    const { source, nextReport } = await setUp("esm-ok", { VisibilityTimeout: "30" }, { BatchSize: 10 });
    await sendBodies(t.sqs, source, ["a"]);
    assert.deepEqual((await nextReport()).bodies, ["a"]);
    await until(async () => (await counts(source)).visible + (await counts(source)).inFlight === 0);
  });

  it("applies seed 001's rule with a 2-second window and maximum concurrency 2", async () => {
    const { source, fn, nextReport } = await setUp(
      "esm-seed001",
      { VisibilityTimeout: "30" },
      {
        BatchSize: 50,
        MaximumBatchingWindowInSeconds: 2,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        ScalingConfig: { MaximumConcurrency: 2 },
      },
    );
    const window = whenTimerScheduled(t.clock, (delay) => delay === 2_000);
    await sendBodies(t.sqs, source, ["ok-1", "ok-2", "fail-3", "ok-4"]);
    // The window holds the batch until two seconds pass on the clock.
    await window;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(t.engine.inspect.lambdaMetrics(fn.FunctionArn).invocations, 0);
    t.clock.advance(2_000);
    const report = await nextReport();
    assert.deepEqual(report.bodies, ["ok-1", "ok-2", "fail-3", "ok-4"]);
    assert.deepEqual(report.failed, ["fail-3", "ok-4"]);
    // The successes are deleted; the reported records come back after the visibility timeout.
    await until(async () => (await counts(source)).inFlight === 2 && (await counts(source)).visible === 0);
    const retryWindow = whenTimerScheduled(t.clock, (delay) => delay === 2_000);
    t.clock.advance(30_000);
    await retryWindow;
    t.clock.advance(2_000);
    const retry = await nextReport();
    assert.deepEqual([...retry.bodies].sort(), ["fail-3", "ok-4"]);
    assert.ok(t.engine.inspect.lambdaMetrics(fn.FunctionArn).maxConcurrentExecutions <= 2);
  });

  it("treats an unknown itemIdentifier as a failure of the whole batch", async () => {
    const out = await createQueue(t.sqs, "esm-bad-id-out");
    const source = await createQueue(t.sqs, "esm-bad-id", { VisibilityTimeout: "30" });
    const fn = await createNodeFunction(
      t.lambda,
      `const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
       exports.handler = async (event) => {
         await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: String(event.Records.length) }));
         return { batchItemFailures: [{ itemIdentifier: "not-a-message-id" }] };
       };`,
      { Environment: { Variables: { OUT: out } } },
    );
    await t.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.FunctionName,
        EventSourceArn: await queueArn(t.sqs, source),
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      }),
    );
    await sendBodies(t.sqs, source, ["x", "y"]);
    const [report] = await receive(t.sqs, out, { WaitTimeSeconds: 20 });
    assert.ok(report);
    await until(async () => (await counts(source)).inFlight === 2);
  });

  it("moves a poison message to the DLQ after maxReceiveCount failed receives", async () => {
    const dlq = await createQueue(t.sqs, "esm-dlq");
    const { source, nextReport } = await setUp(
      "esm-poison",
      {
        VisibilityTimeout: "30",
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: await queueArn(t.sqs, dlq),
          maxReceiveCount: 2,
        }),
      },
      { BatchSize: 1 },
      "throw",
    );
    await sendBodies(t.sqs, source, ["fail-poison"]);
    await nextReport();
    t.clock.advance(30_000);
    await nextReport();
    t.clock.advance(30_000);
    const [dead] = await receive(t.sqs, dlq, { WaitTimeSeconds: 20 });
    assert.equal(dead?.Body, "fail-poison");
  });

  it("deletes messages the filter criteria do not match, and delivers the others", async () => {
    const { source, nextReport } = await setUp(
      "esm-filter",
      { VisibilityTimeout: "30" },
      { FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { type: ["order"] } }) }] } },
    );
    await t.sqs.send(
      new SendMessageCommand({ QueueUrl: source, MessageBody: JSON.stringify({ type: "noise" }) }),
    );
    await t.sqs.send(
      new SendMessageCommand({ QueueUrl: source, MessageBody: JSON.stringify({ type: "order" }) }),
    );
    const report = await nextReport();
    assert.deepEqual(
      report.bodies.map((b) => JSON.parse(b) as unknown),
      [{ type: "order" }],
    );
    await until(async () => {
      const c = await counts(source);
      return c.visible + c.inFlight === 0;
    });
  });

  it("stops receiving when the mapping is disabled, without counting a receive for nothing", async () => {
    const source = await createQueue(t.sqs, "esm-disabled", { VisibilityTimeout: "30" });
    const fn = await createNodeFunction(t.lambda, "exports.handler = async () => {};");
    const { UUID } = await t.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.FunctionName,
        EventSourceArn: await queueArn(t.sqs, source),
      }),
    );
    // The poller's long poll arms a 20-second timer on the clock once it waits; it may have
    // armed it before the create call's response reached the test.
    await whenTimerScheduled(t.clock, (delay) => delay === 20_000, { orPending: true });
    await t.lambda.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sendBodies(t.sqs, source, ["after disable"]);
    const [message] = await receive(t.sqs, source, {
      MessageSystemAttributeNames: ["ApproximateReceiveCount"],
    });
    assert.equal(message?.Body, "after disable");
    assert.equal(message?.Attributes?.ApproximateReceiveCount, "1");
    assert.equal(t.engine.inspect.lambdaMetrics(fn.FunctionArn).invocations, 0);
  });

  async function counts(queueUrl: string) {
    const attributes = await queueAttributes(t.sqs, queueUrl, [
      "ApproximateNumberOfMessages",
      "ApproximateNumberOfMessagesNotVisible",
    ]);
    return {
      visible: Number(attributes.ApproximateNumberOfMessages),
      inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible),
    };
  }
});

/** Waits (in real time) for background work to show. */
const until = (condition: () => Promise<boolean> | boolean) =>
  eventually(condition, "the mapping's work", { pollMs: 20 });
