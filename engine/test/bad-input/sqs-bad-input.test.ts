/**
 * A corpus of malformed and hostile SQS requests, sent raw. Each must come back as a well-formed
 * AWS error of its protocol — status, code, request id — never a hang, a crash or a bare 500; and
 * the engine must go on serving afterwards. Expected codes and texts: sqs-errors.md.
 */
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

/** SQS's request body limit (engine: 8 × the 1 MiB batch payload). */
const SQS_MAX_REQUEST_BYTES = 8 * 1024 * 1024;
const MAX_MESSAGE_BYTES = 1024 * 1024;
const SIGNED_FOR_SQS =
  "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0";
/** No single request of the corpus may take longer than this. */
const REQUEST_TIME_LIMIT_MS = 5_000;

interface RawRequest {
  method?: string;
  path?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Expected {
  status: number;
  /** awsJson: the `__type`; awsQuery: the `<Code>`. */
  code: string;
  /** awsJson: the code in `x-amzn-query-error`, or null when no service claims the request. */
  queryError?: string | null;
  message?: string | RegExp;
  /** awsQuery: whether the error carries SQS's XML namespace (a service claimed the request). */
  namespaced?: boolean;
}

interface Case {
  name: string;
  request: (queueUrl: string) => RawRequest;
  expect: Expected;
}

const json = (
  operation: string,
  body: string | Buffer | object,
  headers: Record<string, string> = {},
): RawRequest => ({
  headers: {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": `AmazonSQS.${operation}`,
    ...headers,
  },
  body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
});

const form = (
  params: string | Record<string, string>,
  options: { path?: string; headers?: Record<string, string> } = {},
): RawRequest => ({
  path: options.path,
  headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
  body: typeof params === "string" ? params : new URLSearchParams(params).toString(),
});

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const serialization = (message?: string | RegExp): Expected => ({
  status: 400,
  code: "com.amazon.coral.service#SerializationException",
  message,
});
const invalidHandle = (handle: string): Expected => ({
  status: 404,
  code: "com.amazonaws.sqs#ReceiptHandleIsInvalid",
  queryError: "ReceiptHandleIsInvalid",
  message: `The input receipt handle "${handle}" is not a valid receipt handle.`,
});
const entries = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ Id: `e${i}`, MessageBody: "x" }));
const longHandle = "A".repeat(100_000);

const CASES: Case[] = [
  // ---- awsJson: bodies that are not a JSON object ----
  { name: "broken JSON", request: () => json("ListQueues", '{"QueueNamePrefix":'), expect: serialization() },
  { name: "a JSON array as the body", request: () => json("ListQueues", "[]"), expect: serialization() },
  {
    name: "a JSON string as the body",
    request: () => json("ListQueues", '"ListQueues"'),
    expect: serialization(),
  },
  { name: "a JSON number as the body", request: () => json("ListQueues", "42"), expect: serialization() },
  {
    name: "invalid UTF-8 bytes",
    request: () => json("ListQueues", Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])),
    expect: serialization(),
  },
  {
    name: "10,000 nested arrays as the body",
    request: () => json("ListQueues", nested(10_000)),
    expect: serialization(),
  },
  {
    name: "10,000 nested arrays inside a member",
    request: (queueUrl) =>
      json(
        "SendMessage",
        `{"QueueUrl":"${queueUrl}","MessageBody":"x","MessageAttributes":{"a":{"DataType":"String","StringListValues":${nested(10_000)}}}}`,
      ),
    expect: serialization("Start of list found where not expected"),
  },
  // ---- awsJson: members of the wrong type (Coral's texts) ----
  {
    name: "a string for an integer",
    request: (queueUrl) => json("ReceiveMessage", { QueueUrl: queueUrl, MaxNumberOfMessages: "ten" }),
    expect: serialization("STRING_VALUE can not be converted to an Integer"),
  },
  {
    name: "an object for a string",
    request: () => json("GetQueueUrl", { QueueName: { name: "x" } }),
    expect: serialization("Start of structure or map found where not expected."),
  },
  {
    name: "a list for a map",
    request: () => json("CreateQueue", { QueueName: "typed", Attributes: ["DelaySeconds", "1"] }),
    expect: serialization("Start of list found where not expected"),
  },
  // ---- awsJson: targets ----
  {
    name: "an unknown operation",
    request: () => json("DoSomething", {}),
    expect: {
      status: 400,
      code: "com.amazon.coral.service#UnknownOperationException",
      queryError: "InvalidAction",
    },
  },
  {
    name: "an unknown target prefix",
    request: () => ({
      ...json("ListQueues", {}),
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQSX.ListQueues" },
    }),
    expect: { status: 400, code: "com.amazon.coral.service#UnknownOperationException", queryError: null },
  },
  {
    name: "an unknown target prefix, signed for sqs",
    request: () => ({
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "AmazonSQSX.ListQueues",
        authorization: SIGNED_FOR_SQS,
      },
      body: "{}",
    }),
    expect: {
      status: 400,
      code: "com.amazon.coral.service#UnknownOperationException",
      queryError: "InvalidAction",
    },
  },
  {
    name: "a JSON body without X-Amz-Target, signed for sqs",
    request: () => ({
      headers: { "content-type": "application/x-amz-json-1.0", authorization: SIGNED_FOR_SQS },
      body: "{}",
    }),
    expect: {
      status: 400,
      code: "com.amazon.coral.service#UnknownOperationException",
      queryError: "InvalidAction",
    },
  },
  // ---- awsJson: SQS limits ----
  {
    name: "11 batch entries",
    request: (queueUrl) => json("SendMessageBatch", { QueueUrl: queueUrl, Entries: entries(11) }),
    expect: {
      status: 400,
      code: "com.amazonaws.sqs#TooManyEntriesInBatchRequest",
      queryError: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      message: "Maximum number of entries per request are 10. You have sent 11.",
    },
  },
  {
    name: "a message body of 1 MiB + 1 byte",
    request: (queueUrl) =>
      json("SendMessage", { QueueUrl: queueUrl, MessageBody: "x".repeat(MAX_MESSAGE_BYTES + 1) }),
    expect: {
      status: 400,
      code: "com.amazon.coral.service#InvalidParameterValueException",
      queryError: "InvalidParameterValue",
      message: "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.",
    },
  },
  {
    name: "a request body over the service limit",
    request: (queueUrl) =>
      json("SendMessage", `{"QueueUrl":"${queueUrl}","MessageBody":"${"x".repeat(SQS_MAX_REQUEST_BYTES)}"}`),
    expect: {
      status: 413,
      code: "com.amazon.coral.service#RequestEntityTooLarge",
      queryError: "RequestEntityTooLarge",
      message: `Request body must be at most ${SQS_MAX_REQUEST_BYTES} bytes.`,
    },
  },
  // ---- receipt handles of every shape ----
  {
    name: "an empty receipt handle",
    request: (queueUrl) => json("DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: "" }),
    expect: {
      status: 400,
      code: "com.amazon.coral.service#MissingRequiredParameterException",
      queryError: "MissingParameter",
      message: "The request must contain the parameter ReceiptHandle.",
    },
  },
  {
    name: "a receipt handle that is not base64",
    request: (queueUrl) => json("DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: "not base64!" }),
    expect: invalidHandle("not base64!"),
  },
  {
    name: "a receipt handle that is base64 of junk",
    request: (queueUrl) =>
      json("ChangeMessageVisibility", {
        QueueUrl: queueUrl,
        ReceiptHandle: "anVuayBoYW5kbGU=",
        VisibilityTimeout: 5,
      }),
    expect: invalidHandle("anVuayBoYW5kbGU="),
  },
  {
    name: "a very long receipt handle",
    request: (queueUrl) => json("DeleteMessage", { QueueUrl: queueUrl, ReceiptHandle: longHandle }),
    expect: invalidHandle(longHandle),
  },
  // ---- awsQuery ----
  {
    name: "an unknown Action",
    request: () => form({ Action: "Frobnicate" }),
    expect: {
      status: 400,
      code: "InvalidAction",
      message: "The action Frobnicate is not valid for this web service.",
      namespaced: false,
    },
  },
  {
    name: "an unknown Action on a queue URL",
    request: (queueUrl) => form({ Action: "Frobnicate" }, { path: new URL(queueUrl).pathname }),
    expect: {
      status: 400,
      code: "InvalidAction",
      message: "The action Frobnicate is not valid for this web service.",
      namespaced: true,
    },
  },
  {
    name: "no Action",
    request: () => form({ QueueName: "x" }),
    expect: {
      status: 400,
      code: "MissingAction",
      message: "The request is missing an action or a required parameter.",
      namespaced: false,
    },
  },
  {
    name: "an unparseable integer",
    request: (queueUrl) => form({ Action: "ReceiveMessage", QueueUrl: queueUrl, MaxNumberOfMessages: "ten" }),
    expect: {
      status: 400,
      code: "InvalidParameterValue",
      message: "Value ten for parameter MaxNumberOfMessages is invalid. Reason: Must be an integer.",
      namespaced: true,
    },
  },
  {
    name: "5,000 message attributes",
    request: (queueUrl) =>
      form(
        `Action=SendMessage&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=x&${Array.from(
          { length: 5000 },
          (_, i) =>
            `MessageAttribute.${i + 1}.Name=a${i}&MessageAttribute.${i + 1}.Value.DataType=String&MessageAttribute.${i + 1}.Value.StringValue=v`,
        ).join("&")}`,
      ),
    expect: {
      status: 400,
      code: "InvalidParameterValue",
      message: "Number of message attributes [5000] exceeds the allowed maximum [10].",
      namespaced: true,
    },
  },
  {
    name: "10,000 batch entries",
    request: (queueUrl) =>
      form(
        `Action=SendMessageBatch&QueueUrl=${encodeURIComponent(queueUrl)}&${Array.from(
          { length: 10_000 },
          (_, i) =>
            `SendMessageBatchRequestEntry.${i + 1}.Id=e${i}&SendMessageBatchRequestEntry.${i + 1}.MessageBody=x`,
        ).join("&")}`,
      ),
    expect: {
      status: 400,
      code: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
      message: "Maximum number of entries per request are 10. You have sent 10000.",
      namespaced: true,
    },
  },
  {
    name: "a query body over the service limit",
    request: (queueUrl) =>
      form(`Action=SendMessage&MessageBody=${"x".repeat(SQS_MAX_REQUEST_BYTES)}`, {
        path: new URL(queueUrl).pathname,
      }),
    expect: {
      status: 413,
      code: "RequestEntityTooLarge",
      message: `Request body must be at most ${SQS_MAX_REQUEST_BYTES} bytes.`,
      namespaced: true,
    },
  },
];

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request with node:http (exact bytes, no client-side checks); `chunks` streams the body. */
function send(endpoint: string, raw: RawRequest, chunks?: AsyncIterable<Buffer>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${endpoint}${raw.path ?? "/"}`,
      { method: raw.method ?? "POST", headers: raw.headers, timeout: REQUEST_TIME_LIMIT_MS },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (part: Buffer) => parts.push(part));
        res.on("end", () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString("utf8"),
          });
          req.destroy();
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIME_LIMIT_MS} ms`)));
    req.on("error", reject);
    if (!chunks) {
      req.end(raw.body);
      return;
    }
    (async () => {
      for await (const chunk of chunks) {
        if (req.destroyed) return;
        if (!req.write(chunk)) await new Promise((drained) => req.once("drain", drained));
      }
      req.end();
    })().catch(() => {
      // the engine answered and the socket went away mid-upload: the answer decides
    });
  });
}

function assertAwsError(response: RawResponse, expected: Expected): void {
  const detail = `${response.status} ${response.body.slice(0, 300)}`;
  assert.equal(response.status, expected.status, detail);
  assert.match(String(response.headers["x-amzn-requestid"]), /^[0-9a-f-]{36}$/, "x-amzn-requestid");
  const contentType = String(response.headers["content-type"]);
  if (contentType.startsWith("application/x-amz-json-")) {
    const body = JSON.parse(response.body) as { __type: string; message?: string };
    assert.equal(body.__type, expected.code, detail);
    const queryError = response.headers["x-amzn-query-error"];
    if (expected.queryError === null) assert.equal(queryError, undefined);
    else if (expected.queryError) assert.equal(queryError, `${expected.queryError};Sender`);
    // SDK v3 cannot read a query-compatible error without it (elasticmq#1188).
    else assert.match(String(queryError), /^[A-Za-z.]+;Sender$/);
    if (expected.message !== undefined) assertMessage(body.message ?? "", expected.message);
    return;
  }
  assert.equal(contentType, "text/xml", detail);
  const xml =
    /^<\?xml version="1.0"\?><ErrorResponse( xmlns="http:\/\/queue\.amazonaws\.com\/doc\/2012-11-05\/")?><Error><Type>Sender<\/Type><Code>([^<]+)<\/Code><Message>([^<]*)<\/Message><Detail\/><\/Error><RequestId>([0-9a-f-]{36})<\/RequestId><\/ErrorResponse>$/.exec(
      response.body,
    );
  assert.ok(xml, `not an awsQuery ErrorResponse: ${detail}`);
  assert.equal(xml[2], expected.code);
  assert.equal(xml[4], response.headers["x-amzn-requestid"]);
  if (expected.namespaced !== undefined) assert.equal(xml[1] !== undefined, expected.namespaced, "xmlns");
  if (expected.message !== undefined) assertMessage(xml[3]!, expected.message);
}

function assertMessage(actual: string, expected: string | RegExp): void {
  if (typeof expected === "string") assert.equal(actual, expected);
  else assert.match(actual, expected);
}

describe("SQS bad-input corpus", () => {
  let t: TestEngine;
  let queueUrl: string;

  before(async () => {
    t = await startTestEngine();
    const created = await send(t.endpoint, json("CreateQueue", { QueueName: "corpus" }));
    queueUrl = (JSON.parse(created.body) as { QueueUrl: string }).QueueUrl;
  });
  after(() => t.stop());

  for (const c of CASES) {
    it(`answers ${c.name} with ${c.expect.status} ${c.expect.code.replace(/^.*#/, "")}`, async () => {
      assertAwsError(await send(t.endpoint, c.request(queueUrl)), c.expect);
    });
  }

  it("answers a streamed body that passes the limit with 413 before the upload ends", async () => {
    let sentBytes = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    async function* upload() {
      // Far more than the limit: the test fails (times out) unless the engine answers early.
      while (sentBytes < 16 * SQS_MAX_REQUEST_BYTES) {
        sentBytes += chunk.length;
        yield chunk;
      }
    }
    const response = await send(t.endpoint, json("SendMessage", ""), upload());
    assertAwsError(response, {
      status: 413,
      code: "com.amazon.coral.service#RequestEntityTooLarge",
      queryError: "RequestEntityTooLarge",
    });
    assert.ok(sentBytes < 4 * SQS_MAX_REQUEST_BYTES, `answered only after ${sentBytes} bytes`);
  });

  it("reads sparse query indexes as positions, without allocating up to them", async () => {
    const created = await send(
      t.endpoint,
      form(
        "Action=CreateQueue&QueueName=sparse&Attribute.999999999.Name=DelaySeconds&Attribute.999999999.Value=7",
      ),
    );
    assert.equal(created.status, 200, created.body);
    const attributes = await send(
      t.endpoint,
      json("GetQueueAttributes", {
        QueueUrl: `${t.endpoint}/000000000000/sparse`,
        AttributeNames: ["DelaySeconds"],
      }),
    );
    assert.deepEqual(JSON.parse(attributes.body), { Attributes: { DelaySeconds: "7" } });
  });

  it("keeps a message attribute named __proto__ as an attribute", async () => {
    const attribute = { DataType: "String", StringValue: "kept" };
    const sent = await send(
      t.endpoint,
      json(
        "SendMessage",
        `{"QueueUrl":"${queueUrl}","MessageBody":"proto","MessageAttributes":{"__proto__":${JSON.stringify(attribute)}}}`,
      ),
    );
    assert.equal(sent.status, 200, sent.body);
    const received = await send(
      t.endpoint,
      json("ReceiveMessage", { QueueUrl: queueUrl, MessageAttributeNames: ["All"], VisibilityTimeout: 0 }),
    );
    const [message] = (JSON.parse(received.body) as { Messages: Array<{ MessageAttributes?: object }> })
      .Messages;
    assert.deepEqual(Object.entries(message?.MessageAttributes ?? {}), [["__proto__", attribute]]);
  });

  it("keeps serving while a client stalls in the middle of its body", async () => {
    const stalled = connect(t.engine.port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => stalled.once("connect", resolve).once("error", reject));
    stalled.write(
      "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n" +
        'X-Amz-Target: AmazonSQS.ListQueues\r\nContent-Length: 1000\r\n\r\n{"QueueNamePrefix":',
    );
    let answeredEarly = false;
    stalled.on("data", () => {
      answeredEarly = true;
    });
    try {
      const listed = await send(t.endpoint, json("ListQueues", { QueueNamePrefix: "corpus" }));
      assert.equal(listed.status, 200);
      assert.deepEqual(JSON.parse(listed.body), { QueueUrls: [queueUrl] });
      assert.equal(answeredEarly, false, "the stalled request was answered before its body arrived");
    } finally {
      stalled.destroy();
    }
  });

  it("still answers a normal request after the corpus", async () => {
    const sent = await send(
      t.endpoint,
      json("SendMessage", { QueueUrl: queueUrl, MessageBody: "still here" }),
    );
    assert.equal(sent.status, 200, sent.body);
    const received = await send(
      t.endpoint,
      form({ Action: "ReceiveMessage", QueueUrl: queueUrl, MaxNumberOfMessages: "10" }),
    );
    assert.equal(received.status, 200);
    assert.match(received.body, /<Body>still here<\/Body>/);
  });
});
