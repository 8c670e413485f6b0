/**
 * One load-generating process for the SQS throughput benchmark, with one AWS SDK v3 client for
 * its endpoint. Each run works one queue with `concurrency` async loops; each loop sends a batch
 * of 10, receives up to 10 and deletes what it received, until every message sent is deleted.
 *
 *   node --import tsx bench/sqs-load.ts http://127.0.0.1:4566
 *
 * Protocol with the parent (bench/throughput.ts): prints "ready"; then for each LoadPlan JSON line
 * on stdin runs it and prints one LoadResult JSON line; exits when stdin ends.
 */
import { setMaxListeners } from "node:events";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { BENCH_CLIENT_CONFIG, servePlans } from "./load-process.ts";

export interface LoadPlan {
  queueUrl: string;
  messages: number;
  concurrency: number;
  bodyBytes: number;
  /** The run gives up (and reports what it managed) after this long. */
  timeLimitMs: number;
}

export interface LoadResult {
  deleted: number;
  elapsedMs: number;
  /** CPU time this process spent on the run (the SDK's share of the machine). */
  cpuMs: number;
  /** Batch entries the server answered as failed. */
  failedEntries: number;
  timedOut: boolean;
}

const BATCH_SIZE = 10;
/** Short long-poll: returns at once when messages are there, and keeps drain-phase loops cheap. */
const RECEIVE_WAIT_SECONDS = 1;

async function runLoad(client: SQSClient, plan: LoadPlan): Promise<LoadResult> {
  const startedAt = performance.now();
  const cpuAtStart = process.cpuUsage();
  const body = "x".repeat(plan.bodyBytes);
  const result: LoadResult = {
    deleted: 0,
    elapsedMs: 0,
    cpuMs: 0,
    failedEntries: 0,
    timedOut: false,
  };
  let claimed = 0;
  // Ends the loops still waiting in a receive once the last message is deleted.
  const finished = new AbortController();
  const abortSignal = finished.signal;
  setMaxListeners(plan.concurrency * 4, abortSignal); // each request in flight listens to it
  const deadline = startedAt + plan.timeLimitMs;
  // Every iteration sends, or receives while messages are still owed; the deadline ends the rest.
  const maxIterations = 2 * Math.ceil(plan.messages / BATCH_SIZE) + 1000;

  const loop = async (worker: number) => {
    for (let i = 0; i < maxIterations && result.deleted < plan.messages; i++) {
      if (performance.now() > deadline) {
        result.timedOut = true;
        return;
      }
      if (claimed < plan.messages) {
        const count = Math.min(BATCH_SIZE, plan.messages - claimed);
        claimed += count;
        const sent = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: plan.queueUrl,
            Entries: Array.from({ length: count }, (_, n) => ({
              Id: `m${worker}-${i}-${n}`,
              MessageBody: body,
            })),
          }),
          { abortSignal },
        );
        result.failedEntries += sent.Failed?.length ?? 0;
      }
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: plan.queueUrl,
          MaxNumberOfMessages: BATCH_SIZE,
          WaitTimeSeconds: RECEIVE_WAIT_SECONDS,
        }),
        { abortSignal },
      );
      if (Messages.length === 0) continue;
      const deleted = await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: plan.queueUrl,
          Entries: Messages.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle })),
        }),
        { abortSignal },
      );
      result.failedEntries += deleted.Failed?.length ?? 0;
      result.deleted += deleted.Successful?.length ?? 0;
      if (result.deleted >= plan.messages) {
        result.elapsedMs = performance.now() - startedAt;
        finished.abort();
      }
    }
  };
  const guarded = (worker: number) =>
    loop(worker).catch((error: unknown) => {
      if (!abortSignal.aborted) throw error;
    });

  await Promise.all(Array.from({ length: plan.concurrency }, (_, worker) => guarded(worker)));
  if (result.elapsedMs === 0) result.elapsedMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuAtStart);
  result.cpuMs = (cpu.user + cpu.system) / 1000;
  return result;
}

async function main(): Promise<void> {
  const endpoint = process.argv[2];
  if (!endpoint) throw new Error("usage: sqs-load.ts <endpoint>");
  const client = new SQSClient({ endpoint, ...BENCH_CLIENT_CONFIG });
  await servePlans(client, (plan: LoadPlan) => runLoad(client, plan));
}

await main();
