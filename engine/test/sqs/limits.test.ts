/**
 * Message limits through the SDK: the 1 MiB size (body plus attributes) and a queue's own
 * MaximumMessageSize, the allowed characters, and message attribute rules.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type MessageAttributeValue, SendMessageCommand } from "@aws-sdk/client-sqs";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { assertSqsError, createQueue, receive, sqsErrors } from "../support/sqs.ts";

const MIB = 1_048_576;
const tooLarge = (limit: number) =>
  sqsErrors.invalidParameterValue(
    `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
  );

describe("SQS message limits", () => {
  let t: TestEngine;
  let url: string;
  before(async () => {
    t = await startTestEngine();
    url = await createQueue(t.sqs, "limits");
  });
  after(() => t.stop());

  const send = (MessageBody: string, MessageAttributes?: Record<string, MessageAttributeValue>) =>
    t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody, MessageAttributes }));
  const withAttribute = (name: string, attribute: MessageAttributeValue) => send("x", { [name]: attribute });

  describe("size", () => {
    it("accepts a 1 MiB body and delivers it whole", async () => {
      const queue = await createQueue(t.sqs, "one-mib");
      const body = "b".repeat(MIB);
      await t.sqs.send(new SendMessageCommand({ QueueUrl: queue, MessageBody: body }));
      const [message] = await receive(t.sqs, queue);
      assert.equal(message!.Body!.length, MIB);
    });

    it("rejects a body one byte over 1 MiB", async () => {
      await assertSqsError(send("b".repeat(MIB + 1)), tooLarge(MIB));
    });

    it("counts message attribute names, types and values toward the limit", async () => {
      // "key" (3) + "String" (6) + "value" (5) = 14 bytes
      const attributes = { key: { DataType: "String", StringValue: "value" } };
      await send("b".repeat(MIB - 14), attributes);
      await assertSqsError(send("b".repeat(MIB - 13), attributes), tooLarge(MIB));
    });

    it("counts UTF-8 bytes, not characters", async () => {
      const threeBytes = "€";
      const fits = threeBytes.repeat(Math.floor(MIB / 3));
      await send(fits);
      await assertSqsError(send(`${fits}€`), tooLarge(MIB));
    });

    it("uses the queue's MaximumMessageSize", async () => {
      const small = await createQueue(t.sqs, "small", { MaximumMessageSize: "1024" });
      await t.sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: "s".repeat(1024) }));
      await assertSqsError(
        t.sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: "s".repeat(1025) })),
        tooLarge(1024),
      );
    });
  });

  describe("characters", () => {
    it("accepts #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF", async () => {
      const body = "\t\n\r \u007f\ud7ff\ue000\ufffd\u{10000}\u{1f600}\u{10ffff}";
      await send(body);
    });

    for (const [label, body] of [
      ["NUL", "a\u0000b"],
      ["a control character", "bell \u0007"],
      ["vertical tab", "\u000b"],
      ["U+FFFE", "\ufffe"],
      ["U+FFFF", "\uffff"],
      ["a lone surrogate", "half \ud800"],
    ] as const) {
      it(`rejects ${label} with InvalidMessageContents`, async () => {
        await assertSqsError(send(body), sqsErrors.invalidMessageContents());
      });
    }
  });

  describe("message attributes", () => {
    const text = (StringValue: string, DataType = "String"): MessageAttributeValue => ({
      DataType,
      StringValue,
    });

    it("allows 10 attributes and rejects 11", async () => {
      const attributes = (n: number) =>
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, text("v")]));
      await send("x", attributes(10));
      await assertSqsError(
        send("x", attributes(11)),
        sqsErrors.invalidParameterValue(
          "Number of message attributes [11] exceeds the allowed maximum [10].",
        ),
      );
    });

    it("accepts custom type suffixes", async () => {
      await send("x", {
        price: text("3.14", "Number.float"),
        doc: text("{}", "String.json"),
        image: { DataType: "Binary.gif", BinaryValue: new Uint8Array([71, 73, 70]) },
      });
    });

    it("rejects an empty value", async () => {
      await assertSqsError(
        withAttribute("ErrorDetails", text("")),
        sqsErrors.invalidParameterValue(
          "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'.",
        ),
      );
    });

    it("rejects an attribute without any value", async () => {
      await assertSqsError(
        withAttribute("Hello", { DataType: "String" }),
        sqsErrors.invalidParameterValue(
          "The message (user) attribute 'Hello' must contain a non-empty message attribute value.",
        ),
      );
    });

    it("rejects a Number that is not a number", async () => {
      await assertSqsError(
        withAttribute("Hello", text("twelve", "Number")),
        sqsErrors.invalidParameterValue(
          "Can't cast the value of message (user) attribute 'Hello' to a number.",
        ),
      );
    });

    it("checks Number precision (38 digits) and range (10^-128 to 10^126)", async () => {
      await withAttribute("n", text("1".repeat(38), "Number"));
      await withAttribute("n", text("-1e126", "Number"));
      await withAttribute("n", text("1e-128", "Number"));
      for (const value of ["1".repeat(39), "1e127", "1e-129"]) {
        await assertSqsError(
          withAttribute("n", text(value, "Number")),
          sqsErrors.invalidParameterValue(
            "Can't cast the value of message (user) attribute 'n' to a number.",
          ),
        );
      }
    });

    it("rejects a type other than String, Number or Binary", async () => {
      await assertSqsError(
        withAttribute("Hello", text("v", "Text")),
        sqsErrors.invalidParameterValue(
          "The type of message (user) attribute 'Hello' is invalid. You must use only the following supported type prefixes: Binary, Number, String.",
        ),
      );
    });

    it("reserves names beginning with AWS. or Amazon., in any case", async () => {
      for (const name of ["AWS.trace", "aws.trace", "Amazon.thing", "AMAZON.thing"]) {
        await assertSqsError(
          withAttribute(name, text("v")),
          sqsErrors.invalidParameterValue(
            "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. These strings are reserved for internal use.",
          ),
        );
      }
    });

    it("allows names of up to 256 characters from A-Z a-z 0-9 _ - .", async () => {
      await withAttribute("a".repeat(256), text("v"));
      await withAttribute("Az09_-.x", text("v"));
      await assertSqsError(
        withAttribute("a".repeat(257), text("v")),
        sqsErrors.invalidParameterValue("Message (user) attribute name must be shorter than 256 bytes."),
      );
      for (const name of ["has space", ".leading", "trailing.", "double..dot", "ümlaut"]) {
        // AWS's exact text is not verified.
        await assertSqsError(
          withAttribute(name, text("v")),
          sqsErrors.invalidParameterValue(/attribute name/),
        );
      }
    });

    it("limits a type to 256 characters", async () => {
      await withAttribute("t", text("v", `String.${"x".repeat(249)}`));
      await assertSqsError(
        withAttribute("t", text("v", `String.${"x".repeat(250)}`)),
        sqsErrors.invalidParameterValue("Message (user) attribute type must be shorter than 256 bytes."),
      );
    });

    it("does not support list values (UnsupportedOperation)", async () => {
      await assertSqsError(
        withAttribute("list", { DataType: "String", StringListValues: ["a", "b"] }),
        sqsErrors.unsupportedOperation(
          "Message attribute list values in SendMessage operation are not supported.",
        ),
      );
    });
  });
});
