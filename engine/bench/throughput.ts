/**
 * Batched SQS throughput against one server: `processes` load processes (bench/sqs-load.ts), each
 * working its own queue with `concurrency` loops of SendMessageBatch(10) → ReceiveMessage(10) →
 * DeleteMessageBatch. A run's rate is the messages deleted over the time the slowest process took,
 * so every message counted was sent, received and deleted. CPU time is measured on both sides:
 * client and server share the machine's cores.
 */
import { CreateQueueCommand, DeleteQueueCommand } from "@aws-sdk/client-sqs";
import { closeLoadProcesses, type LoadProcess, runPlan, startLoadProcesses } from "./load-process.ts";
import { cpuTimeMs, type RunningServer, sqsClient } from "./servers.ts";
import type { LoadPlan, LoadResult } from "./sqs-load.ts";

const BODY_BYTES = 200;
/** Longer than any run takes, so a message is never received twice. */
const QUEUE_VISIBILITY_TIMEOUT_SECONDS = 300;

export interface RunOutcome {
  messagesPerSecond: number;
  messages: number;
  elapsedMs: number;
  /** Server CPU time per message, in µs. */
  serverCpuPerMessageUs: number;
  /** Load-process (AWS SDK) CPU time per message, in µs. */
  clientCpuPerMessageUs: number;
  /** A process gave up at its time limit or saw failed entries: the run does not count. */
  incomplete: boolean;
}

/** Load processes for one server, kept for all of its runs so their connections stay warm. */
export class LoadGenerator {
  private runs = 0;

  private constructor(
    private readonly server: RunningServer,
    private readonly workers: LoadProcess[],
  ) {}

  static async start(server: RunningServer, processes: number): Promise<LoadGenerator> {
    const workers = await startLoadProcesses("bench/sqs-load.ts", server.endpoint, processes);
    return new LoadGenerator(server, workers);
  }

  /** One run of `messages` in total, split evenly over the processes. */
  async run(messages: number, concurrency: number, timeLimitMs: number): Promise<RunOutcome> {
    const run = ++this.runs;
    const client = sqsClient(this.server.endpoint);
    try {
      const queueUrls = await Promise.all(
        this.workers.map(async (_, n) => {
          const { QueueUrl } = await client.send(
            new CreateQueueCommand({
              QueueName: `bench-${run}-${n}`,
              Attributes: { VisibilityTimeout: String(QUEUE_VISIBILITY_TIMEOUT_SECONDS) },
            }),
          );
          return QueueUrl!;
        }),
      );
      const share = Math.ceil(messages / this.workers.length);
      const serverCpuAtStart = cpuTimeMs(this.server.pid);
      const results = await Promise.all(
        this.workers.map(async (worker, n) => {
          const plan: LoadPlan = {
            queueUrl: queueUrls[n]!,
            messages: share,
            concurrency,
            bodyBytes: BODY_BYTES,
            timeLimitMs,
          };
          return runPlan<LoadResult>(worker, plan);
        }),
      );
      const serverCpuMs = cpuTimeMs(this.server.pid) - serverCpuAtStart;
      await Promise.all(queueUrls.map((QueueUrl) => client.send(new DeleteQueueCommand({ QueueUrl }))));
      const deleted = results.reduce((sum, r) => sum + r.deleted, 0);
      const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
      const clientCpuMs = results.reduce((sum, r) => sum + r.cpuMs, 0);
      return {
        messagesPerSecond: deleted / (elapsedMs / 1000),
        messages: deleted,
        elapsedMs,
        serverCpuPerMessageUs: (serverCpuMs * 1000) / deleted,
        clientCpuPerMessageUs: (clientCpuMs * 1000) / deleted,
        incomplete: results.some((r) => r.timedOut || r.deleted < share || r.failedEntries > 0),
      };
    } finally {
      client.destroy();
    }
  }

  async close(): Promise<void> {
    await closeLoadProcesses(this.workers);
  }
}
