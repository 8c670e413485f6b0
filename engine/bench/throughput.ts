/**
 * Batched SQS throughput against one server: `processes` load processes (bench/sqs-load.ts), each
 * working its own queue with `concurrency` loops of SendMessageBatch(10) → ReceiveMessage(10) →
 * DeleteMessageBatch. A run's rate is the messages deleted over the time the slowest process took,
 * so every message counted was sent, received and deleted. CPU time is measured on both sides:
 * client and server share the machine's cores.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { CreateQueueCommand, DeleteQueueCommand } from "@aws-sdk/client-sqs";
import { ENGINE_DIR } from "../test/support/engine-process.ts";
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

interface LoadProcess {
  child: ChildProcess;
  reader: Interface;
  lines: AsyncIterator<string>;
}

async function nextLine(worker: LoadProcess): Promise<string> {
  const next = await worker.lines.next();
  if (next.done) throw new Error("a load process ended early");
  return next.value;
}

/** Load processes for one server, kept for all of its runs so their connections stay warm. */
export class LoadGenerator {
  private runs = 0;

  private constructor(
    private readonly server: RunningServer,
    private readonly workers: LoadProcess[],
  ) {}

  static async start(server: RunningServer, processes: number): Promise<LoadGenerator> {
    const workers = Array.from({ length: processes }, () => {
      const child = spawn(process.execPath, ["--import", "tsx", "bench/sqs-load.ts", server.endpoint], {
        cwd: ENGINE_DIR,
        stdio: ["pipe", "pipe", "inherit"],
      });
      const reader = createInterface({ input: child.stdout! });
      return { child, reader, lines: reader[Symbol.asyncIterator]() };
    });
    for (const worker of workers) {
      const line = await nextLine(worker);
      if (line !== "ready") throw new Error(`a load process said ${line}`);
    }
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
          worker.child.stdin!.write(`${JSON.stringify(plan)}\n`);
          return JSON.parse(await nextLine(worker)) as LoadResult;
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
    await Promise.all(
      this.workers.map(async (worker) => {
        const exited = new Promise((resolve) => worker.child.once("exit", resolve));
        worker.reader.close();
        worker.child.stdin!.end();
        await exited;
      }),
    );
  }
}
