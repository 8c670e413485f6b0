/**
 * SQS → Lambda through an event source mapping, on a started engine (the CLI launcher, real clock):
 *
 * (a) latency from SendMessage to the handler starting, with a warm environment: one message at a
 *     time; the handler logs the gap between the send time in the body and its own start (both
 *     read from the machine's one wall clock), and the figures are read back from CloudWatch Logs;
 * (b) throughput of a no-op handler with batch size 10: the queue is filled while the mapping is
 *     disabled, then enabled; the rate is messages deleted per second until the queue is empty.
 *
 * No peer runs Lambda functions without Docker (moto's and LocalStack's Lambda both start
 * containers), so these figures stand alone, against the targets.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateEventSourceMappingCommand,
  CreateFunctionCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { zipSync } from "fflate";
import { freePort, launchEngine } from "../test/support/engine-process.ts";
import { sqsClient } from "./servers.ts";
import { formatNumber, median } from "./stats.ts";

const TARGETS = { medianLatencyMs: 5, messagesPerSecond: 2_000 };
const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LATENCY_HANDLER = `
exports.handler = async (event) => {
  const startedAt = performance.timeOrigin + performance.now();
  for (const record of event.Records) console.log("STARTED " + JSON.parse(record.body).i + " " + startedAt.toFixed(3));
};`;
const NO_OP_HANDLER = "exports.handler = async () => {};";

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function createMappedFunction(
  lambda: LambdaClient,
  sqs: SQSClient,
  name: string,
  source: string,
  enabled: boolean,
) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs22.x",
      Role: "arn:aws:iam::000000000000:role/bench",
      Handler: "index.handler",
      Code: { ZipFile: zipSync({ "index.js": Buffer.from(source) }) },
    }),
  );
  const mapping = await lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: name,
      EventSourceArn: Attributes!.QueueArn!,
      BatchSize: 10,
      Enabled: enabled,
    }),
  );
  for (;;) {
    const { State } = await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }));
    if (State === "Enabled" || State === "Disabled") break;
    await sleep(10);
  }
  return { queueUrl: QueueUrl!, uuid: mapping.UUID! };
}

interface LatencyFigures {
  /** SendMessage issued → handler started, ms. */
  fromSend: number[];
  /** SendMessage round trip through the SDK (signing, HTTP, the engine), ms. */
  sendRoundTrip: number[];
}

async function measureLatency(endpoint: string, messages: number): Promise<LatencyFigures> {
  const sqs = sqsClient(endpoint);
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: CREDENTIALS });
  const logs = new CloudWatchLogsClient({ endpoint, region: "us-east-1", credentials: CREDENTIALS });
  try {
    const { queueUrl } = await createMappedFunction(lambda, sqs, "latency", LATENCY_HANDLER, true);
    const sentAt = new Map<number, number>();
    const sendRoundTrip: number[] = [];
    const send = async (i: number) => {
      const at = performance.timeOrigin + performance.now();
      sentAt.set(i, at);
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ i }) }));
      if (i >= 0) sendRoundTrip.push(performance.timeOrigin + performance.now() - at);
    };
    // Warm-up: the first message starts the environment (a cold start is not what this measures).
    await send(-1);
    await sleep(500);
    for (let i = 0; i < messages; i++) {
      await send(i);
      await sleep(10);
    }
    await sleep(500);
    const fromSend: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await logs.send(
        new FilterLogEventsCommand({
          logGroupName: "/aws/lambda/latency",
          filterPattern: "STARTED",
          nextToken,
        }),
      );
      for (const event of page.events ?? []) {
        const [i, startedAt] = event.message!.trim().split(/\s+/).slice(-2).map(Number);
        const sent = sentAt.get(i!);
        if (i! >= 0 && sent !== undefined) fromSend.push(startedAt! - sent);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return { fromSend, sendRoundTrip };
  } finally {
    sqs.destroy();
    lambda.destroy();
    logs.destroy();
  }
}

async function measureThroughput(endpoint: string, messages: number): Promise<number> {
  const sqs = sqsClient(endpoint);
  const lambda = new LambdaClient({ endpoint, region: "us-east-1", credentials: CREDENTIALS });
  try {
    const name = `noop-${messages}-${Date.now()}`;
    const { queueUrl, uuid } = await createMappedFunction(lambda, sqs, name, NO_OP_HANDLER, false);
    const batches = Array.from({ length: messages / 10 }, (_, b) => b);
    for (let i = 0; i < batches.length; i += 16) {
      await Promise.all(
        batches.slice(i, i + 16).map((b) =>
          sqs.send(
            new SendMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Array.from({ length: 10 }, (_, j) => ({
                Id: `m${j}`,
                MessageBody: `order ${b * 10 + j}`,
              })),
            }),
          ),
        ),
      );
    }
    const startedAt = performance.now();
    await lambda.send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    for (;;) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }),
      );
      const left =
        Number(Attributes?.ApproximateNumberOfMessages) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
      if (left === 0) break;
      await sleep(20);
    }
    return messages / ((performance.now() - startedAt) / 1000);
  } finally {
    sqs.destroy();
    lambda.destroy();
  }
}

export async function runLambdaBench(options: { quick: boolean }): Promise<void> {
  const plan = options.quick
    ? { latencyMessages: 50, throughputMessages: 2_000, runs: 1 }
    : { latencyMessages: 300, throughputMessages: 10_000, runs: 3 };
  console.log(`\nSQS → Lambda (event source mapping, warm environments, real clock) …`);
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-bench-lambda-"));
  const engine = launchEngine({
    launcher: "bin",
    port: await freePort(),
    dataDir,
    args: ["--log-level", "warn"],
  });
  try {
    await engine.ready();
    const latencies = await measureLatency(engine.endpoint, plan.latencyMessages);
    const rates: number[] = [];
    for (let run = 0; run < plan.runs; run++)
      rates.push(await measureThroughput(engine.endpoint, plan.throughputMessages));
    const p50 = median(latencies.fromSend);
    const p99 = percentile(latencies.fromSend, 99);
    const rate = median(rates);
    console.log(
      `  send → handler start: median ${formatNumber(p50, 2)} ms, p99 ${formatNumber(p99, 2)} ms over ${latencies.fromSend.length} messages (target: median < ${TARGETS.medianLatencyMs} ms: ${p50 < TARGETS.medianLatencyMs ? "met" : "NOT met"}); of which the SDK's SendMessage round trip: median ${formatNumber(median(latencies.sendRoundTrip), 2)} ms`,
    );
    console.log(
      `  no-op handler, batch size 10: ${rates.map((r) => formatNumber(r)).join(", ")} msg/s, median ${formatNumber(rate)} (target ≥ ${formatNumber(TARGETS.messagesPerSecond)}: ${rate >= TARGETS.messagesPerSecond ? "met" : "NOT met"})`,
    );
  } finally {
    await engine.stop("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("lambda.ts")) {
  await runLambdaBench({ quick: process.argv.includes("--quick") });
}
