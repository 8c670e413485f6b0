/**
 * Each service's request size limit: a body declared longer than the service accepts is answered
 * 413 RequestEntityTooLarge in the service's protocol before any of it is read. The limits sit
 * above the largest request AWS accepts, with room for the encoding (see each service's index.ts).
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

const MiB = 1024 * 1024;

interface Case {
  service: string;
  limitBytes: number;
  head: (contentLength: number) => string;
  /** How the answer names the error. */
  error: RegExp;
}

const json = (target: string, version: string) => (length: number) =>
  `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-${version}\r\nX-Amz-Target: ${target}\r\nContent-Length: ${length}\r\n\r\n`;
const query = (service: string) => (length: number) =>
  `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Length: ${length}\r\n\r\n`;
const JSON_413 = /"__type":"com\.amazon\.coral\.service#RequestEntityTooLarge"/;
const QUERY_413 = /<Code>RequestEntityTooLarge<\/Code>/;

const CASES: Case[] = [
  // AWS: a message or a batch carries at most 1 MiB; JSON escaping can multiply that.
  { service: "SQS (JSON)", limitBytes: 8 * MiB, head: json("AmazonSQS.SendMessage", "1.0"), error: JSON_413 },
  { service: "SQS (query)", limitBytes: 8 * MiB, head: query("sqs"), error: QUERY_413 },
  // AWS: BatchWriteItem "can transmit up to 16MB of data over the network".
  {
    service: "DynamoDB",
    limitBytes: 17 * MiB,
    head: json("DynamoDB_20120810.BatchWriteItem", "1.0"),
    error: JSON_413,
  },
  {
    service: "DynamoDB Streams",
    limitBytes: MiB,
    head: json("DynamoDBStreams_20120810.GetRecords", "1.0"),
    error: JSON_413,
  },
  // AWS: a PutLogEvents batch is at most 1,048,576 bytes of events.
  {
    service: "CloudWatch Logs",
    limitBytes: 8 * MiB,
    head: json("Logs_20140328.PutLogEvents", "1.1"),
    error: JSON_413,
  },
  { service: "IAM", limitBytes: MiB, head: query("iam"), error: QUERY_413 },
  // AWS: TemplateBody is at most 51,200 bytes.
  { service: "CloudFormation", limitBytes: 2 * MiB, head: query("cloudformation"), error: QUERY_413 },
  // AWS: "Request must be smaller than 69905067 bytes for the CreateFunction operation".
  {
    service: "Lambda",
    limitBytes: 69_905_067,
    head: (length) =>
      `POST /2015-03-31/functions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
    error: /\r\nx-amzn-errortype: RequestEntityTooLarge\r\n/i,
  },
];

/** Sends only the head of a request and reads the answer the engine gives without its body. */
function answerTo(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer within 5 s")));
    socket.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
      if (end !== -1 && length !== undefined && text.length >= end + 4 + Number(length)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on("error", reject);
    socket.write(head);
  });
}

describe("request size limits", () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  for (const c of CASES) {
    it(`answers a ${c.service} request over ${c.limitBytes} bytes with 413 RequestEntityTooLarge`, async () => {
      const text = await answerTo(t.engine.port, c.head(c.limitBytes + 1));
      assert.match(text, /^HTTP\/1\.1 413 /);
      assert.match(text, c.error);
      assert.match(text, new RegExp(`must be at most ${c.limitBytes} bytes`));
    });
  }
});
