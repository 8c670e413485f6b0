/**
 * Requests the protocol fuzzer (fuzz/run.ts) found mishandled, each replayed raw and answered as
 * AWS answers it. The seed and case that found each are in its name.
 */
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { CreateQueueCommand, ListQueueTagsCommand } from "@aws-sdk/client-sqs";
import { RealClock } from "../../src/shared/clock.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes and reads the one response (the request asks the engine to close). */
function exchange(port: number, raw: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer within 5 s")));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      if (end === -1) {
        reject(new Error(`closed without an answer: ${JSON.stringify(text)}`));
        return;
      }
      const [statusLine = "", ...lines] = text.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text.slice(end + 4) });
    });
    socket.write(raw);
  });
}

const request = (method: string, path: string, headers: Record<string, string>, body: string) =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const json = (target: string, body = "{}", path = "/") =>
  request("POST", path, { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": target }, body);
const form = (body: string, path = "/") =>
  request("POST", path, { "Content-Type": "application/x-www-form-urlencoded" }, body);

describe("requests the fuzzer found mishandled", () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  for (const operation of ["constructor", "valueOf", "hasOwnProperty", "__proto__", "toString"]) {
    it(`answers the JSON operation ${operation} (an Object.prototype name) as unknown (seed 1, case 215)`, async () => {
      const answer = await exchange(t.engine.port, json(`DynamoDB_20120810.${operation}`));
      assert.equal(answer.status, 400, answer.body);
      assert.equal(JSON.parse(answer.body).__type, "com.amazon.coral.service#UnknownOperationException");
    });
  }

  it("answers the query Action hasOwnProperty as an invalid action (seed 1, case 325)", async () => {
    const answer = await exchange(
      t.engine.port,
      form("Action=hasOwnProperty&Version=2012-11-05", "/000000000000/q"),
    );
    assert.equal(answer.status, 400, answer.body);
    assert.match(answer.body, /<Code>InvalidAction<\/Code>/);
  });

  it("answers a restJson-routed request whose target is toString as unknown, not 200 (seed 1, case 97)", async () => {
    const answer = await exchange(
      t.engine.port,
      request("DELETE", "/2025-11-30/capacity-providers/x", { "X-Amz-Target": "AmazonSQS.toString" }, ""),
    );
    assert.equal(answer.status, 400, answer.body);
    assert.equal(answer.headers["x-amzn-query-error"], "InvalidAction;Sender");
  });

  it("routes a request for the path // instead of failing to parse it (seed 1, case 341)", async () => {
    const answer = await exchange(t.engine.port, form("Action=ListQueues&Version=2012-11-05", "//"));
    assert.equal(answer.status, 200, answer.body);
    assert.match(answer.body, /^<\?xml version="1.0"\?><ListQueuesResponse/);
  });

  it("answers CONNECT with 405 instead of dropping the connection (seed 1, case 172)", async () => {
    const answer = await exchange(t.engine.port, request("CONNECT", "/", {}, ""));
    assert.equal(answer.status, 405);
  });

  it("answers CreateTable without AttributeDefinitions with Coral's null-member error (seed 2, case 1175)", async () => {
    const answer = await exchange(
      t.engine.port,
      json(
        "DynamoDB_20120810.CreateTable",
        JSON.stringify({
          TableName: "no-definitions",
          KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      ),
    );
    assert.equal(answer.status, 400, answer.body);
    assert.deepEqual(JSON.parse(answer.body), {
      __type: "com.amazon.coral.validate#ValidationException",
      message:
        "1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null",
    });
  });
});

describe("a tag without its value (seed 11, case 1214)", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("creates the queue with the tag's value empty instead of failing with InternalFailure", async () => {
    const created = await exchange(
      t.engine.port,
      form(
        "Action=CreateQueue&Version=2012-11-05&QueueName=half-tag&Tag.1.Key=team&Tag.1.Value=orders&Tag.2.Key=stage",
      ),
    );
    const { Tags } = await t.sqs.send(
      new ListQueueTagsCommand({ QueueUrl: `${t.endpoint}/000000000000/half-tag` }),
    );

    assert.equal(created.status, 200, created.body);
    assert.deepEqual(Tags, { team: "orders", stage: "" });
  });

  it("tags a queue through JSON with a null value as the empty value", async () => {
    await t.sqs.send(new CreateQueueCommand({ QueueName: "null-tag" }));
    const answer = await exchange(
      t.engine.port,
      request(
        "POST",
        "/",
        { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.TagQueue" },
        JSON.stringify({ QueueUrl: `${t.endpoint}/000000000000/null-tag`, Tags: { owner: null } }),
      ),
    );
    const { Tags } = await t.sqs.send(
      new ListQueueTagsCommand({ QueueUrl: `${t.endpoint}/000000000000/null-tag` }),
    );

    assert.equal(answer.status, 200, answer.body);
    assert.deepEqual(Tags, { owner: "" });
  });
});

describe("timers beyond node's longest timeout (seed 4: TimeoutOverflowWarning)", () => {
  const FAR_MS = 2 ** 31 + 1_000;
  const shortly = () => new Promise((resolve) => setTimeout(resolve, 50));

  it("a real-clock timer due in more than 24.8 days does not fire at once", async () => {
    let fired = false;
    const timer = new RealClock().setTimer(FAR_MS, () => {
      fired = true;
    });
    await shortly();
    timer.cancel();
    assert.equal(fired, false);
  });
});
