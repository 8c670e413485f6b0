/**
 * The app's CDK stack deployed onto the engine as `npm start` deploys it, then driven as seeds
 * 000 and 001 drive their write buffer: orders sent to the ingress queue end up in the 1-WCU
 * orders table exactly once, throttled on the way, with nothing dead-lettered.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, it, type TestContext } from "node:test";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { randomOrder } from "../../scripts/orders/random-order.ts";
import { itemsOf } from "../support/tables.ts";
import { deployCloudAssembly, synthesizeIfStale } from "./support/cdk.ts";
import { advanceUntil, engineNow, functionsIdle, type Pace, type Settled, step } from "./support/clock.ts";
import { APP_DIR, type E2eEngine, startEngineIn } from "./support/engine.ts";
import { isEmpty, logGroupOf, logMessages, queueDepth } from "./support/observe.ts";

const SEED_001_BATCH = new URL("../../data/write-buffer-test-batch.json", import.meta.url);
const SEED_001_SENDS = 5;
/** Seed 000: orders at 10 a second (`orders.py -i 0.1`) for a minute. */
const SEED_000_RATE_PER_SECOND = 10;
const SEED_000_SECONDS = 60;

/** What the buffer writer logs for a throttled write (Powertools Logger, JSON). */
const THROTTLE_LINES = '{ $.errorName = "ProvisionedThroughputExceededException" }';

/**
 * Draining at 1 WCU takes minutes of virtual time: steps of half the writer's 10 s timeout, and a
 * limit well past the README's measured 740 s for seed 000's minute of orders.
 */
const DRAIN: Pace = { stepSeconds: 5, pauseMs: 25, limitSeconds: 1_500 };
/** Seed 000's producer sends for a minute: one virtual second at a time. */
const SENDING: Pace = { stepSeconds: 1, pauseMs: 10, limitSeconds: SEED_000_SECONDS };

interface BatchEntry {
  Id: string;
  MessageBody: string;
}

interface Stack {
  engine: E2eEngine;
  ingressQueueUrl: string;
  deadLetterQueueUrl: string;
  ordersTable: string;
  bufferWriter: string;
  /** No invocation of the buffer writer running. */
  settled: Settled;
}

/**
 * A fresh engine in the app's directory, as `npm start` runs it, with the stack deployed. IAM is
 * enforced: the writer's role gets only what the CDK stack grants it, so a grant the stack forgot
 * fails these tests as it would fail on AWS.
 */
async function deployStack(t: TestContext): Promise<Stack> {
  const engine = await startEngineIn(APP_DIR, ["--iam", "enforce"]);
  t.after(() => engine.close());
  const outputs = await deployCloudAssembly(engine.endpoint);
  const writer = await engine.clients.lambda.send(
    new GetFunctionConfigurationCommand({ FunctionName: outputs.BufferWriterFunctionName }),
  );
  return {
    settled: functionsIdle(engine, [writer.FunctionArn!]),
    engine,
    ingressQueueUrl: outputs.IngressQueueUrl!,
    deadLetterQueueUrl: outputs.DeadLetterQueueUrl!,
    ordersTable: outputs.OrdersTableName!,
    bufferWriter: outputs.BufferWriterFunctionName!,
  };
}

async function drain(stack: Stack): Promise<number | undefined> {
  const { engine, ingressQueueUrl, settled } = stack;
  return advanceUntil(
    engine,
    DRAIN,
    async () => isEmpty(await queueDepth(engine.clients.sqs, ingressQueueUrl)),
    settled,
  );
}

async function throttleLines(stack: Stack): Promise<string[]> {
  const { lambda, logs } = stack.engine.clients;
  return logMessages(logs, await logGroupOf(lambda, stack.bufferWriter), THROTTLE_LINES);
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("the app's write buffer stack on the engine", () => {
  before(synthesizeIfStale);

  it("stores seed 001's test batch sent five times as its ten orders, throttled on the way, nothing lost", async (t) => {
    const stack = await deployStack(t);
    const { sqs, dynamodb } = stack.engine.clients;
    const entries = JSON.parse(readFileSync(SEED_001_BATCH, "utf8")) as BatchEntry[];

    for (let send = 0; send < SEED_001_SENDS; send++) {
      const sent = await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: stack.ingressQueueUrl, Entries: entries }),
      );
      assert.deepEqual(sent.Failed ?? [], []);
    }
    const drainedIn = await drain(stack);

    assert.notEqual(
      drainedIn,
      undefined,
      `the ingress queue still holds messages after ${DRAIN.limitSeconds} s`,
    );
    const items = await itemsOf(dynamodb, stack.ordersTable);
    assert.deepEqual(
      items.map((item) => item.id).sort(),
      entries.map((entry) => (JSON.parse(entry.MessageBody) as { id: string }).id).sort(),
    );
    for (const entry of entries) {
      const body = JSON.parse(entry.MessageBody) as { id: string };
      const { timestamps, timestamp: _key, ...fields } = items.find((item) => item.id === body.id)!;
      assert.deepEqual(fields, body);
      const { sqs: sentAt, ddb: writtenAt } = timestamps as { sqs: string; ddb: string };
      assert.match(sentAt, ISO_8601);
      assert.match(writtenAt, ISO_8601);
      assert.ok(
        sentAt <= writtenAt,
        `order ${body.id} written (${writtenAt}) before it was sent (${sentAt})`,
      );
    }
    assert.ok(isEmpty(await queueDepth(sqs, stack.deadLetterQueueUrl)), "the dead-letter queue is not empty");
    assert.ok((await throttleLines(stack)).length > 0, "no throttled write in the function's log group");
  });

  it("writes seed 000's minute of orders at 10/s into the 1-WCU table exactly once each, throttled on the way", async (t) => {
    const stack = await deployStack(t);
    const { engine } = stack;
    const { sqs, dynamodb } = engine.clients;
    const sentIds: string[] = [];
    const start = await engineNow(engine);

    for (let second = 0; second < SEED_000_SECONDS; second++) {
      const orders = Array.from({ length: SEED_000_RATE_PER_SECOND }, (_, i) =>
        randomOrder(start + second * 1000 + (i * 1000) / SEED_000_RATE_PER_SECOND),
      );
      sentIds.push(...orders.map((order) => order.id));
      await Promise.all(
        orders.map((order) =>
          sqs.send(
            new SendMessageCommand({ QueueUrl: stack.ingressQueueUrl, MessageBody: JSON.stringify(order) }),
          ),
        ),
      );
      await step(engine, SENDING, stack.settled);
    }
    const drainedIn = await drain(stack);

    assert.equal(sentIds.length, SEED_000_RATE_PER_SECOND * SEED_000_SECONDS);
    assert.notEqual(
      drainedIn,
      undefined,
      `the ingress queue still holds messages after ${DRAIN.limitSeconds} s`,
    );
    assert.ok((await throttleLines(stack)).length > 0, "no throttled write in the function's log group");
    const storedIds = (await itemsOf(dynamodb, stack.ordersTable)).map((item) => item.id as string);
    assert.equal(storedIds.length, sentIds.length);
    assert.deepEqual(storedIds.sort(), [...sentIds].sort());
    assert.ok(isEmpty(await queueDepth(sqs, stack.deadLetterQueueUrl)), "the dead-letter queue is not empty");
  });
});
