/**
 * Visibility timeouts through the SDK: the queue default and per-receive override running out on
 * the clock, and ChangeMessageVisibility with its 12-hour total and its errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { assertSqsError, bodiesOf, createQueue, receive, sendBodies, sqsErrors } from "../support/sqs.ts";

const HOUR_MS = 3_600_000;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

describe("SQS visibility timeout", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const changeVisibility = (QueueUrl: string, ReceiptHandle: string, VisibilityTimeout: number) =>
    t.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout }));

  /** A queue holding one message, already received once; returns its URL and receipt handle. */
  async function inFlight(prefix: string, attributes: Record<string, string> = {}) {
    const url = await createQueue(t.sqs, prefix, attributes);
    await sendBodies(t.sqs, url, [prefix]);
    const [message] = await receive(t.sqs, url);
    return { url, handle: message!.ReceiptHandle! };
  }

  it("hides a received message for the queue's VisibilityTimeout (30 s by default)", async () => {
    const { url } = await inFlight("default-timeout");
    t.clock.advance(29_000);
    assert.deepEqual(await receive(t.sqs, url), []);
    t.clock.advance(1_000);
    assert.deepEqual(bodiesOf(await receive(t.sqs, url)), ["default-timeout"]);
  });

  it("uses the queue's own VisibilityTimeout", async () => {
    const { url } = await inFlight("queue-timeout", { VisibilityTimeout: "5" });
    t.clock.advance(4_000);
    assert.deepEqual(await receive(t.sqs, url), []);
    t.clock.advance(1_000);
    assert.equal((await receive(t.sqs, url)).length, 1);
  });

  it("lets ReceiveMessage override the timeout for that receive only", async () => {
    const url = await createQueue(t.sqs, "receive-timeout");
    await sendBodies(t.sqs, url, ["x"]);
    await receive(t.sqs, url, { VisibilityTimeout: 2 });
    t.clock.advance(2_000);
    assert.equal((await receive(t.sqs, url)).length, 1);
    t.clock.advance(29_000);
    assert.deepEqual(await receive(t.sqs, url), [], "the next receive uses the queue default again");
  });

  it("makes a message visible at once with VisibilityTimeout=0 on receive", async () => {
    const url = await createQueue(t.sqs, "zero-on-receive");
    await sendBodies(t.sqs, url, ["x"]);
    await receive(t.sqs, url, { VisibilityTimeout: 0 });
    assert.equal((await receive(t.sqs, url)).length, 1);
  });

  describe("ChangeMessageVisibility", () => {
    it("extends the timeout, counted from the call", async () => {
      const { url, handle } = await inFlight("extend");
      t.clock.advance(20_000);
      await changeVisibility(url, handle, 60);
      t.clock.advance(59_000);
      assert.deepEqual(await receive(t.sqs, url), []);
      t.clock.advance(1_000);
      assert.equal((await receive(t.sqs, url)).length, 1);
    });

    it("shortens the timeout, and 0 releases the message at once", async () => {
      const { url, handle } = await inFlight("release");
      await changeVisibility(url, handle, 0);
      assert.equal((await receive(t.sqs, url)).length, 1);
    });

    it("does not carry the changed timeout to the next receive", async () => {
      const { url, handle } = await inFlight("not-remembered");
      await changeVisibility(url, handle, 300);
      t.clock.advance(300_000);
      await receive(t.sqs, url);
      t.clock.advance(30_000);
      assert.equal((await receive(t.sqs, url)).length, 1);
    });

    it("works with the latest handle after the timeout ran out", async () => {
      const { url, handle } = await inFlight("expired-handle");
      t.clock.advance(30_000);
      await changeVisibility(url, handle, 60);
      assert.deepEqual(await receive(t.sqs, url), [], "the call hid the message again");
    });

    it("refuses to take the total past 12 hours from the receive", async () => {
      const { url, handle } = await inFlight("twelve-hours");
      t.clock.advance(6 * HOUR_MS);
      await assertSqsError(
        changeVisibility(url, handle, MAX_VISIBILITY_TIMEOUT_SECONDS),
        sqsErrors.invalidParameter(
          "VisibilityTimeout",
          MAX_VISIBILITY_TIMEOUT_SECONDS,
          "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]",
        ),
      );
      // Just inside the limit (the clock also runs in real time between the calls).
      await changeVisibility(url, handle, 6 * 3_600 - 1);
      t.clock.advance(6 * HOUR_MS - 2_000);
      assert.deepEqual(await receive(t.sqs, url), []);
      t.clock.advance(1_000);
      assert.equal((await receive(t.sqs, url)).length, 1);
    });

    it("rejects a timeout outside 0 to 43200 seconds", async () => {
      const { url, handle } = await inFlight("range");
      for (const value of [-1, 43_201]) {
        await assertSqsError(
          changeVisibility(url, handle, value),
          // AWS's reason text for this call is not verified.
          sqsErrors.invalidParameter("VisibilityTimeout", value, /.+/),
        );
      }
    });

    it("rejects a deleted message's handle: not available for a visibility change", async () => {
      const { url, handle } = await inFlight("deleted");
      await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
      await assertSqsError(
        changeVisibility(url, handle, 10),
        sqsErrors.invalidParameter(
          "ReceiptHandle",
          handle,
          "Message does not exist or is not available for visibility timeout change.",
        ),
      );
    });

    it("rejects a malformed receipt handle with ReceiptHandleIsInvalid (404)", async () => {
      const url = await createQueue(t.sqs, "garbage");
      await assertSqsError(changeVisibility(url, "garbage", 10), sqsErrors.receiptHandleIsInvalid("garbage"));
    });

    it("requires the receipt handle", async () => {
      const url = await createQueue(t.sqs, "no-handle");
      await assertSqsError(changeVisibility(url, "", 10), sqsErrors.missingParameter("ReceiptHandle"));
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const { url, handle } = await inFlight("queue-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(changeVisibility(url, handle, 10), sqsErrors.queueDoesNotExist());
    });
  });
});
