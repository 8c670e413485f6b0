/** AWS::SQS::Queue against the engine's SQS: names, attributes, Ref/GetAtt, updates, replacement, errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueueTagsCommand } from "@aws-sdk/client-sqs";
import { awsError } from "../../support/engine.ts";
import { create, failure, type Harness, handlerMessage, startHarness } from "./support.ts";

const TYPE = "AWS::SQS::Queue";

describe("AWS::SQS::Queue", () => {
  let h: Harness;
  const attributes = async (url: string) =>
    (await h.t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["All"] })))
      .Attributes ?? {};

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("generates a name from the stack and logical id when QueueName is absent, and Refs to the URL", async () => {
    const state = await create(h, TYPE, "IngressQueue", {});

    const name = String(state.attributes.QueueName);
    assert.match(name, /^teststack-IngressQueue-[A-Za-z0-9]{12}$/);
    assert.equal(state.physicalId, state.attributes.QueueUrl);
    assert.equal(state.attributes.Arn, `arn:aws:sqs:us-east-1:000000000000:${name}`);
    const { QueueUrl } = await h.t.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    assert.equal(state.physicalId, QueueUrl);
  });

  it("gives a generated FIFO queue name the .fifo suffix", async () => {
    const state = await create(h, TYPE, "OrdersFifo", { FifoQueue: true, ContentBasedDeduplication: true });

    assert.match(String(state.attributes.QueueName), /^teststack-OrdersFifo-[A-Za-z0-9]{12}\.fifo$/);
    assert.equal((await attributes(state.physicalId)).ContentBasedDeduplication, "true");
  });

  it("sets the queue's attributes, template strings coerced as CloudFormation does", async () => {
    const state = await create(h, TYPE, "Tuned", {
      QueueName: "tuned",
      VisibilityTimeout: "45",
      MessageRetentionPeriod: 1209600,
      ReceiveMessageWaitTimeSeconds: 20,
      DelaySeconds: 5,
    });

    const got = await attributes(state.physicalId);
    assert.equal(got.VisibilityTimeout, "45");
    assert.equal(got.MessageRetentionPeriod, "1209600");
    assert.equal(got.ReceiveMessageWaitTimeSeconds, "20");
    assert.equal(got.DelaySeconds, "5");
  });

  it("turns a RedrivePolicy object into the attribute's JSON text", async () => {
    const dlq = await create(h, TYPE, "DeadLetters", { QueueName: "dead-letters" });

    const state = await create(h, TYPE, "Ingress", {
      QueueName: "ingress",
      RedrivePolicy: { deadLetterTargetArn: dlq.attributes.Arn, maxReceiveCount: 3 },
    });

    const policy = JSON.parse((await attributes(state.physicalId)).RedrivePolicy ?? "{}");
    assert.deepEqual(policy, { deadLetterTargetArn: dlq.attributes.Arn, maxReceiveCount: 3 });
  });

  it("tags the queue", async () => {
    const state = await create(h, TYPE, "Tagged", { Tags: [{ Key: "app", Value: "orderflow" }] });

    const { Tags } = await h.t.sqs.send(new ListQueueTagsCommand({ QueueUrl: state.physicalId }));
    assert.deepEqual(Tags, { app: "orderflow" });
  });

  it("updates attributes in place, a removed one returning to SQS's default", async () => {
    const before = { QueueName: "updated", VisibilityTimeout: 60, DelaySeconds: 10 };
    const state = await create(h, TYPE, "Updated", before);
    const next = { QueueName: "updated", VisibilityTimeout: 90 };

    const result = await h.provider(TYPE).update(state, next, before, h.context("Updated"));

    assert.notEqual(result, "replace");
    const got = await attributes(state.physicalId);
    assert.equal(got.VisibilityTimeout, "90");
    assert.equal(got.DelaySeconds, "0");
  });

  it("replaces the queue when its name changes", async () => {
    const before = { QueueName: "old-name" };
    const state = await create(h, TYPE, "Renamed", before);

    const result = await h
      .provider(TYPE)
      .update(state, { QueueName: "new-name" }, before, h.context("Renamed"));

    assert.equal(result, "replace");
  });

  it("replaces the queue when it becomes FIFO", async () => {
    const state = await create(h, TYPE, "Becomes", {});

    const result = await h.provider(TYPE).update(state, { FifoQueue: true }, {}, h.context("Becomes"));

    assert.equal(result, "replace");
  });

  it("deletes the queue", async () => {
    const state = await create(h, TYPE, "Doomed", { QueueName: "doomed" });

    await h.provider(TYPE).delete(state, { QueueName: "doomed" }, h.context("Doomed"));

    const error = await awsError(() => h.t.sqs.send(new GetQueueUrlCommand({ QueueName: "doomed" })));
    assert.equal(error.name, "QueueDoesNotExist");
  });

  it("treats a queue that is already gone as deleted", async () => {
    const state = await create(h, TYPE, "Gone", { QueueName: "gone" });
    await h.provider(TYPE).delete(state, {}, h.context("Gone"));

    await h.provider(TYPE).delete(state, {}, h.context("Gone"));
  });

  it("fails when a queue of that name exists already", async () => {
    await create(h, TYPE, "First", { QueueName: "taken" });

    const error = await failure(() => create(h, TYPE, "Second", { QueueName: "taken" }));

    assert.match(
      error.message,
      handlerMessage(
        "Resource of type 'AWS::SQS::Queue' with identifier 'taken' already exists.",
        "AlreadyExists",
      ),
    );
  });

  it("fails with SQS's own message, as the handler reports it, when the dead-letter queue does not exist", async () => {
    const missing = "arn:aws:sqs:us-east-1:000000000000:no-such-dlq";

    const error = await failure(() =>
      create(h, TYPE, "Orphan", { RedrivePolicy: { deadLetterTargetArn: missing, maxReceiveCount: 5 } }),
    );

    assert.match(
      error.message,
      handlerMessage(
        /Value .* for parameter RedrivePolicy is invalid\. Reason: Dead letter target does not exist\. \(Service: Sqs, Status Code: 400, Request ID: [0-9a-f-]{36}\)/,
      ),
    );
  });

  it("fails property validation for a value outside the type's range", async () => {
    const error = await failure(() => create(h, TYPE, "Short", { MessageRetentionPeriod: 10 }));

    assert.equal(
      error.message,
      "Properties validation failed for resource Short with message: [#/MessageRetentionPeriod: failed validation constraint for keyword [minimum]]",
    );
  });

  it("fails property validation for a property the type does not have", async () => {
    const error = await failure(() => create(h, TYPE, "Misspelt", { VisibilityTimeOut: 30 }));

    assert.equal(
      error.message,
      "Properties validation failed for resource Misspelt with message: [#: extraneous key [VisibilityTimeOut] is not permitted]",
    );
  });
});
