/**
 * The load generator: its options, its pacing and counting, what it puts on a queue (an engine
 * process reached with the AWS SDK), and the command as a user runs it.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  DEFAULT_RATE_PER_SECOND,
  parseDuration,
  parseOrdersArgs,
  UsageError,
} from "../../scripts/orders/options.ts";
import { progressLine } from "../../scripts/orders/progress.ts";
import { ALBUM_FORMATS, randomOrder } from "../../scripts/orders/random-order.ts";
import { dueBy, startSending } from "../../scripts/orders/send.ts";
import { randomOrders, readBatchFile, repeated } from "../../scripts/orders/sources.ts";
import { ENGINE_ENV, type EngineProcess, startEngine } from "../support/engine.ts";

const run = promisify(execFile);
const APP_DIR = fileURLToPath(new URL("../../", import.meta.url));
const SEED_001_BATCH = fileURLToPath(new URL("../../data/write-buffer-test-batch.json", import.meta.url));

describe("load generator options", () => {
  it("reads durations in ms, s, m, h and plain seconds", () => {
    assert.deepEqual(
      ["500ms", "30s", "2m", "1h", "90", "0.5s"].map(parseDuration),
      [500, 30_000, 120_000, 3_600_000, 90_000, 500],
    );
  });

  it("refuses a duration it cannot read", () => {
    assert.throws(() => parseDuration("soon"), UsageError);
  });

  it("turns seed 000's interval into a rate", () => {
    const options = parseOrdersArgs(["-q", "orders", "-i", "0.1"], "/");

    assert.equal(options.ratePerSecond, 10);
  });

  it("sends random orders at seed 000's rate unless told otherwise", () => {
    assert.equal(parseOrdersArgs(["--queue", "orders"], "/").ratePerSecond, DEFAULT_RATE_PER_SECOND);
  });

  it("replays a file unpaced, resolving its path from the caller's directory", () => {
    const options = parseOrdersArgs(
      ["--queue-url", "http://q", "--file", "data/b.json", "--repeat", "5"],
      "/home/me",
    );

    assert.deepEqual(
      [options.file, options.repeat, options.ratePerSecond],
      ["/home/me/data/b.json", 5, undefined],
    );
  });

  for (const [what, argv] of [
    ["no queue", ["--count", "3"]],
    ["two queues", ["--queue", "a", "--queue-url", "http://b"]],
    ["a rate and an interval", ["--queue", "a", "--rate", "5", "--interval", "1"]],
    ["a count that is not a positive integer", ["--queue", "a", "--count", "2.5"]],
    ["--repeat without --file", ["--queue", "a", "--repeat", "2"]],
    ["an unknown option", ["--queue", "a", "--fast"]],
  ] as const) {
    it(`refuses ${what}`, () => {
      assert.throws(() => parseOrdersArgs([...argv], "/"), UsageError);
    });
  }
});

describe("load generator pacing and display", () => {
  it("has the first message due at once and one more every 1/rate seconds", () => {
    assert.deepEqual(
      [0, 99, 100, 250, 1000].map((ms) => dueBy(ms, 10)),
      [1, 1, 2, 3, 11],
    );
  });

  it("shows sent, acknowledged, rate and errors on one line", () => {
    const line = progressLine({
      sent: 120,
      acknowledged: 118,
      errors: 2,
      elapsedMs: 12_000,
      lastError: "X: y",
    });

    assert.equal(line, "sent 120 · acknowledged 118 · 9.8/s · errors 2 · 12.0 s · last error X: y");
  });

  it("makes orders in seed 000's shape", () => {
    // A fixed sequence of draws, so every run checks the same orders (and the extremes).
    const draws = [0, 0.999_999, 0.123_456, 0.5, 0.75, 0.333_333, 0.05];
    let next = 0;
    const random = () => draws[next++ % draws.length]!;

    for (let i = 0; i < 50; i++) {
      const order = randomOrder(1_700_000_000_000, random);

      assert.equal(order.timestamp, 1_700_000_000_000);
      assert.match(order.id, /^[0-9a-f-]{36}$/);
      // Money in cents: at most two decimals, as seed 000's producer rounds it.
      assert.ok(order.amount >= 1 && order.amount <= 50, String(order.amount));
      assert.match(String(order.amount), /^\d+(\.\d{1,2})?$/);
      assert.match(order.email, /^[a-z]+\.[a-z]+@example\.com$/);
      assert.ok((ALBUM_FORMATS as readonly string[]).includes(order.album.format));
      assert.match(order.album.year, /^\d{4}$/);
      assert.equal(typeof order.album.artist_name, "string");
      assert.equal(typeof order.album.title, "string");
    }
  });
});

describe("load generator against a queue", () => {
  let engine: EngineProcess;
  let sqs: SQSClient;
  before(async () => {
    engine = await startEngine();
    sqs = new SQSClient({
      endpoint: engine.endpoint,
      region: ENGINE_ENV.AWS_REGION,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
  });
  after(async () => {
    sqs.destroy();
    await engine.stop();
  });

  const newQueue = async () =>
    (await sqs.send(new CreateQueueCommand({ QueueName: `orders-${randomUUID().slice(0, 8)}` }))).QueueUrl!;

  async function bodiesOn(queueUrl: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }),
      );
      if (Messages.length === 0) return bodies;
      bodies.push(...Messages.map((m) => m.Body!));
    }
  }

  it("puts the counted number of seed-000 orders on the queue", async () => {
    const queueUrl = await newQueue();

    const stats = await startSending({
      sqs,
      queueUrl,
      messages: randomOrders(),
      ratePerSecond: 1000,
      count: 25,
    }).done;

    assert.deepEqual([stats.sent, stats.acknowledged, stats.errors], [25, 25, 0]);
    const orders = (await bodiesOn(queueUrl)).map((body) => JSON.parse(body));
    assert.equal(new Set(orders.map((order) => order.id)).size, 25);
    assert.ok(
      orders.every((order) => typeof order.timestamp === "number" && typeof order.album === "object"),
    );
  });

  it("replays seed 001's batch file the number of times asked", async () => {
    const queueUrl = await newQueue();
    const batch = readBatchFile(SEED_001_BATCH);

    const stats = await startSending({ sqs, queueUrl, messages: repeated(batch, 3) }).done;

    assert.deepEqual([stats.sent, stats.acknowledged, stats.errors], [30, 30, 0]);
    const bodies = await bodiesOn(queueUrl);
    assert.deepEqual(bodies.sort(), [...batch, ...batch, ...batch].map((m) => m.MessageBody).sort());
  });

  it("counts the messages SQS refuses as errors, with the reason", async () => {
    const queueUrl = `${engine.endpoint}/000000000000/no-such-queue`;

    const stats = await startSending({
      sqs,
      queueUrl,
      messages: randomOrders(),
      ratePerSecond: 1000,
      count: 12,
    }).done;

    assert.deepEqual([stats.sent, stats.acknowledged, stats.errors], [12, 0, 12]);
    assert.match(stats.lastError ?? "", /QueueDoesNotExist/);
  });

  it("ends once the duration has passed, having sent no more than was due", async () => {
    const queueUrl = await newQueue();

    const stats = await startSending({
      sqs,
      queueUrl,
      messages: randomOrders(),
      ratePerSecond: 20,
      durationMs: 300,
    }).done;

    assert.ok(stats.elapsedMs >= 300);
    assert.ok(stats.sent >= 1 && stats.sent <= dueBy(300, 20), `sent ${stats.sent}`);
    assert.equal(stats.acknowledged, stats.sent);
  });

  it("stops sending when aborted and waits for what is under way", async () => {
    const queueUrl = await newQueue();
    const controller = new AbortController();
    const sending = startSending({
      sqs,
      queueUrl,
      messages: randomOrders(),
      ratePerSecond: 50,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);

    const stats = await sending.done;

    assert.ok(stats.sent >= 1 && stats.sent < 50, `sent ${stats.sent}`);
    assert.equal(stats.acknowledged, stats.sent);
    assert.equal((await bodiesOn(queueUrl)).length, stats.sent);
  });

  describe("the command", () => {
    const orders = (args: string[]) =>
      run(process.execPath, ["--import", "tsx", "scripts/orders.ts", ...args], {
        cwd: APP_DIR,
        env: { ...process.env, ...ENGINE_ENV, AWS_ENDPOINT_URL: engine.endpoint, NODE_NO_WARNINGS: "1" },
      }).then(
        ({ stderr }) => ({ code: 0, stderr }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const lastLine = (text: string) => text.trim().split("\n").at(-1);

    it("sends to a queue named as seed 000 does and ends with the totals", async () => {
      const queueUrl = await newQueue();
      const name = queueUrl.split("/").at(-1)!;

      const { code, stderr } = await orders(["-q", name, "-i", "0.01", "--count", "5"]);

      assert.equal(code, 0);
      assert.match(lastLine(stderr) ?? "", /^sent 5 · acknowledged 5 · [\d.]+\/s · errors 0 · [\d.]+ s$/);
      assert.equal((await bodiesOn(queueUrl)).length, 5);
    });

    it("exits 1 when messages were refused", async () => {
      const { code } = await orders([
        "--queue-url",
        `${engine.endpoint}/000000000000/nope`,
        "--count",
        "2",
        "--rate",
        "100",
      ]);

      assert.equal(code, 1);
    });

    it("exits 2 with the usage on a bad command line", async () => {
      const { code, stderr } = await orders(["--count", "2"]);

      assert.equal(code, 2);
      assert.match(stderr, /usage: npm run orders/);
    });
  });
});
