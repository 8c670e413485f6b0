/**
 * Long polling through the SDK: a waiting ReceiveMessage returns as soon as there is something to
 * receive (a send, a delay or visibility timeout running out on the clock), or empty when its
 * wait ends. The tests learn that a receive is waiting from the engine arming its clock timer.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  bodiesOf,
  createFifoQueue,
  createQueue,
  queueArn,
  receive,
  sendBodies,
  whenTimerScheduled,
} from "../support/sqs.ts";

/** Real time a woken long poll may take; far below the 20 s it would otherwise wait. */
const PROMPT_MS = 5_000;

describe("SQS long polling", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  /**
   * Starts a ReceiveMessage and resolves once the engine is waiting on it: the engine arms a clock
   * timer for the earlier of the wait's end and the next message becoming visible.
   */
  async function startWaiting(input: ReceiveMessageCommandInput, wakeInMs: number) {
    const armed = whenTimerScheduled(t.clock, (delayMs) => Math.abs(delayMs - wakeInMs) < 1_000);
    const started = Date.now();
    const receiving = t.sqs.send(new ReceiveMessageCommand(input));
    await armed;
    return { receiving, started };
  }

  it("returns as soon as a message is sent, without the clock moving", async () => {
    const url = await createQueue(t.sqs, "woken");
    const clockBefore = t.clock.now();
    const { receiving, started } = await startWaiting({ QueueUrl: url, WaitTimeSeconds: 20 }, 20_000);

    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "wake up" }));
    const { Messages } = await receiving;

    assert.deepEqual(bodiesOf(Messages ?? []), ["wake up"]);
    assert.ok(Date.now() - started < PROMPT_MS, "the receive did not sit out its wait");
    assert.ok(t.clock.now() - clockBefore < PROMPT_MS, "nobody advanced the clock");
  });

  it("returns empty when the clock passes the end of the wait", async () => {
    const url = await createQueue(t.sqs, "timed-out");
    const { receiving, started } = await startWaiting({ QueueUrl: url, WaitTimeSeconds: 20 }, 20_000);
    t.clock.advance(20_000);
    const { Messages } = await receiving;
    assert.equal(Messages, undefined);
    assert.ok(Date.now() - started < PROMPT_MS);
  });

  it("is woken by a delayed message when its delay passes", async () => {
    const url = await createQueue(t.sqs, "delay-wakes");
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "delayed", DelaySeconds: 10 }));
    const { receiving } = await startWaiting({ QueueUrl: url, WaitTimeSeconds: 20 }, 10_000);
    t.clock.advance(10_000);
    const { Messages } = await receiving;
    assert.deepEqual(bodiesOf(Messages ?? []), ["delayed"]);
  });

  it("is woken by a message whose visibility timeout runs out", async () => {
    const url = await createQueue(t.sqs, "timeout-wakes", { VisibilityTimeout: "15" });
    await sendBodies(t.sqs, url, ["again"]);
    await receive(t.sqs, url);
    const { receiving } = await startWaiting({ QueueUrl: url, WaitTimeSeconds: 20 }, 15_000);
    t.clock.advance(15_000);
    const { Messages } = await receiving;
    assert.deepEqual(bodiesOf(Messages ?? []), ["again"]);
  });

  it("is woken by ChangeMessageVisibility releasing a message", async () => {
    const url = await createQueue(t.sqs, "release-wakes", { VisibilityTimeout: "600" });
    await sendBodies(t.sqs, url, ["released"]);
    const [message] = await receive(t.sqs, url);
    const { receiving } = await startWaiting({ QueueUrl: url, WaitTimeSeconds: 20 }, 20_000);
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: message!.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const { Messages } = await receiving;
    assert.deepEqual(bodiesOf(Messages ?? []), ["released"]);
  });

  it("is woken when a FIFO group unblocks because its in-flight message is deleted", async () => {
    const url = await createFifoQueue(t.sqs, "group-unblocks");
    for (const [i, body] of ["first", "second"].entries()) {
      await t.sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: body,
          MessageGroupId: "g",
          MessageDeduplicationId: `${i}`,
        }),
      );
    }
    const [first] = await receive(t.sqs, url);
    const { receiving } = await startWaiting({ QueueUrl: url, WaitTimeSeconds: 20 }, 20_000);
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first!.ReceiptHandle }));
    const { Messages } = await receiving;
    assert.deepEqual(bodiesOf(Messages ?? []), ["second"]);
  });

  it("is woken on a dead-letter queue when a message is redriven into it", async () => {
    const dlq = await createQueue(t.sqs, "dlq-wakes");
    const source = await createQueue(t.sqs, "dlq-wakes-source", {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(t.sqs, dlq), maxReceiveCount: 1 }),
    });
    await sendBodies(t.sqs, source, ["poison"]);
    await receive(t.sqs, source, { VisibilityTimeout: 0 });
    const { receiving } = await startWaiting({ QueueUrl: dlq, WaitTimeSeconds: 20 }, 20_000);
    assert.deepEqual(await receive(t.sqs, source), []);
    const { Messages } = await receiving;
    assert.deepEqual(bodiesOf(Messages ?? []), ["poison"]);
  });

  it("waits for the queue's ReceiveMessageWaitTimeSeconds when the request gives none", async () => {
    const url = await createQueue(t.sqs, "queue-wait", { ReceiveMessageWaitTimeSeconds: "12" });
    const { receiving } = await startWaiting({ QueueUrl: url }, 12_000);
    await sendBodies(t.sqs, url, ["queue default"]);
    const { Messages } = await receiving;
    assert.deepEqual(bodiesOf(Messages ?? []), ["queue default"]);
  });

  it("short-polls with WaitTimeSeconds=0 even when the queue sets a wait", async () => {
    const url = await createQueue(t.sqs, "override-wait", { ReceiveMessageWaitTimeSeconds: "20" });
    const started = Date.now();
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 0 }));
    assert.equal(Messages, undefined);
    assert.ok(Date.now() - started < PROMPT_MS);
  });
});
