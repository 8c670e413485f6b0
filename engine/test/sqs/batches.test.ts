/**
 * Batch operations through the SDK: SendMessageBatch, DeleteMessageBatch and
 * ChangeMessageVisibilityBatch — per-entry results and failures, and the request-level errors.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ChangeMessageVisibilityBatchCommand,
  type ChangeMessageVisibilityBatchRequestEntry,
  DeleteMessageBatchCommand,
  type DeleteMessageBatchRequestEntry,
  DeleteQueueCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertSqsError,
  bodiesOf,
  createQueue,
  md5,
  messageCounts,
  receive,
  sendBodies,
  sqsErrors,
} from "../support/sqs.ts";

const MIB = 1_048_576;

describe("SQS batches", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const sendBatch = (QueueUrl: string, Entries: SendMessageBatchRequestEntry[]) =>
    t.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
  const deleteBatch = (QueueUrl: string, Entries: DeleteMessageBatchRequestEntry[]) =>
    t.sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries }));
  const changeBatch = (QueueUrl: string, Entries: ChangeMessageVisibilityBatchRequestEntry[]) =>
    t.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl, Entries }));

  /** The three batch calls, each with `count` entries built from `id`. */
  const everyBatch = (url: string, ids: string[]) => ({
    SendMessageBatchRequestEntry: () =>
      sendBatch(
        url,
        ids.map((Id) => ({ Id, MessageBody: "x" })),
      ),
    DeleteMessageBatchRequestEntry: () =>
      deleteBatch(
        url,
        ids.map((Id) => ({ Id, ReceiptHandle: "h" })),
      ),
    ChangeMessageVisibilityBatchRequestEntry: () =>
      changeBatch(
        url,
        ids.map((Id) => ({ Id, ReceiptHandle: "h", VisibilityTimeout: 1 })),
      ),
  });

  describe("SendMessageBatch", () => {
    it("sends every entry and reports each by Id", async () => {
      const url = await createQueue(t.sqs, "send-batch");
      const { Successful, Failed } = await sendBatch(url, [
        { Id: "first", MessageBody: "one" },
        { Id: "second", MessageBody: "two", DelaySeconds: 5 },
        {
          Id: "third",
          MessageBody: "three",
          MessageAttributes: { k: { DataType: "String", StringValue: "v" } },
        },
      ]);
      assert.deepEqual(Failed ?? [], []);
      assert.deepEqual(
        Successful!.map((entry) => [entry.Id, entry.MD5OfMessageBody]),
        [
          ["first", md5("one")],
          ["second", md5("two")],
          ["third", md5("three")],
        ],
      );
      assert.equal(new Set(Successful!.map((entry) => entry.MessageId)).size, 3);
      assert.ok(Successful![2]!.MD5OfMessageAttributes);
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 2, notVisible: 0, delayed: 1 });
    });

    it("reports bad entries in Failed and sends the rest", async () => {
      const url = await createQueue(t.sqs, "send-partial");
      const { Successful, Failed } = await sendBatch(url, [
        { Id: "good", MessageBody: "fine" },
        { Id: "control", MessageBody: "bell \u0007" },
        { Id: "delay", MessageBody: "x", DelaySeconds: 1_000 },
        { Id: "empty", MessageBody: "" },
      ]);
      assert.deepEqual(
        Successful!.map((entry) => entry.Id),
        ["good"],
      );
      assert.deepEqual(
        [...(Failed ?? [])].sort((a, b) => a.Id!.localeCompare(b.Id!)),
        [
          {
            Id: "control",
            SenderFault: true,
            Code: "InvalidMessageContents",
            Message:
              "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF",
          },
          {
            Id: "delay",
            SenderFault: true,
            Code: "InvalidParameterValue",
            Message:
              "Value 1000 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.",
          },
          {
            Id: "empty",
            SenderFault: true,
            Code: "MissingParameter",
            Message: "The request must contain the parameter MessageBody.",
          },
        ],
      );
      assert.deepEqual(bodiesOf(await receive(t.sqs, url, { MaxNumberOfMessages: 10 })), ["fine"]);
    });

    it("accepts a total of exactly 1 MiB and rejects one byte more (BatchRequestTooLong)", async () => {
      const url = await createQueue(t.sqs, "send-total");
      const half = "a".repeat(MIB / 2);
      const { Successful } = await sendBatch(url, [
        { Id: "a", MessageBody: half },
        { Id: "b", MessageBody: half },
      ]);
      assert.equal(Successful!.length, 2);

      await assertSqsError(
        sendBatch(url, [
          { Id: "a", MessageBody: half },
          { Id: "b", MessageBody: `${half}b` },
        ]),
        sqsErrors.batchRequestTooLong(MIB + 1),
      );
    });

    it("counts message attributes toward the batch total", async () => {
      const url = await createQueue(t.sqs, "send-total-attributes");
      const body = "a".repeat(MIB / 2);
      // name (4) + type (6) + value (1) = 11 bytes
      const attribute = { attr: { DataType: "String", StringValue: "v" } };
      await assertSqsError(
        sendBatch(url, [
          { Id: "a", MessageBody: body },
          { Id: "b", MessageBody: body.slice(10), MessageAttributes: attribute },
        ]),
        sqsErrors.batchRequestTooLong(MIB + 1),
      );
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "send-batch-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(sendBatch(url, [{ Id: "a", MessageBody: "x" }]), sqsErrors.queueDoesNotExist());
    });
  });

  describe("DeleteMessageBatch", () => {
    it("deletes each message and reports malformed handles per entry", async () => {
      const url = await createQueue(t.sqs, "delete-batch");
      await sendBodies(t.sqs, url, ["a", "b", "c"]);
      const received = await receive(t.sqs, url, { MaxNumberOfMessages: 10 });
      assert.equal(received.length, 3);

      const { Successful, Failed } = await deleteBatch(url, [
        ...received.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle! })),
        { Id: "bad", ReceiptHandle: "garbage" },
      ]);
      assert.deepEqual(
        Successful!.map((entry) => entry.Id),
        ["m0", "m1", "m2"],
      );
      assert.deepEqual(Failed, [
        {
          Id: "bad",
          SenderFault: true,
          Code: "ReceiptHandleIsInvalid",
          Message: 'The input receipt handle "garbage" is not a valid receipt handle.',
        },
      ]);
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 0, notVisible: 0, delayed: 0 });
    });

    it("succeeds for a stale handle without deleting the message", async () => {
      const url = await createQueue(t.sqs, "delete-batch-stale");
      await sendBodies(t.sqs, url, ["a"]);
      const [old] = await receive(t.sqs, url, { VisibilityTimeout: 0 });
      await receive(t.sqs, url);
      const { Successful } = await deleteBatch(url, [{ Id: "old", ReceiptHandle: old!.ReceiptHandle! }]);
      assert.deepEqual(
        Successful!.map((entry) => entry.Id),
        ["old"],
      );
      assert.equal((await messageCounts(t.sqs, url)).notVisible, 1);
    });
  });

  describe("ChangeMessageVisibilityBatch", () => {
    it("changes each message's timeout and reports failures per entry", async () => {
      const url = await createQueue(t.sqs, "change-batch");
      await sendBodies(t.sqs, url, ["release", "keep"]);
      const received = await receive(t.sqs, url, { MaxNumberOfMessages: 10 });
      const byBody = new Map(received.map((m) => [m.Body!, m.ReceiptHandle!]));

      const { Successful, Failed } = await changeBatch(url, [
        { Id: "release", ReceiptHandle: byBody.get("release")!, VisibilityTimeout: 0 },
        { Id: "keep", ReceiptHandle: byBody.get("keep")!, VisibilityTimeout: 600 },
        { Id: "bad", ReceiptHandle: "garbage", VisibilityTimeout: 0 },
        { Id: "range", ReceiptHandle: byBody.get("keep")!, VisibilityTimeout: 43_201 },
      ]);
      assert.deepEqual(
        Successful!.map((entry) => entry.Id),
        ["release", "keep"],
      );
      const failed = new Map(Failed!.map((entry) => [entry.Id!, entry]));
      assert.deepEqual(failed.get("bad"), {
        Id: "bad",
        SenderFault: true,
        Code: "ReceiptHandleIsInvalid",
        Message: 'The input receipt handle "garbage" is not a valid receipt handle.',
      });
      assert.equal(failed.get("range")!.Code, "InvalidParameterValue");
      assert.equal(failed.get("range")!.SenderFault, true);

      assert.deepEqual(bodiesOf(await receive(t.sqs, url, { MaxNumberOfMessages: 10 })), ["release"]);
      t.clock.advance(599_000);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url, { MaxNumberOfMessages: 10 })), ["release"]);
      t.clock.advance(1_000);
      assert.deepEqual(bodiesOf(await receive(t.sqs, url, { MaxNumberOfMessages: 10 })), ["keep"]);
    });
  });

  describe("request-level errors, for all three batch calls", () => {
    it("rejects an empty batch with EmptyBatchRequest", async () => {
      const url = await createQueue(t.sqs, "empty-batch");
      for (const [entryName, call] of Object.entries(everyBatch(url, []))) {
        await assertSqsError(call(), sqsErrors.emptyBatchRequest(entryName));
      }
    });

    it("rejects more than 10 entries with TooManyEntriesInBatchRequest", async () => {
      const url = await createQueue(t.sqs, "big-batch");
      const ids = Array.from({ length: 11 }, (_, i) => `e${i}`);
      for (const call of Object.values(everyBatch(url, ids))) {
        await assertSqsError(call(), sqsErrors.tooManyEntriesInBatchRequest(11));
      }
    });

    it("rejects ids with other characters or over 80 long with InvalidBatchEntryId", async () => {
      const url = await createQueue(t.sqs, "bad-ids");
      for (const bad of ["has space", "dot.ted", "x".repeat(81), ""]) {
        for (const call of Object.values(everyBatch(url, ["ok", bad]))) {
          await assertSqsError(call(), sqsErrors.invalidBatchEntryId());
        }
      }
    });

    it("accepts ids of letters, digits, hyphens and underscores up to 80 long", async () => {
      const url = await createQueue(t.sqs, "good-ids");
      const { Successful } = await sendBatch(url, [
        { Id: "A-z_09", MessageBody: "x" },
        { Id: "x".repeat(80), MessageBody: "y" },
      ]);
      assert.equal(Successful!.length, 2);
    });

    it("rejects repeated ids with BatchEntryIdsNotDistinct", async () => {
      const url = await createQueue(t.sqs, "repeated-ids");
      for (const call of Object.values(everyBatch(url, ["a", "b", "a"]))) {
        await assertSqsError(call(), sqsErrors.batchEntryIdsNotDistinct("a"));
      }
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "batch-queue-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      for (const call of Object.values(everyBatch(url, ["a"]))) {
        await assertSqsError(call(), sqsErrors.queueDoesNotExist());
      }
    });
  });
});
