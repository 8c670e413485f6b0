/**
 * FIFO queues through the SDK: ordering within a message group, groups blocked while in flight,
 * the 5-minute deduplication window (explicit and content-based, per queue or per group),
 * ReceiveRequestAttemptId replays, and the FIFO-only send rules.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SendMessageCommandInput,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertSqsError,
  bodiesOf,
  createFifoQueue,
  messageCounts,
  receive,
  sqsErrors,
} from "../support/sqs.ts";

const DEDUPLICATION_WINDOW_MS = 5 * 60_000;
const NO_DEDUP_ID =
  "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly";

describe("SQS FIFO queues", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const send = (input: SendMessageCommandInput) => t.sqs.send(new SendMessageCommand(input));
  let dedup = 0;
  /** Sends `bodies` to one group, each with its own deduplication id. */
  async function sendToGroup(url: string, group: string, bodies: string[]): Promise<void> {
    for (const body of bodies) {
      await send({
        QueueUrl: url,
        MessageBody: body,
        MessageGroupId: group,
        MessageDeduplicationId: `d${++dedup}`,
      });
    }
  }
  const remove = (QueueUrl: string, ReceiptHandle: string) =>
    t.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle }));

  describe("ordering", () => {
    it("delivers a group's messages in the order sent, with growing sequence numbers", async () => {
      const url = await createFifoQueue(t.sqs, "ordered");
      const bodies = ["1", "2", "3", "4", "5"];
      await sendToGroup(url, "g", bodies);
      const messages = await receive(t.sqs, url, {
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
      });
      assert.deepEqual(bodiesOf(messages), bodies);
      const sequence = messages.map((m) => BigInt(m.Attributes!.SequenceNumber!));
      assert.ok(sequence.every((n, i) => i === 0 || n > sequence[i - 1]!));
      assert.equal(messages[0]!.Attributes!.MessageGroupId, "g");
      assert.match(messages[0]!.Attributes!.MessageDeduplicationId!, /^d[0-9]+$/);
    });

    it("returns the SequenceNumber on send", async () => {
      const url = await createFifoQueue(t.sqs, "sequence");
      const sent = await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "g",
        MessageDeduplicationId: "a",
      });
      assert.match(sent.SequenceNumber!, /^[0-9]{20}$/);
      const [message] = await receive(t.sqs, url, { MessageSystemAttributeNames: ["SequenceNumber"] });
      assert.equal(message!.Attributes!.SequenceNumber, sent.SequenceNumber);
    });

    it("blocks a group while one of its messages is in flight", async () => {
      const url = await createFifoQueue(t.sqs, "blocked");
      await sendToGroup(url, "g", ["first", "second"]);
      const [first] = await receive(t.sqs, url);
      assert.equal(first!.Body, "first");
      assert.deepEqual(await receive(t.sqs, url, { MaxNumberOfMessages: 10 }), []);

      await remove(url, first!.ReceiptHandle!);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url)), ["second"]);
    });

    it("still delivers other groups while one is blocked", async () => {
      const url = await createFifoQueue(t.sqs, "other-groups");
      await sendToGroup(url, "a", ["a1", "a2"]);
      await sendToGroup(url, "b", ["b1", "b2"]);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url)), ["a1"]);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url, { MaxNumberOfMessages: 10 })), ["b1", "b2"]);
      assert.deepEqual(await receive(t.sqs, url, { MaxNumberOfMessages: 10 }), []);
    });

    it("redelivers the in-flight message first when its visibility timeout ends", async () => {
      const url = await createFifoQueue(t.sqs, "redelivered");
      await sendToGroup(url, "g", ["first", "second"]);
      await receive(t.sqs, url);
      t.clock.advance(30_000);
      const [again] = await receive(t.sqs, url, { MessageSystemAttributeNames: ["ApproximateReceiveCount"] });
      assert.equal(again!.Body, "first");
      assert.equal(again!.Attributes!.ApproximateReceiveCount, "2");
    });

    it("applies the queue's DelaySeconds", async () => {
      const url = await createFifoQueue(t.sqs, "queue-delay", { DelaySeconds: "5" });
      await sendToGroup(url, "g", ["later"]);
      assert.deepEqual(await receive(t.sqs, url), []);
      assert.equal((await messageCounts(t.sqs, url)).delayed, 1);
      t.clock.advance(5_000);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url)), ["later"]);
    });
  });

  describe("deduplication", () => {
    it("accepts a duplicate id within 5 minutes, returns the original MessageId, delivers once", async () => {
      const url = await createFifoQueue(t.sqs, "dedup");
      const input = { QueueUrl: url, MessageGroupId: "g", MessageDeduplicationId: "same" };
      const original = await send({ ...input, MessageBody: "original" });
      t.clock.advance(DEDUPLICATION_WINDOW_MS - 1_000);
      const duplicate = await send({ ...input, MessageBody: "duplicate" });
      assert.equal(duplicate.MessageId, original.MessageId);
      assert.equal(duplicate.SequenceNumber, original.SequenceNumber);

      const messages = await receive(t.sqs, url, { MaxNumberOfMessages: 10 });
      assert.deepEqual(bodiesOf(messages), ["original"]);
    });

    it("remembers the id after the message is deleted, and forgets it after 5 minutes", async () => {
      const url = await createFifoQueue(t.sqs, "dedup-window");
      const input = { QueueUrl: url, MessageGroupId: "g", MessageDeduplicationId: "once" };
      const original = await send({ ...input, MessageBody: "x" });
      const [message] = await receive(t.sqs, url);
      await remove(url, message!.ReceiptHandle!);

      await send({ ...input, MessageBody: "x" });
      assert.deepEqual(await receive(t.sqs, url), []);

      t.clock.advance(DEDUPLICATION_WINDOW_MS);
      const fresh = await send({ ...input, MessageBody: "x" });
      assert.notEqual(fresh.MessageId, original.MessageId);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url)), ["x"]);
    });

    it("deduplicates by a SHA-256 of the body with ContentBasedDeduplication", async () => {
      const url = await createFifoQueue(t.sqs, "content", { ContentBasedDeduplication: "true" });
      const first = await send({
        QueueUrl: url,
        MessageBody: "same body",
        MessageGroupId: "g",
        MessageAttributes: { a: { DataType: "String", StringValue: "1" } },
      });
      const second = await send({
        QueueUrl: url,
        MessageBody: "same body",
        MessageGroupId: "g",
        // AWS: attributes are not part of the content hash.
        MessageAttributes: { a: { DataType: "String", StringValue: "2" } },
      });
      const other = await send({ QueueUrl: url, MessageBody: "other body", MessageGroupId: "g" });
      assert.equal(second.MessageId, first.MessageId);
      assert.notEqual(other.MessageId, first.MessageId);

      const messages = await receive(t.sqs, url, {
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
      });
      assert.deepEqual(bodiesOf(messages), ["same body", "other body"]);
      assert.equal(
        messages[0]!.Attributes!.MessageDeduplicationId,
        createHash("sha256").update("same body").digest("hex"),
      );
    });

    it("lets an explicit id override content-based deduplication", async () => {
      const url = await createFifoQueue(t.sqs, "content-override", { ContentBasedDeduplication: "true" });
      const first = await send({ QueueUrl: url, MessageBody: "same", MessageGroupId: "g" });
      const second = await send({
        QueueUrl: url,
        MessageBody: "same",
        MessageGroupId: "g",
        MessageDeduplicationId: "x",
      });
      assert.notEqual(second.MessageId, first.MessageId);
    });

    it("deduplicates per queue by default, across groups", async () => {
      const url = await createFifoQueue(t.sqs, "scope-queue");
      const a = await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "a",
        MessageDeduplicationId: "d",
      });
      const b = await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "b",
        MessageDeduplicationId: "d",
      });
      assert.equal(b.MessageId, a.MessageId);
    });

    it("deduplicates within each group with DeduplicationScope=messageGroup", async () => {
      const url = await createFifoQueue(t.sqs, "scope-group", {
        DeduplicationScope: "messageGroup",
        FifoThroughputLimit: "perMessageGroupId",
      });
      const a = await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "a",
        MessageDeduplicationId: "d",
      });
      const b = await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "b",
        MessageDeduplicationId: "d",
      });
      const again = await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "a",
        MessageDeduplicationId: "d",
      });
      assert.notEqual(b.MessageId, a.MessageId);
      assert.equal(again.MessageId, a.MessageId);
      assert.equal((await messageCounts(t.sqs, url)).visible, 2);
    });

    it("deduplicates inside a batch too", async () => {
      const url = await createFifoQueue(t.sqs, "dedup-batch");
      const { Successful } = await t.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: "a", MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "same" },
            { Id: "b", MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "same" },
          ],
        }),
      );
      assert.equal(Successful![0]!.MessageId, Successful![1]!.MessageId);
      assert.equal((await messageCounts(t.sqs, url)).visible, 1);
    });
  });

  describe("ReceiveRequestAttemptId", () => {
    it("replays the same messages and receipt handles for a retried attempt", async () => {
      const url = await createFifoQueue(t.sqs, "attempt");
      await sendToGroup(url, "g", ["1", "2"]);
      const first = await receive(t.sqs, url, {
        MaxNumberOfMessages: 10,
        ReceiveRequestAttemptId: "attempt-1",
      });
      const retry = await receive(t.sqs, url, {
        MaxNumberOfMessages: 10,
        ReceiveRequestAttemptId: "attempt-1",
      });
      assert.deepEqual(bodiesOf(first), ["1", "2"]);
      assert.deepEqual(
        retry.map((m) => [m.MessageId, m.ReceiptHandle]),
        first.map((m) => [m.MessageId, m.ReceiptHandle]),
      );
      assert.deepEqual(await receive(t.sqs, url, { ReceiveRequestAttemptId: "attempt-2" }), []);
      await remove(url, retry[0]!.ReceiptHandle!);
    });

    it("resets the visibility timeout on a replay", async () => {
      const url = await createFifoQueue(t.sqs, "attempt-visibility");
      await sendToGroup(url, "g", ["1"]);
      await receive(t.sqs, url, { ReceiveRequestAttemptId: "a" });
      t.clock.advance(20_000);
      await receive(t.sqs, url, { ReceiveRequestAttemptId: "a" });
      t.clock.advance(20_000);
      assert.deepEqual(await receive(t.sqs, url), [], "the replay restarted the 30-second timeout");
      t.clock.advance(10_000);
      assert.equal((await receive(t.sqs, url)).length, 1);
    });
  });

  describe("send rules", () => {
    it("rejects a per-message DelaySeconds, but accepts 0", async () => {
      const url = await createFifoQueue(t.sqs, "per-message-delay");
      const input = { QueueUrl: url, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "d" };
      await assertSqsError(
        send({ ...input, DelaySeconds: 2 }),
        sqsErrors.invalidParameter(
          "DelaySeconds",
          2,
          "The request include parameter that is not valid for this queue type.",
        ),
      );
      await send({ ...input, DelaySeconds: 0 });
    });

    it("requires a MessageGroupId", async () => {
      const url = await createFifoQueue(t.sqs, "no-group");
      await assertSqsError(
        send({ QueueUrl: url, MessageBody: "x", MessageDeduplicationId: "d" }),
        sqsErrors.missingParameter("MessageGroupId"),
      );
    });

    it("fails a whole batch with InvalidParameterValue when an entry lacks a MessageGroupId", async () => {
      const url = await createFifoQueue(t.sqs, "no-group-batch");
      await assertSqsError(
        t.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: [
              { Id: "a", MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "1" },
              { Id: "b", MessageBody: "y", MessageDeduplicationId: "2" },
            ],
          }),
        ),
        sqsErrors.invalidParameterValue("The request must contain the parameter MessageGroupId."),
      );
      assert.equal((await messageCounts(t.sqs, url)).visible, 0);
    });

    it("requires a deduplication id unless content-based deduplication is on", async () => {
      const url = await createFifoQueue(t.sqs, "no-dedup");
      await assertSqsError(
        send({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g" }),
        sqsErrors.invalidParameterValue(NO_DEDUP_ID),
      );
      await assertSqsError(
        t.sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: url,
            Entries: [{ Id: "a", MessageBody: "x", MessageGroupId: "g" }],
          }),
        ),
        sqsErrors.invalidParameterValue(NO_DEDUP_ID),
      );
    });

    it("limits group and deduplication ids to 128 printable characters", async () => {
      const url = await createFifoQueue(t.sqs, "id-rules");
      const long = "g".repeat(129);
      await assertSqsError(
        send({ QueueUrl: url, MessageBody: "x", MessageGroupId: long, MessageDeduplicationId: "d" }),
        sqsErrors.invalidParameter(
          "MessageGroupId",
          long,
          "MessageGroupId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
        ),
      );
      await assertSqsError(
        send({ QueueUrl: url, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "has space" }),
        sqsErrors.invalidParameter(
          "MessageDeduplicationId",
          "has space",
          "MessageDeduplicationId can only include alphanumeric and punctuation characters. 1 to 128 in length.",
        ),
      );
      await send({
        QueueUrl: url,
        MessageBody: "x",
        MessageGroupId: "g".repeat(128),
        MessageDeduplicationId: "!#-~",
      });
    });
  });

  describe("receipt handles", () => {
    it("rejects a handle whose visibility timeout has ended", async () => {
      const url = await createFifoQueue(t.sqs, "expired");
      await sendToGroup(url, "g", ["x"]);
      const [message] = await receive(t.sqs, url);
      t.clock.advance(30_000);
      const expired = sqsErrors.invalidParameter(
        "ReceiptHandle",
        message!.ReceiptHandle,
        "The receipt handle has expired.",
      );
      await assertSqsError(remove(url, message!.ReceiptHandle!), expired);
      await assertSqsError(
        t.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: message!.ReceiptHandle,
            VisibilityTimeout: 10,
          }),
        ),
        expired,
      );
      assert.equal((await messageCounts(t.sqs, url)).visible, 1);
    });
  });
});
