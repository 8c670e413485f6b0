/**
 * MD5 digests through the SDK. SDK v3 verifies MD5OfMessageBody itself (a mismatch throws); the
 * attribute digests are checked here against the published test vectors and an independent
 * implementation of the Developer Guide's algorithm.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { type MessageAttributeValue, SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { createQueue, md5, md5OfMessageAttributes, receive } from "../support/sqs.ts";

/** Test vectors from the `aws-md5-of-message-attributes` package README. */
const VECTORS: Array<{ label: string; attributes: Record<string, MessageAttributeValue>; md5: string }> = [
  {
    label: "a String attribute",
    attributes: { attribName1: { DataType: "String", StringValue: "attribValue 1" } },
    md5: "19e27d4e946b072f3f58da80d94fd778",
  },
  {
    label: "a custom Number type",
    attributes: {
      customNumberTypeAttrib: {
        DataType: "Number.float",
        StringValue: "4563442423554324324264524243.32543234",
      },
    },
    md5: "9fe1b90bbd9965bdf77bac517c7d2495",
  },
  {
    label: "a Binary attribute",
    attributes: { binaryAttribute: { DataType: "Binary", BinaryValue: Buffer.from("Hello binary world!") } },
    md5: "31a92b15d92f8db860eda32aceb656c3",
  },
  {
    label: "several attributes",
    attributes: {
      attribName1: { DataType: "String", StringValue: "attribValue 1" },
      customNumberTypeAttrib: {
        DataType: "Number.float",
        StringValue: "4563442423554324324264524243.32543234",
      },
      binaryAttribute: { DataType: "Binary", BinaryValue: Buffer.from("Hello binary world!") },
    },
    md5: "c932db14a896c663f83c260297d594ff",
  },
];

describe("SQS MD5 digests", () => {
  let t: TestEngine;
  /** Each test sends to and receives from its own queue. */
  let url: string;
  before(async () => {
    t = await startTestEngine();
  });
  beforeEach(async () => {
    url = await createQueue(t.sqs, "digests");
  });
  after(() => t.stop());

  const send = (MessageBody: string, MessageAttributes?: Record<string, MessageAttributeValue>) =>
    t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody, MessageAttributes }));

  it("the test's own digest reproduces every published vector", () => {
    for (const vector of VECTORS)
      assert.equal(md5OfMessageAttributes(vector.attributes), vector.md5, vector.label);
  });

  for (const vector of VECTORS) {
    it(`MD5OfMessageAttributes of ${vector.label} matches the vector on send and on receive`, async () => {
      const sent = await send("vector", vector.attributes);
      assert.equal(sent.MD5OfMessageAttributes, vector.md5);
      const [message] = await receive(t.sqs, url, { MessageAttributeNames: ["All"] });
      assert.equal(message!.MD5OfMessageAttributes, vector.md5);
      assert.equal(md5OfMessageAttributes(message!.MessageAttributes!), vector.md5);
    });
  }

  it("MD5OfMessageBody is the MD5 of the body's UTF-8 bytes", async () => {
    for (const body of ["hello", "grüße 🌍", "\t\r\n"]) {
      const sent = await send(body);
      assert.equal(sent.MD5OfMessageBody, md5(Buffer.from(body, "utf8")));
    }
    for (const message of await receive(t.sqs, url, { MaxNumberOfMessages: 10 })) {
      assert.equal(message.MD5OfBody, md5(Buffer.from(message.Body!, "utf8")));
    }
  });

  it("sorts attribute names by their bytes (upper case before lower case)", async () => {
    const attributes = {
      beta: { DataType: "String", StringValue: "2" },
      Alpha: { DataType: "Number", StringValue: "1" },
      alpha: { DataType: "String", StringValue: "3" },
    };
    const sent = await send("mixed case", attributes);
    assert.equal(sent.MD5OfMessageAttributes, md5OfMessageAttributes(attributes));
  });

  it("covers only the attributes returned on receive", async () => {
    const attributes = {
      kept: { DataType: "String", StringValue: "yes" },
      skipped: { DataType: "String", StringValue: "no" },
    };
    await send("partial", attributes);
    const [message] = await receive(t.sqs, url, { MessageAttributeNames: ["kept"] });
    assert.equal(message!.MD5OfMessageAttributes, md5OfMessageAttributes({ kept: attributes.kept }));
  });

  it("MD5OfMessageSystemAttributes digests AWSTraceHeader the same way", async () => {
    const trace = {
      AWSTraceHeader: { DataType: "String", StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793" },
    };
    const sent = await t.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: "traced", MessageSystemAttributes: trace }),
    );
    assert.equal(sent.MD5OfMessageSystemAttributes, md5OfMessageAttributes(trace));
  });

  it("reports the digests for each entry of a batch", async () => {
    const attributes = VECTORS[0]!.attributes;
    const { Successful } = await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: "plain", MessageBody: "one" },
          { Id: "attributed", MessageBody: "two", MessageAttributes: attributes },
        ],
      }),
    );
    const byId = new Map(Successful!.map((entry) => [entry.Id, entry]));
    assert.equal(byId.get("plain")!.MD5OfMessageBody, md5("one"));
    assert.equal(byId.get("plain")!.MD5OfMessageAttributes, undefined);
    assert.equal(byId.get("attributed")!.MD5OfMessageAttributes, VECTORS[0]!.md5);
  });
});
