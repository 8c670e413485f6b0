import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

describe("SQS through the AWS SDK v3", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("delivers a sent message to a receiver with its attributes", async () => {
    const { QueueUrl } = await t.sqs.send(new CreateQueueCommand({ QueueName: "smoke" }));
    await t.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: "hello",
        MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } },
      }),
    );
    const { Messages } = await t.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["All"] }),
    );
    assert.equal(Messages?.length, 1);
    assert.equal(Messages[0]!.Body, "hello");
    assert.equal(Messages[0]!.MessageAttributes?.kind?.StringValue, "greeting");
  });
});
