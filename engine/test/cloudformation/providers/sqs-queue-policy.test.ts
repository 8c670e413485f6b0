/** AWS::SQS::QueuePolicy: the Policy attribute of each listed queue. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { create, type Harness, startHarness } from "./support.ts";

const TYPE = "AWS::SQS::QueuePolicy";

const policyFor = (action: string) => ({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: action, Resource: "*" },
  ],
});

describe("AWS::SQS::QueuePolicy", () => {
  let h: Harness;
  let queues = 0;
  const queue = async () =>
    (await h.t.sqs.send(new CreateQueueCommand({ QueueName: `policy-target-${++queues}` }))).QueueUrl!;
  const policyOf = async (url: string) => {
    const { Attributes } = await h.t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["Policy"] }),
    );
    return Attributes?.Policy ? JSON.parse(Attributes.Policy) : undefined;
  };

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("sets the document as the Policy of every listed queue and Refs to a generated id", async () => {
    const [a, b] = [await queue(), await queue()];

    const state = await create(h, TYPE, "QueuePolicy", {
      Queues: [a, b],
      PolicyDocument: policyFor("sqs:SendMessage"),
    });

    assert.match(state.physicalId, /^teststack-QueuePolicy-[A-Za-z0-9]{12}$/);
    assert.equal(state.attributes.Id, state.physicalId);
    assert.deepEqual(await policyOf(a), policyFor("sqs:SendMessage"));
    assert.deepEqual(await policyOf(b), policyFor("sqs:SendMessage"));
  });

  it("moves the policy on update: a queue no longer listed loses it", async () => {
    const [a, b] = [await queue(), await queue()];
    const before = { Queues: [a], PolicyDocument: policyFor("sqs:SendMessage") };
    const state = await create(h, TYPE, "Moving", before);

    await h
      .provider(TYPE)
      .update(state, { Queues: [b], PolicyDocument: policyFor("sqs:*") }, before, h.context("Moving"));

    assert.equal(await policyOf(a), undefined);
    assert.deepEqual(await policyOf(b), policyFor("sqs:*"));
  });

  it("clears the policy on delete", async () => {
    const a = await queue();
    const properties = { Queues: [a], PolicyDocument: policyFor("sqs:SendMessage") };
    const state = await create(h, TYPE, "Cleared", properties);

    await h.provider(TYPE).delete(state, properties, h.context("Cleared"));

    assert.equal(await policyOf(a), undefined);
  });
});
