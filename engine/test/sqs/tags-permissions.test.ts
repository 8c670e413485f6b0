/**
 * Queue tags (TagQueue, UntagQueue, ListQueueTags, CreateQueue tags) and permissions
 * (AddPermission, RemovePermission) as they show in the queue's Policy attribute.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AddPermissionCommand,
  type AddPermissionCommandInput,
  CreateQueueCommand,
  DeleteQueueCommand,
  ListQueueTagsCommand,
  RemovePermissionCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import {
  assertSqsError,
  createQueue,
  queueArn,
  queueAttributes,
  sqsErrors,
  uniqueQueueName,
} from "../support/sqs.ts";

describe("SQS tags and permissions", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  const tagsOf = async (QueueUrl: string) => (await t.sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags;
  const tag = (QueueUrl: string, Tags: Record<string, string>) =>
    t.sqs.send(new TagQueueCommand({ QueueUrl, Tags }));
  const untag = (QueueUrl: string, TagKeys: string[]) =>
    t.sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys }));
  const addPermission = (input: AddPermissionCommandInput) => t.sqs.send(new AddPermissionCommand(input));
  const removePermission = (QueueUrl: string, Label: string) =>
    t.sqs.send(new RemovePermissionCommand({ QueueUrl, Label }));
  const policyOf = async (url: string) => {
    const { Policy } = await queueAttributes(t.sqs, url, ["Policy"]);
    return Policy === undefined ? undefined : JSON.parse(Policy);
  };

  describe("tags", () => {
    it("keeps the tags given to CreateQueue", async () => {
      const { QueueUrl } = await t.sqs.send(
        new CreateQueueCommand({
          QueueName: uniqueQueueName("tagged"),
          tags: { team: "orders", env: "test" },
        }),
      );
      assert.deepEqual(await tagsOf(QueueUrl!), { team: "orders", env: "test" });
    });

    it("returns no Tags for an untagged queue", async () => {
      assert.equal(await tagsOf(await createQueue(t.sqs, "untagged")), undefined);
    });

    it("adds and overwrites tags with TagQueue, and removes them with UntagQueue", async () => {
      const url = await createQueue(t.sqs, "retagged");
      await tag(url, { team: "orders", env: "test" });
      await tag(url, { env: "prod", empty: "" });
      assert.deepEqual(await tagsOf(url), { team: "orders", env: "prod", empty: "" });

      await untag(url, ["env", "not-there"]);
      assert.deepEqual(await tagsOf(url), { team: "orders", empty: "" });
      await untag(url, ["team", "empty"]);
      assert.equal(await tagsOf(url), undefined);
    });

    it("allows 50 tags per queue", async () => {
      const url = await createQueue(t.sqs, "many-tags");
      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
      await tag(url, fifty);
      // AWS's text here is not verified (moto's wording).
      await assertSqsError(tag(url, { one: "too many" }), sqsErrors.invalidParameterValue(/Too many tags/));
      assert.equal(Object.keys((await tagsOf(url)) ?? {}).length, 50);
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "tags-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(tag(url, { a: "b" }), sqsErrors.queueDoesNotExist());
      await assertSqsError(untag(url, ["a"]), sqsErrors.queueDoesNotExist());
      await assertSqsError(
        t.sqs.send(new ListQueueTagsCommand({ QueueUrl: url })),
        sqsErrors.queueDoesNotExist(),
      );
    });
  });

  describe("permissions", () => {
    it("adds a statement to the queue's Policy in AWS's format", async () => {
      const url = await createQueue(t.sqs, "shared");
      const arn = await queueArn(t.sqs, url);
      await addPermission({
        QueueUrl: url,
        Label: "crossaccountpermission",
        AWSAccountIds: ["111111111111"],
        Actions: ["SendMessage"],
      });
      assert.deepEqual(await policyOf(url), {
        Version: "2008-10-17",
        Id: `${arn}/SQSDefaultPolicy`,
        Statement: [
          {
            Sid: "crossaccountpermission",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: "SQS:SendMessage",
            Resource: arn,
          },
        ],
      });
    });

    it("lists several principals and actions, one statement per label", async () => {
      const url = await createQueue(t.sqs, "shared-many");
      await addPermission({
        QueueUrl: url,
        Label: "readers",
        AWSAccountIds: ["111111111111", "222222222222"],
        Actions: ["ReceiveMessage", "DeleteMessage"],
      });
      await addPermission({
        QueueUrl: url,
        Label: "writers",
        AWSAccountIds: ["333333333333"],
        Actions: ["*"],
      });
      const policy = await policyOf(url);
      assert.deepEqual(
        policy.Statement.map((s: { Sid: string }) => s.Sid),
        ["readers", "writers"],
      );
      assert.deepEqual(policy.Statement[0].Principal, {
        AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"],
      });
      assert.deepEqual(policy.Statement[0].Action, ["SQS:ReceiveMessage", "SQS:DeleteMessage"]);
      assert.equal(policy.Statement[1].Action, "SQS:*");
    });

    it("removes a statement, and the Policy attribute with the last one", async () => {
      const url = await createQueue(t.sqs, "unshared");
      await addPermission({
        QueueUrl: url,
        Label: "one",
        AWSAccountIds: ["111111111111"],
        Actions: ["SendMessage"],
      });
      await addPermission({
        QueueUrl: url,
        Label: "two",
        AWSAccountIds: ["111111111111"],
        Actions: ["ReceiveMessage"],
      });

      await removePermission(url, "one");
      assert.deepEqual(
        (await policyOf(url)).Statement.map((s: { Sid: string }) => s.Sid),
        ["two"],
      );
      await removePermission(url, "two");
      assert.equal(await policyOf(url), undefined);
      assert.equal((await queueAttributes(t.sqs, url, ["All"])).Policy, undefined);
    });

    it("rejects a label that already exists", async () => {
      const url = await createQueue(t.sqs, "label-taken");
      const input = {
        QueueUrl: url,
        Label: "crossaccountpermission",
        AWSAccountIds: ["111111111111"],
        Actions: ["SendMessage"],
      };
      await addPermission(input);
      await assertSqsError(
        addPermission(input),
        sqsErrors.invalidParameter("Label", "crossaccountpermission", "Already exists."),
      );
    });

    it("rejects removing a label that does not exist", async () => {
      const url = await createQueue(t.sqs, "label-missing");
      await assertSqsError(
        removePermission(url, "crossaccountpermission2"),
        sqsErrors.invalidParameter("Label", "crossaccountpermission2", "can't find label."),
      );
    });

    it("allows at most 7 actions (403 OverLimit)", async () => {
      const url = await createQueue(t.sqs, "too-many-actions");
      const actions = [
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "PurgeQueue",
      ];
      await assertSqsError(
        addPermission({ QueueUrl: url, Label: "all", AWSAccountIds: ["111111111111"], Actions: actions }),
        // moto's wording; AWS's text is not verified.
        sqsErrors.overLimit(/8 Actions were found, maximum allowed is 7/),
      );
    });

    it("rejects an action that cannot be shared", async () => {
      const url = await createQueue(t.sqs, "bad-action");
      await assertSqsError(
        addPermission({
          QueueUrl: url,
          Label: "bad",
          AWSAccountIds: ["111111111111"],
          Actions: ["CreateQueue"],
        }),
        // AWS's reason text is not verified.
        sqsErrors.invalidParameter("ActionName", "SQS:CreateQueue", /.+/),
      );
    });

    it("fails with QueueDoesNotExist for a deleted queue", async () => {
      const url = await createQueue(t.sqs, "permissions-deleted");
      await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
      await assertSqsError(
        addPermission({
          QueueUrl: url,
          Label: "x",
          AWSAccountIds: ["111111111111"],
          Actions: ["SendMessage"],
        }),
        sqsErrors.queueDoesNotExist(),
      );
      await assertSqsError(removePermission(url, "x"), sqsErrors.queueDoesNotExist());
    });
  });
});
