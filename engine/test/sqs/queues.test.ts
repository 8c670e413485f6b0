/**
 * Queue lifecycle through the SDK: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, PurgeQueue,
 * and the account/region a queue lives in.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  ACCOUNT_ID,
  assertSqsError,
  messageCounts,
  queueArn,
  receive,
  sendBodies,
  sqsErrors,
  uniqueQueueName,
} from "../support/sqs.ts";

const QUEUE_DELETED_RECENTLY_MS = 60_000;
const PURGE_INTERVAL_MS = 60_000;
const INVALID_NAME = "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length";

describe("SQS queues", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const create = async (QueueName: string, Attributes?: Record<string, string>) =>
    (await t.sqs.send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;

  describe("CreateQueue", () => {
    it("returns a URL ending in /<account>/<name> that GetQueueUrl also returns", async () => {
      const name = uniqueQueueName("created");
      const url = await create(name);
      assert.ok(url.endsWith(`/${ACCOUNT_ID}/${name}`), url);
      const { QueueUrl } = await t.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      assert.equal(QueueUrl, url);
    });

    it("is idempotent: the same name with the same attributes returns the existing queue", async () => {
      const name = uniqueQueueName("idempotent");
      const first = await create(name, { DelaySeconds: "5", VisibilityTimeout: "60" });
      await sendBodies(t.sqs, first, ["kept"]);
      const again = await create(name, { DelaySeconds: "5", VisibilityTimeout: "60" });
      assert.equal(again, first);
      assert.equal(
        (await messageCounts(t.sqs, first)).delayed,
        1,
        "the existing queue is kept, not replaced",
      );
    });

    it("returns the existing queue when called again with no attributes", async () => {
      const name = uniqueQueueName("idempotent-bare");
      const first = await create(name, { DelaySeconds: "5" });
      assert.equal(await create(name), first);
    });

    it("treats an attribute given with its default value as the same", async () => {
      const name = uniqueQueueName("idempotent-default");
      const first = await create(name);
      assert.equal(await create(name, { VisibilityTimeout: "30" }), first);
    });

    it("fails with QueueNameExists when an attribute differs", async () => {
      const name = uniqueQueueName("exists");
      await create(name, { DelaySeconds: "5" });
      await assertSqsError(create(name, { DelaySeconds: "6" }), sqsErrors.queueNameExists("DelaySeconds"));
    });

    it("fails with QueueNameExists when an attribute the first call left at its default differs", async () => {
      const name = uniqueQueueName("exists-default");
      await create(name);
      await assertSqsError(
        create(name, { MessageRetentionPeriod: "600" }),
        sqsErrors.queueNameExists("MessageRetentionPeriod"),
      );
    });

    it("rejects names with invalid characters, empty names and names over 80 characters", async () => {
      await assertSqsError(create("bad name!"), sqsErrors.invalidParameterValue(INVALID_NAME));
      await assertSqsError(create("x".repeat(81)), sqsErrors.invalidParameterValue(INVALID_NAME));
      await assertSqsError(
        create(""),
        sqsErrors.invalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name.",
        ),
      );
    });

    it("accepts a name of exactly 80 characters", async () => {
      const name = `n${"x".repeat(79)}`;
      assert.ok((await create(name)).endsWith(`/${name}`));
    });

    it("rejects a .fifo name without FifoQueue=true", async () => {
      await assertSqsError(
        create(uniqueQueueName("fifo-name", { fifo: true })),
        sqsErrors.invalidParameterValue(INVALID_NAME),
      );
      await assertSqsError(
        create(uniqueQueueName("fifo-false", { fifo: true }), { FifoQueue: "false" }),
        sqsErrors.invalidParameterValue(INVALID_NAME),
      );
    });

    it("rejects FifoQueue on a name without the .fifo suffix as an unknown attribute", async () => {
      await assertSqsError(
        create(uniqueQueueName("not-fifo"), { FifoQueue: "true" }),
        sqsErrors.unknownAttribute("FifoQueue"),
      );
      await assertSqsError(
        create(uniqueQueueName("not-fifo"), { FifoQueue: "false" }),
        sqsErrors.unknownAttribute("FifoQueue"),
      );
    });

    it("creates a FIFO queue of up to 80 characters including .fifo", async () => {
      const name = `f${"x".repeat(74)}.fifo`;
      assert.equal(name.length, 80);
      assert.ok((await create(name, { FifoQueue: "true" })).endsWith(`/${name}`));
      await assertSqsError(
        create(`f${"x".repeat(75)}.fifo`, { FifoQueue: "true" }),
        sqsErrors.invalidParameterValue(
          "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.",
        ),
      );
    });

    it("rejects an unknown attribute name", async () => {
      await assertSqsError(
        create(uniqueQueueName("unknown-attribute"), { Colour: "blue" }),
        sqsErrors.unknownAttribute("Colour"),
      );
    });
  });

  describe("GetQueueUrl", () => {
    it("fails with QueueDoesNotExist for an unknown name", async () => {
      await assertSqsError(
        t.sqs.send(new GetQueueUrlCommand({ QueueName: "no-such-queue" })),
        sqsErrors.queueDoesNotExist(),
      );
    });

    it("rejects an empty QueueName", async () => {
      await assertSqsError(
        t.sqs.send(new GetQueueUrlCommand({ QueueName: "" })),
        sqsErrors.invalidParameterValue(
          "Value for parameter QueueName is invalid. Reason: Must specify a queue name.",
        ),
      );
    });

    it("finds a queue by the owner's account id", async () => {
      const name = uniqueQueueName("owned");
      const url = await create(name);
      const { QueueUrl } = await t.sqs.send(
        new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: ACCOUNT_ID }),
      );
      assert.equal(QueueUrl, url);
      await assertSqsError(
        t.sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: "111111111111" })),
        sqsErrors.queueDoesNotExist(),
      );
    });
  });

  describe("DeleteQueue", () => {
    it("deletes the queue and its messages", async () => {
      const name = uniqueQueueName("deleted");
      const url = await create(name);
      await sendBodies(t.sqs, url, ["gone"]);
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(
        t.sqs.send(new GetQueueUrlCommand({ QueueName: name })),
        sqsErrors.queueDoesNotExist(),
      );
      await assertSqsError(
        t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "late" })),
        sqsErrors.queueDoesNotExist(),
      );
    });

    it("fails with QueueDoesNotExist for a queue that does not exist", async () => {
      const url = await create(uniqueQueueName("delete-twice"));
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(
        t.sqs.send(new DeleteQueueCommand({ QueueUrl: url })),
        sqsErrors.queueDoesNotExist(),
      );
    });

    it("blocks re-creating the name for 60 seconds with QueueDeletedRecently", async () => {
      const name = uniqueQueueName("recreated");
      const url = await create(name);
      await sendBodies(t.sqs, url, ["old"]);
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));

      await assertSqsError(create(name), sqsErrors.queueDeletedRecently());
      t.clock.advance(QUEUE_DELETED_RECENTLY_MS);

      const recreated = await create(name);
      assert.equal(recreated, url);
      assert.deepEqual(await messageCounts(t.sqs, recreated), { visible: 0, notVisible: 0, delayed: 0 });
    });
  });

  describe("ListQueues", () => {
    it("lists the queues whose names start with the prefix, in name order", async () => {
      const prefix = uniqueQueueName("listed");
      const urls = [await create(`${prefix}-b`), await create(`${prefix}-a`), await create(`${prefix}-c`)];
      await create(`other-${prefix}`);
      const { QueueUrls, NextToken } = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
      assert.deepEqual(QueueUrls, [urls[1], urls[0], urls[2]]);
      assert.equal(NextToken, undefined);
    });

    it("returns no QueueUrls at all when nothing matches", async () => {
      const output = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: "nothing-has-this-prefix" }));
      assert.equal(output.QueueUrls, undefined);
      assert.equal(output.NextToken, undefined);
    });

    it("pages with MaxResults and NextToken", async () => {
      const prefix = uniqueQueueName("paged");
      const urls: string[] = [];
      for (let i = 0; i < 5; i++) urls.push(await create(`${prefix}-${i}`));

      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await t.sqs.send(
          new ListQueuesCommand({ QueueNamePrefix: prefix, MaxResults: 2, NextToken: token }),
        );
        assert.ok(page.QueueUrls!.length <= 2);
        seen.push(...page.QueueUrls!);
        token = page.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual(seen, urls);
    });

    it("returns no NextToken unless MaxResults was set", async () => {
      const prefix = uniqueQueueName("unpaged");
      for (let i = 0; i < 3; i++) await create(`${prefix}-${i}`);
      const output = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix }));
      assert.equal(output.QueueUrls!.length, 3);
      assert.equal(output.NextToken, undefined);
    });

    it("rejects MaxResults outside 1 to 1000", async () => {
      for (const MaxResults of [0, 1001]) {
        await assertSqsError(
          t.sqs.send(new ListQueuesCommand({ MaxResults })),
          // AWS's exact text here is not verified.
          sqsErrors.invalidParameterValue(/MaxResults/),
        );
      }
    });

    it("rejects a NextToken it did not issue", async () => {
      await assertSqsError(
        t.sqs.send(new ListQueuesCommand({ MaxResults: 1, NextToken: "not-a-token" })),
        sqsErrors.invalidParameterValue("Invalid NextToken value."),
      );
    });
  });

  describe("PurgeQueue", () => {
    it("deletes every message: visible, in flight and delayed", async () => {
      const url = await create(uniqueQueueName("purged"));
      await sendBodies(t.sqs, url, ["a", "b", "c"]);
      await receive(t.sqs, url);
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "later", DelaySeconds: 60 }));
      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 2, notVisible: 1, delayed: 1 });

      await t.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));

      assert.deepEqual(await messageCounts(t.sqs, url), { visible: 0, notVisible: 0, delayed: 0 });
      t.clock.advance(60_000);
      assert.deepEqual(await receive(t.sqs, url), []);
    });

    it("keeps messages sent after the purge", async () => {
      const url = await create(uniqueQueueName("purged-then-sent"));
      await sendBodies(t.sqs, url, ["old"]);
      await t.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
      await sendBodies(t.sqs, url, ["new"]);
      assert.deepEqual(
        (await receive(t.sqs, url)).map((m) => m.Body),
        ["new"],
      );
    });

    it("allows one purge per 60 seconds (403 PurgeQueueInProgress)", async () => {
      const name = uniqueQueueName("purged-twice");
      const url = await create(name);
      await t.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));

      await assertSqsError(
        t.sqs.send(new PurgeQueueCommand({ QueueUrl: url })),
        sqsErrors.purgeQueueInProgress(name),
      );
      t.clock.advance(PURGE_INTERVAL_MS - 1_000);
      await assertSqsError(
        t.sqs.send(new PurgeQueueCommand({ QueueUrl: url })),
        sqsErrors.purgeQueueInProgress(name),
      );

      t.clock.advance(1_000);
      await t.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    });

    it("fails with QueueDoesNotExist for an unknown queue", async () => {
      const url = await create(uniqueQueueName("purge-missing"));
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(
        t.sqs.send(new PurgeQueueCommand({ QueueUrl: url })),
        sqsErrors.queueDoesNotExist(),
      );
    });
  });

  describe("addressing", () => {
    it("answers a request without a QueueUrl as a queue that does not exist", async () => {
      await assertSqsError(
        t.sqs.send(new SendMessageCommand({ MessageBody: "nowhere" } as never)),
        sqsErrors.queueDoesNotExist(),
      );
    });

    it("keeps regions apart: a us-east-1 queue is invisible to an eu-west-1 client", async () => {
      const name = uniqueQueueName("regional");
      const url = await create(name);
      const europe = t.sqsClient("eu-west-1");

      await assertSqsError(
        europe.send(new GetQueueUrlCommand({ QueueName: name })),
        sqsErrors.queueDoesNotExist(),
      );
      await assertSqsError(
        europe.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "cross-region" })),
        sqsErrors.queueDoesNotExist(),
      );
      const listed = await europe.send(new ListQueuesCommand({ QueueNamePrefix: name }));
      assert.equal(listed.QueueUrls, undefined);
    });

    it("lets another region hold a queue of the same name with its own ARN and messages", async () => {
      const name = uniqueQueueName("twin");
      const american = await create(name);
      const europe = t.sqsClient("eu-west-1");
      const { QueueUrl: european } = await europe.send(new CreateQueueCommand({ QueueName: name }));
      await sendBodies(europe, european!, ["bonjour"]);

      assert.equal(await queueArn(t.sqs, american), `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:${name}`);
      assert.equal(await queueArn(europe, european!), `arn:aws:sqs:eu-west-1:${ACCOUNT_ID}:${name}`);
      assert.equal((await messageCounts(t.sqs, american)).visible, 0);
      assert.equal((await messageCounts(europe, european!)).visible, 1);
    });
  });
});
