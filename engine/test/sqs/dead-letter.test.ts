/**
 * Dead-letter queues through the SDK: redrive after maxReceiveCount receives, what the moved
 * message carries, ListDeadLetterSourceQueues, and RedrivePolicy / RedriveAllowPolicy validation.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DeleteQueueCommand,
  ListDeadLetterSourceQueuesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertSqsError,
  bodiesOf,
  createFifoQueue,
  createQueue,
  escapeRegExp,
  messageCounts,
  queueArn,
  queueAttributes,
  receive,
  sendBodies,
  sqsErrors,
} from "../support/sqs.ts";

const redrivePolicy = (deadLetterTargetArn: string, maxReceiveCount: number | string) =>
  JSON.stringify({ deadLetterTargetArn, maxReceiveCount });

describe("SQS dead-letter queues", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const set = (QueueUrl: string, Attributes: Record<string, string>) =>
    t.sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes }));

  /** A dead-letter queue and a source that redrives to it after `maxReceiveCount` receives. */
  async function redrivePair(
    prefix: string,
    maxReceiveCount: number,
    dlqAttributes: Record<string, string> = {},
  ) {
    const dlq = await createQueue(t.sqs, `${prefix}-dlq`, dlqAttributes);
    const dlqArn = await queueArn(t.sqs, dlq);
    const source = await createQueue(t.sqs, prefix, {
      RedrivePolicy: redrivePolicy(dlqArn, maxReceiveCount),
    });
    return { dlq, dlqArn, source, sourceArn: await queueArn(t.sqs, source) };
  }

  describe("redrive", () => {
    it("moves a message on the receive after maxReceiveCount receives", async () => {
      const { dlq, source } = await redrivePair("redrive", 2);
      await sendBodies(t.sqs, source, ["poison"]);
      for (let i = 0; i < 2; i++) {
        assert.deepEqual(bodiesOf(await receive(t.sqs, source, { VisibilityTimeout: 0 })), ["poison"]);
      }
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 0, "not moved before the next receive");

      assert.deepEqual(await receive(t.sqs, source), []);
      assert.deepEqual(await messageCounts(t.sqs, source), { visible: 0, notVisible: 0, delayed: 0 });
      assert.deepEqual(await messageCounts(t.sqs, dlq), { visible: 1, notVisible: 0, delayed: 0 });
    });

    it("keeps the message's id, body and attributes, adds DeadLetterQueueSourceArn, carries the receive count", async () => {
      const { dlq, source, sourceArn } = await redrivePair("carried", 1);
      const sent = await t.sqs.send(
        new SendMessageCommand({
          QueueUrl: source,
          MessageBody: "poison",
          MessageAttributes: { reason: { DataType: "String", StringValue: "bad" } },
        }),
      );
      const [received] = await receive(t.sqs, source, {
        VisibilityTimeout: 0,
        MessageSystemAttributeNames: ["All"],
      });
      assert.deepEqual(await receive(t.sqs, source), []);

      const [moved] = await receive(t.sqs, dlq, {
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      });
      assert.equal(moved!.MessageId, sent.MessageId);
      assert.equal(moved!.Body, "poison");
      assert.deepEqual(moved!.MessageAttributes, { reason: { DataType: "String", StringValue: "bad" } });
      assert.equal(moved!.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
      assert.equal(moved!.Attributes!.DeadLetterQueueSourceArn, sourceArn);
      assert.equal(moved!.Attributes!.SentTimestamp, received!.Attributes!.SentTimestamp);
      // AWS: ApproximateReceiveCount counts receives "across all queues".
      assert.equal(moved!.Attributes!.ApproximateReceiveCount, "2");
    });

    it("moves messages once their visibility timeouts run out, leaving the rest", async () => {
      const { dlq, source } = await redrivePair("mixed", 1);
      await sendBodies(t.sqs, source, ["a", "b"]);
      await receive(t.sqs, source); // a is received once
      t.clock.advance(30_000);
      const next = await receive(t.sqs, source, { MaxNumberOfMessages: 10 });
      assert.deepEqual(bodiesOf(next), ["b"], "a moved; b is delivered");
      assert.deepEqual(bodiesOf(await receive(t.sqs, dlq)), ["a"]);
    });

    it("keeps the original enqueue time for retention in a standard dead-letter queue", async () => {
      const { dlq, source } = await redrivePair("retention", 1, { MessageRetentionPeriod: "120" });
      await sendBodies(t.sqs, source, ["old"]);
      t.clock.advance(100_000);
      await receive(t.sqs, source, { VisibilityTimeout: 0 });
      await receive(t.sqs, source);
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 1);
      t.clock.advance(20_000);
      assert.equal((await messageCounts(t.sqs, dlq)).visible, 0, "120 s after it was first sent");
    });

    it("redrives FIFO to a FIFO dead-letter queue, keeping the group", async () => {
      const dlq = await createFifoQueue(t.sqs, "fifo-dlq");
      const source = await createFifoQueue(t.sqs, "fifo-source", {
        RedrivePolicy: redrivePolicy(await queueArn(t.sqs, dlq), 1),
      });
      await t.sqs.send(
        new SendMessageCommand({
          QueueUrl: source,
          MessageBody: "x",
          MessageGroupId: "g",
          MessageDeduplicationId: "d",
        }),
      );
      await receive(t.sqs, source, { VisibilityTimeout: 0 });
      assert.deepEqual(await receive(t.sqs, source), []);
      const [moved] = await receive(t.sqs, dlq, { MessageSystemAttributeNames: ["MessageGroupId"] });
      assert.equal(moved!.Body, "x");
      assert.equal(moved!.Attributes!.MessageGroupId, "g");
    });
  });

  describe("RedrivePolicy", () => {
    it("is reported as JSON with a numeric maxReceiveCount, also when given as a string", async () => {
      const dlq = await createQueue(t.sqs, "policy-dlq");
      const dlqArn = await queueArn(t.sqs, dlq);
      const source = await createQueue(t.sqs, "policy-source");
      await set(source, { RedrivePolicy: redrivePolicy(dlqArn, "3") });
      const { RedrivePolicy } = await queueAttributes(t.sqs, source, ["RedrivePolicy"]);
      assert.deepEqual(JSON.parse(RedrivePolicy!), { deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
    });

    it("is removed by setting it to the empty string", async () => {
      const { dlq, source } = await redrivePair("removed", 1);
      await set(source, { RedrivePolicy: "" });
      assert.equal((await queueAttributes(t.sqs, source, ["All"])).RedrivePolicy, undefined);
      const { queueUrls } = await t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
      assert.deepEqual(queueUrls, []);
    });

    it("rejects a target that is not an SQS queue ARN", async () => {
      const source = await createQueue(t.sqs, "bad-target");
      const policy = '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}';
      await assertSqsError(
        set(source, { RedrivePolicy: policy }),
        sqsErrors.invalidParameter("RedrivePolicy", policy, "Invalid value for deadLetterTargetArn."),
      );
    });

    it("rejects maxReceiveCount outside 1 to 1000", async () => {
      const dlqArn = await queueArn(t.sqs, await createQueue(t.sqs, "count-dlq"));
      const source = await createQueue(t.sqs, "count-source");
      for (const count of [0, 1001]) {
        const policy = redrivePolicy(dlqArn, count);
        await assertSqsError(
          set(source, { RedrivePolicy: policy }),
          sqsErrors.invalidParameter(
            "RedrivePolicy",
            policy,
            `Invalid value for maxReceiveCount: ${count}, valid values are from 1 to 1000 both inclusive.`,
          ),
        );
      }
    });

    it("rejects a dead-letter queue that does not exist", async () => {
      const source = await createQueue(t.sqs, "missing-target");
      const policy = redrivePolicy("arn:aws:sqs:us-east-1:000000000000:no-such-dlq", 3);
      await assertSqsError(
        set(source, { RedrivePolicy: policy }),
        // AWS's reason text is not verified.
        sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
      );
    });

    it("rejects a dead-letter queue of the other type", async () => {
      const standardArn = await queueArn(t.sqs, await createQueue(t.sqs, "standard-dlq"));
      const fifoArn = await queueArn(t.sqs, await createFifoQueue(t.sqs, "fifo-dlq"));
      const standard = await createQueue(t.sqs, "standard-source");
      const fifo = await createFifoQueue(t.sqs, "fifo-source");
      for (const [url, arn] of [
        [standard, fifoArn],
        [fifo, standardArn],
      ] as const) {
        const policy = redrivePolicy(arn, 3);
        // AWS's reason text is not verified.
        await assertSqsError(
          set(url, { RedrivePolicy: policy }),
          sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
        );
      }
    });

    it("quotes the policy exactly as it was sent", async () => {
      const source = await createQueue(t.sqs, "quoted");
      const policy =
        '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:absent", "maxReceiveCount": "7"}';
      await assertSqsError(
        set(source, { RedrivePolicy: policy }),
        sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
      );
    });

    it("rejects a dead-letter queue in another region", async () => {
      const europe = t.sqsClient("eu-west-1");
      const remote = await createQueue(europe, "remote-dlq");
      const policy = redrivePolicy(await queueArn(europe, remote), 3);
      const source = await createQueue(t.sqs, "local-source");
      // AWS: the dead-letter queue must be in the same account and region as its sources.
      await assertSqsError(
        set(source, { RedrivePolicy: policy }),
        sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
      );
    });

    it("is checked on CreateQueue too", async () => {
      const policy = redrivePolicy("arn:aws:sqs:us-east-1:000000000000:nowhere", 3);
      await assertSqsError(
        createQueue(t.sqs, "create-missing-target", { RedrivePolicy: policy }),
        sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
      );
    });
  });

  describe("RedriveAllowPolicy", () => {
    const allow = (policy: object) => ({ RedriveAllowPolicy: JSON.stringify(policy) });

    it("denyAll stops every queue from using it as a dead-letter queue", async () => {
      const dlq = await createQueue(t.sqs, "deny-all", allow({ redrivePermission: "denyAll" }));
      const policy = redrivePolicy(await queueArn(t.sqs, dlq), 3);
      const source = await createQueue(t.sqs, "denied");
      // AWS's reason text is not verified.
      await assertSqsError(
        set(source, { RedrivePolicy: policy }),
        sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
      );
    });

    it("byQueue admits only the listed source queues", async () => {
      const allowed = await createQueue(t.sqs, "by-queue-allowed");
      const other = await createQueue(t.sqs, "by-queue-other");
      const dlq = await createQueue(
        t.sqs,
        "by-queue",
        allow({ redrivePermission: "byQueue", sourceQueueArns: [await queueArn(t.sqs, allowed)] }),
      );
      const policy = redrivePolicy(await queueArn(t.sqs, dlq), 3);
      await set(allowed, { RedrivePolicy: policy });
      await assertSqsError(
        set(other, { RedrivePolicy: policy }),
        sqsErrors.invalidParameter("RedrivePolicy", policy, /.+/),
      );
    });

    it("allowAll (the default) admits any source", async () => {
      const dlq = await createQueue(t.sqs, "allow-all", allow({ redrivePermission: "allowAll" }));
      const source = await createQueue(t.sqs, "allowed-by-all");
      await set(source, { RedrivePolicy: redrivePolicy(await queueArn(t.sqs, dlq), 3) });
      const { RedriveAllowPolicy } = await queueAttributes(t.sqs, dlq, ["RedriveAllowPolicy"]);
      assert.deepEqual(JSON.parse(RedriveAllowPolicy!), { redrivePermission: "allowAll" });
    });

    it("rejects byQueue without source ARNs and allowAll with them", async () => {
      const url = await createQueue(t.sqs, "allow-invalid");
      const arn = await queueArn(t.sqs, url);
      for (const policy of [
        { redrivePermission: "byQueue" },
        { redrivePermission: "allowAll", sourceQueueArns: [arn] },
        { redrivePermission: "sometimes" },
      ]) {
        const value = JSON.stringify(policy);
        await assertSqsError(
          set(url, { RedriveAllowPolicy: value }),
          sqsErrors.invalidParameterValue(
            new RegExp(`^Value ${escapeRegExp(value)} for parameter RedriveAllowPolicy is invalid`),
          ),
        );
      }
    });
  });

  describe("ListDeadLetterSourceQueues", () => {
    it("lists the queues that redrive to a dead-letter queue", async () => {
      const { dlq, dlqArn, source } = await redrivePair("sources", 3);
      const second = await createQueue(t.sqs, "sources-second", { RedrivePolicy: redrivePolicy(dlqArn, 5) });
      const { queueUrls } = await t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
      assert.deepEqual([...queueUrls!].sort(), [source, second].sort());
    });

    it("returns an empty list for a queue nothing redrives to", async () => {
      const url = await createQueue(t.sqs, "no-sources");
      const { queueUrls, NextToken } = await t.sqs.send(
        new ListDeadLetterSourceQueuesCommand({ QueueUrl: url }),
      );
      assert.deepEqual(queueUrls, []);
      assert.equal(NextToken, undefined);
    });

    it("pages with MaxResults and NextToken", async () => {
      const dlq = await createQueue(t.sqs, "paged-dlq");
      const dlqArn = await queueArn(t.sqs, dlq);
      const sources: string[] = [];
      for (let i = 0; i < 3; i++) {
        sources.push(await createQueue(t.sqs, "paged-source", { RedrivePolicy: redrivePolicy(dlqArn, 1) }));
      }
      const first = await t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 2 }));
      assert.equal(first.queueUrls!.length, 2);
      assert.ok(first.NextToken);
      const second = await t.sqs.send(
        new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq, MaxResults: 2, NextToken: first.NextToken }),
      );
      assert.equal(second.queueUrls!.length, 1);
      assert.equal(second.NextToken, undefined);
      assert.deepEqual([...first.queueUrls!, ...second.queueUrls!].sort(), [...sources].sort());
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "sources-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(
        t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url })),
        sqsErrors.queueDoesNotExist(),
      );
    });
  });
});
