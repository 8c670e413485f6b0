/**
 * SQS on the wire, byte for byte, with plain fetch: the awsQuery XML envelopes (success and
 * error), flattened lists and maps, queue URLs as request paths, GET requests, XML escaping; and
 * the awsJson error shape SDKs rely on (`__type`, lower-case `message`, `x-amzn-query-error`).
 * Expected forms are real AWS captures (sqs-errors.md §3).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

const NS = "http://queue.amazonaws.com/doc/2012-11-05/";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const MD5 = "[0-9a-f]{32}";
const md5 = (text: string) => createHash("md5").update(text).digest("hex");
/** A regular expression matching `text` exactly, where `{uuid}`, `{md5}` and `{any}` are placeholders. */
const exactly = (text: string) =>
  new RegExp(
    `^${text
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      .replace(/\\\{uuid\\\}/g, UUID)
      .replace(/\\\{md5\\\}/g, MD5)
      .replace(/\\\{any\\\}/g, "[^<]+")}$`,
  );

interface WireResponse {
  status: number;
  headers: Headers;
  body: string;
}

async function wire(url: string, init: RequestInit): Promise<WireResponse> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe("SQS wire format", () => {
  let t: TestEngine;
  let queueUrl: string;

  const query = (
    params: Record<string, string>,
    options: { path?: string; method?: "GET" | "POST" } = {},
  ) => {
    const form = new URLSearchParams(params).toString();
    const url = `${t.endpoint}${options.path ?? "/"}`;
    return options.method === "GET"
      ? wire(`${url}?${form}`, { method: "GET" })
      : wire(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
          body: form,
        });
  };
  const json = (operation: string, input: unknown) =>
    wire(t.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${operation}` },
      body: JSON.stringify(input),
    });
  const requestIdOf = (response: WireResponse) => {
    const id = response.headers.get("x-amzn-requestid");
    assert.match(id ?? "", new RegExp(`^${UUID}$`));
    return id!;
  };

  before(async () => {
    t = await startTestEngine();
    const created = await query({ Action: "CreateQueue", QueueName: "wire" });
    queueUrl = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.body)![1]!;
  });
  after(() => t.stop());

  describe("awsQuery", () => {
    it("answers SendMessage in AWS's envelope: <Op>Response, <Op>Result, ResponseMetadata", async () => {
      const response = await query({ Action: "SendMessage", QueueUrl: queueUrl, MessageBody: "hello" });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/xml");
      const id = requestIdOf(response);
      assert.match(
        response.body,
        exactly(
          `<?xml version="1.0"?><SendMessageResponse xmlns="${NS}"><SendMessageResult>` +
            `<MD5OfMessageBody>${md5("hello")}</MD5OfMessageBody><MessageId>{uuid}</MessageId>` +
            `</SendMessageResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></SendMessageResponse>`,
        ),
      );
    });

    it("answers an operation without output with ResponseMetadata only", async () => {
      await query({ Action: "CreateQueue", QueueName: "short-lived" });
      const response = await query({
        Action: "DeleteQueue",
        QueueUrl: `${t.endpoint}/000000000000/short-lived`,
      });
      assert.equal(response.status, 200);
      assert.equal(
        response.body,
        `<?xml version="1.0"?><DeleteQueueResponse xmlns="${NS}"><ResponseMetadata><RequestId>${requestIdOf(response)}</RequestId></ResponseMetadata></DeleteQueueResponse>`,
      );
    });

    it("answers errors as ErrorResponse: Type, Code, Message, Detail, then RequestId beside Error", async () => {
      const response = await query({ Action: "GetQueueUrl", QueueName: "no-such-queue" });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get("content-type"), "text/xml");
      assert.equal(
        response.body,
        `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type>` +
          "<Code>AWS.SimpleQueueService.NonExistentQueue</Code>" +
          "<Message>The specified queue does not exist for this wsdl version.</Message><Detail/></Error>" +
          `<RequestId>${requestIdOf(response)}</RequestId></ErrorResponse>`,
      );
    });

    it("flattens messages, attributes and message attributes in ReceiveMessage", async () => {
      await query({ Action: "CreateQueue", QueueName: "flat" });
      const flat = `${t.endpoint}/000000000000/flat`;
      for (const body of ["first", "second"]) {
        const sent = await query({
          Action: "SendMessage",
          QueueUrl: flat,
          MessageBody: body,
          "MessageAttribute.1.Name": "bin",
          "MessageAttribute.1.Value.DataType": "Binary",
          "MessageAttribute.1.Value.BinaryValue": Buffer.from([0, 1, 254, 255]).toString("base64"),
          "MessageAttribute.2.Name": "kind",
          "MessageAttribute.2.Value.DataType": "String",
          "MessageAttribute.2.Value.StringValue": "order",
        });
        assert.equal(sent.status, 200, sent.body);
      }
      const response = await query({
        Action: "ReceiveMessage",
        QueueUrl: flat,
        MaxNumberOfMessages: "10",
        "AttributeName.1": "SenderId",
        "AttributeName.2": "ApproximateReceiveCount",
        "MessageAttributeName.1": "All",
      });
      assert.equal(response.status, 200);
      const message = (body: string) =>
        `<Message><MessageId>{uuid}</MessageId><ReceiptHandle>{any}</ReceiptHandle><MD5OfBody>${md5(body)}</MD5OfBody>` +
        `<Body>${body}</Body>` +
        "<Attribute><Name>SenderId</Name><Value>000000000000</Value></Attribute>" +
        "<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>" +
        "<MD5OfMessageAttributes>{md5}</MD5OfMessageAttributes>" +
        "<MessageAttribute><Name>bin</Name><Value><BinaryValue>AAH+/w==</BinaryValue><DataType>Binary</DataType></Value></MessageAttribute>" +
        "<MessageAttribute><Name>kind</Name><Value><StringValue>order</StringValue><DataType>String</DataType></Value></MessageAttribute>" +
        "</Message>";
      assert.match(
        response.body,
        exactly(
          `<?xml version="1.0"?><ReceiveMessageResponse xmlns="${NS}"><ReceiveMessageResult>` +
            `${message("first")}${message("second")}</ReceiveMessageResult>` +
            `<ResponseMetadata><RequestId>{uuid}</RequestId></ResponseMetadata></ReceiveMessageResponse>`,
        ),
      );
    });

    it("lists queue URLs as repeated QueueUrl elements", async () => {
      const response = await query({ Action: "ListQueues", QueueNamePrefix: "wire" });
      assert.equal(response.status, 200);
      assert.match(
        response.body,
        exactly(
          `<?xml version="1.0"?><ListQueuesResponse xmlns="${NS}"><ListQueuesResult><QueueUrl>${queueUrl}</QueueUrl></ListQueuesResult>` +
            "<ResponseMetadata><RequestId>{uuid}</RequestId></ResponseMetadata></ListQueuesResponse>",
        ),
      );
    });

    it("takes the queue from the request path when QueueUrl is absent", async () => {
      const path = new URL(queueUrl).pathname;
      const sent = await query({ Action: "SendMessage", MessageBody: "by path" }, { path });
      assert.equal(sent.status, 200, sent.body);
      assert.match(sent.body, /<MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody>/);
      const missing = await query(
        { Action: "SendMessage", MessageBody: "x" },
        { path: "/000000000000/nowhere" },
      );
      assert.equal(missing.status, 400);
      assert.match(missing.body, /<Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code>/);
    });

    it("serves GET requests with the parameters in the query string", async () => {
      await query({ Action: "CreateQueue", QueueName: "by-get" }, { method: "GET" });
      const path = "/000000000000/by-get";
      const sent = await query({ Action: "SendMessage", MessageBody: "got it" }, { method: "GET", path });
      assert.equal(sent.status, 200, sent.body);
      const received = await query(
        { Action: "ReceiveMessage", VisibilityTimeout: "0" },
        { method: "GET", path },
      );
      assert.equal(received.status, 200);
      assert.match(received.body, /<Body>got it<\/Body>/);
    });

    it("escapes carriage returns as &#xD; and quotes as &quot; in text", async () => {
      await query({ Action: "CreateQueue", QueueName: "escapes" });
      const escapes = `${t.endpoint}/000000000000/escapes`;
      await query({ Action: "SendMessage", QueueUrl: escapes, MessageBody: 'a\r\nb "c" <d> & e' });
      const received = await query({ Action: "ReceiveMessage", QueueUrl: escapes });
      assert.match(received.body, /<Body>a&#xD;\nb &quot;c&quot; &lt;d&gt; &amp; e<\/Body>/);
    });
  });

  describe("awsJson 1.0", () => {
    it("answers with the JSON content type and the request id; no output is {}", async () => {
      const created = await json("CreateQueue", { QueueName: "json-wire" });
      assert.equal(created.status, 200);
      assert.equal(created.headers.get("content-type"), "application/x-amz-json-1.0");
      requestIdOf(created);
      const { QueueUrl } = JSON.parse(created.body) as { QueueUrl: string };
      assert.deepEqual(JSON.parse(created.body), { QueueUrl: `${t.endpoint}/000000000000/json-wire` });
      const deleted = await json("DeleteQueue", { QueueUrl });
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body, "{}");
    });

    it("sends errors as __type and lower-case message, with the legacy code in x-amzn-query-error", async () => {
      const response = await json("GetQueueUrl", { QueueName: "no-such-queue" });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get("content-type"), "application/x-amz-json-1.0");
      assert.equal(
        response.headers.get("x-amzn-query-error"),
        "AWS.SimpleQueueService.NonExistentQueue;Sender",
      );
      requestIdOf(response);
      assert.equal(
        response.body,
        '{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}',
      );
    });

    it("names errors SQS does not model in Coral's namespace", async () => {
      const response = await json("SendMessage", { QueueUrl: queueUrl });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get("x-amzn-query-error"), "MissingParameter;Sender");
      assert.deepEqual(JSON.parse(response.body), {
        __type: "com.amazon.coral.service#MissingRequiredParameterException",
        message: "The request must contain the parameter MessageBody.",
      });
    });
  });
});
