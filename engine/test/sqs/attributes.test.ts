/**
 * Queue attributes through the SDK: GetQueueAttributes (every name, the Approximate* counts as
 * messages are sent, received and delayed) and SetQueueAttributes with its validation.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  ChangeMessageVisibilityCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  QueueAttributeName,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  ACCOUNT_ID,
  assertSqsError,
  createFifoQueue,
  createQueue,
  messageCounts,
  queueAttributes,
  receive,
  sendBodies,
  sqsErrors,
} from "../support/sqs.ts";

/** Settable integer attributes and their inclusive ranges (SQS API reference, SetQueueAttributes). */
const INTEGER_RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1_024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

describe("SQS queue attributes", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const set = (QueueUrl: string, Attributes: Record<string, string>) =>
    t.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes }));

  describe("GetQueueAttributes", () => {
    it("reports every attribute of a new standard queue with AWS's defaults", async () => {
      const before = Math.floor(t.clock.now() / 1000);
      const url = await createQueue(t.sqs, "defaults");
      const name = url.split("/").at(-1)!;
      const attributes = await queueAttributes(t.sqs, url);

      const { CreatedTimestamp, LastModifiedTimestamp, ...rest } = attributes;
      assert.deepEqual(rest, {
        QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:${name}`,
        ApproximateNumberOfMessages: "0",
        ApproximateNumberOfMessagesNotVisible: "0",
        ApproximateNumberOfMessagesDelayed: "0",
        VisibilityTimeout: "30",
        MaximumMessageSize: "1048576",
        MessageRetentionPeriod: "345600",
        DelaySeconds: "0",
        ReceiveMessageWaitTimeSeconds: "0",
        SqsManagedSseEnabled: "true",
      });
      // Queue timestamps are epoch seconds (message timestamps are milliseconds).
      assert.match(CreatedTimestamp!, /^[0-9]{10}$/);
      assert.ok(Number(CreatedTimestamp) >= before && Number(CreatedTimestamp) <= before + 1);
      assert.equal(LastModifiedTimestamp, CreatedTimestamp);
    });

    it("adds the FIFO attributes for a FIFO queue", async () => {
      const attributes = await queueAttributes(t.sqs, await createFifoQueue(t.sqs, "fifo-defaults"));
      assert.equal(attributes.FifoQueue, "true");
      assert.equal(attributes.ContentBasedDeduplication, "false");
      assert.equal(attributes.DeduplicationScope, "queue");
      assert.equal(attributes.FifoThroughputLimit, "perQueue");
    });

    it("answers every attribute name on its own, with the value All reports", async () => {
      const dlq = await createFifoQueue(t.sqs, "every-name-dlq");
      const dlqArn = (await queueAttributes(t.sqs, dlq, ["QueueArn"])).QueueArn!;
      const url = await createFifoQueue(t.sqs, "every-name", {
        ContentBasedDeduplication: "true",
        KmsMasterKeyId: "alias/aws/sqs",
        Policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 }),
        RedriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }),
      });
      const all = await queueAttributes(t.sqs, url, ["All"]);
      const names = Object.values(QueueAttributeName).filter((name) => name !== "All");
      assert.deepEqual(Object.keys(all).sort(), [...names].sort(), "All reports every attribute that is set");
      for (const name of names) {
        assert.deepEqual(await queueAttributes(t.sqs, url, [name]), { [name]: all[name] }, name);
      }
    });

    it("leaves Attributes out when no names are asked for", async () => {
      const url = await createQueue(t.sqs, "no-names");
      const output = await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }));
      assert.equal(output.Attributes, undefined);
    });

    it("returns only the names asked for", async () => {
      const url = await createQueue(t.sqs, "some-names", { VisibilityTimeout: "45" });
      assert.deepEqual(await queueAttributes(t.sqs, url, ["VisibilityTimeout", "DelaySeconds"]), {
        VisibilityTimeout: "45",
        DelaySeconds: "0",
      });
    });

    it("leaves out optional documents that are not set", async () => {
      const url = await createQueue(t.sqs, "no-policy");
      const attributes = await queueAttributes(t.sqs, url, ["All"]);
      for (const name of ["Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"]) {
        assert.equal(attributes[name], undefined, name);
      }
      assert.deepEqual(await queueAttributes(t.sqs, url, ["Policy"]), {});
    });

    it("rejects an unknown attribute name", async () => {
      const url = await createQueue(t.sqs, "bad-name");
      await assertSqsError(
        t.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Colour" as QueueAttributeName] }),
        ),
        sqsErrors.unknownAttribute("Colour"),
      );
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "attributes-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(
        t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] })),
        sqsErrors.queueDoesNotExist(),
      );
    });
  });

  describe("Approximate* counts", () => {
    it("follow messages as they are sent, received, delayed, released and deleted", async () => {
      const url = await createQueue(t.sqs, "counts");
      await sendBodies(t.sqs, url, ["a", "b", "c"]);
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 3, notVisible: 0, delayed: 0 });

      assert.equal((await receive(t.sqs, url)).length, 1);
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 2, notVisible: 1, delayed: 0 });

      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "d", DelaySeconds: 45 }));
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 2, notVisible: 1, delayed: 1 });

      t.clock.advance(30_000); // the received message's visibility timeout ends
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 3, notVisible: 0, delayed: 1 });

      t.clock.advance(15_000); // the delayed message becomes visible
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 4, notVisible: 0, delayed: 0 });

      const received = await receive(t.sqs, url, { MaxNumberOfMessages: 10 });
      assert.equal(received.length, 4);
      await t.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: received[0]!.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 1, notVisible: 3, delayed: 0 });
    });

    it("count messages delayed by the queue's DelaySeconds", async () => {
      const url = await createQueue(t.sqs, "counts-queue-delay", { DelaySeconds: "10" });
      await sendBodies(t.sqs, url, ["a", "b"]);
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 0, notVisible: 0, delayed: 2 });
      t.clock.advance(10_000);
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 2, notVisible: 0, delayed: 0 });
    });
  });

  describe("SetQueueAttributes", () => {
    it("changes settable attributes and reports them back", async () => {
      const url = await createQueue(t.sqs, "set");
      await set(url, {
        DelaySeconds: "5",
        MaximumMessageSize: "2048",
        MessageRetentionPeriod: "120",
        ReceiveMessageWaitTimeSeconds: "10",
        VisibilityTimeout: "90",
      });
      const attributes = await queueAttributes(t.sqs, url);
      assert.equal(attributes.DelaySeconds, "5");
      assert.equal(attributes.MaximumMessageSize, "2048");
      assert.equal(attributes.MessageRetentionPeriod, "120");
      assert.equal(attributes.ReceiveMessageWaitTimeSeconds, "10");
      assert.equal(attributes.VisibilityTimeout, "90");
    });

    it("moves LastModifiedTimestamp but not CreatedTimestamp", async () => {
      const url = await createQueue(t.sqs, "modified");
      const before = await queueAttributes(t.sqs, url);
      t.clock.advance(10_000);
      await set(url, { VisibilityTimeout: "31" });
      const after = await queueAttributes(t.sqs, url);
      assert.equal(after.CreatedTimestamp, before.CreatedTimestamp);
      assert.ok(Number(after.LastModifiedTimestamp) >= Number(before.LastModifiedTimestamp) + 10);
    });

    it("applies a new VisibilityTimeout to the next receive", async () => {
      const url = await createQueue(t.sqs, "set-visibility");
      await sendBodies(t.sqs, url, ["a"]);
      await set(url, { VisibilityTimeout: "5" });
      await receive(t.sqs, url);
      t.clock.advance(5_000);
      assert.equal((await receive(t.sqs, url)).length, 1);
    });

    it("accepts both ends of every integer range", async () => {
      const url = await createQueue(t.sqs, "bounds");
      for (const [name, [min, max]] of Object.entries(INTEGER_RANGES)) {
        await set(url, { [name]: String(min) });
        assert.equal((await queueAttributes(t.sqs, url, [name as QueueAttributeName]))[name], String(min));
        await set(url, { [name]: String(max) });
        assert.equal((await queueAttributes(t.sqs, url, [name as QueueAttributeName]))[name], String(max));
      }
    });

    it("rejects values outside the range or not plain integers with InvalidAttributeValue", async () => {
      const url = await createQueue(t.sqs, "out-of-range");
      for (const [name, [min, max]] of Object.entries(INTEGER_RANGES)) {
        for (const value of [String(min - 1), String(max + 1), "", " 6", "-45", "544.43", "true"]) {
          await assertSqsError(set(url, { [name]: value }), sqsErrors.invalidAttributeValue(name));
        }
      }
    });

    it("rejects an unknown attribute name", async () => {
      const url = await createQueue(t.sqs, "set-unknown");
      await assertSqsError(set(url, { Colour: "blue" }), sqsErrors.unknownAttribute("Colour"));
    });

    it("rejects FIFO-only attributes on a standard queue as unknown", async () => {
      const url = await createQueue(t.sqs, "standard-fifo-attrs");
      await assertSqsError(
        set(url, { ContentBasedDeduplication: "true" }),
        sqsErrors.unknownAttribute("ContentBasedDeduplication"),
      );
      await assertSqsError(set(url, { FifoQueue: "true" }), sqsErrors.unknownAttribute("FifoQueue"));
    });

    it("refuses to change FifoQueue on a FIFO queue", async () => {
      const url = await createFifoQueue(t.sqs, "fifo-type");
      await assertSqsError(set(url, { FifoQueue: "false" }), {
        ...sqsErrors.invalidAttributeValue("FifoQueue"),
        message: "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
      });
    });

    it("validates the FIFO settings' values", async () => {
      const url = await createFifoQueue(t.sqs, "fifo-settings");
      await set(url, {
        ContentBasedDeduplication: "true",
        DeduplicationScope: "messageGroup",
        FifoThroughputLimit: "perMessageGroupId",
      });
      const attributes = await queueAttributes(t.sqs, url);
      assert.equal(attributes.ContentBasedDeduplication, "true");
      assert.equal(attributes.DeduplicationScope, "messageGroup");
      assert.equal(attributes.FifoThroughputLimit, "perMessageGroupId");
      await assertSqsError(
        set(url, { DeduplicationScope: "group" }),
        sqsErrors.invalidAttributeValue("DeduplicationScope"),
      );
      await assertSqsError(
        set(url, { FifoThroughputLimit: "perGroup" }),
        sqsErrors.invalidAttributeValue("FifoThroughputLimit"),
      );
      await assertSqsError(
        set(url, { ContentBasedDeduplication: "yes" }),
        sqsErrors.invalidAttributeValue("ContentBasedDeduplication"),
      );
    });

    it("refuses SSE-KMS and SSE-SQS together", async () => {
      const url = await createQueue(t.sqs, "sse-both");
      await assertSqsError(
        set(url, { KmsMasterKeyId: "alias/aws/sqs", SqsManagedSseEnabled: "true" }),
        sqsErrors.invalidAttributeName(
          "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
        ),
      );
    });

    it("switches SSE-SQS off when a KMS key is set, with the default key reuse period", async () => {
      const url = await createQueue(t.sqs, "sse-kms");
      await set(url, { KmsMasterKeyId: "alias/aws/sqs" });
      const attributes = await queueAttributes(t.sqs, url);
      assert.equal(attributes.KmsMasterKeyId, "alias/aws/sqs");
      assert.equal(attributes.KmsDataKeyReusePeriodSeconds, "300");
      assert.equal(attributes.SqsManagedSseEnabled, "false");
    });

    it("stores a Policy document and removes it when set to the empty string", async () => {
      const url = await createQueue(t.sqs, "policy");
      const policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
      await set(url, { Policy: policy });
      assert.equal((await queueAttributes(t.sqs, url, ["Policy"])).Policy, policy);
      await set(url, { Policy: "" });
      assert.equal((await queueAttributes(t.sqs, url, ["Policy"])).Policy, undefined);
      await assertSqsError(set(url, { Policy: "{not json" }), sqsErrors.invalidAttributeValue("Policy"));
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "set-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(set(url, { DelaySeconds: "1" }), sqsErrors.queueDoesNotExist());
    });
  });
});
