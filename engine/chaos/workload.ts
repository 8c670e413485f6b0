/**
 * What each part of the soak's traffic provides, and what the soak hands it: SDK clients with
 * retries off, the operation log, the engine (to wait for it), a seeded generator per client.
 */
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Prng } from "../test/support/prng.ts";
import type { CrashableEngine } from "./crashable-engine.ts";
import type { OperationLog } from "./operation-log.ts";

/** Longest wait for one answer: a request the engine never answers counts as lost, not as a hang. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface Clients {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

export function createClients(endpoint: string): Clients {
  const config = {
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    // One attempt per call: the soak must know exactly which requests were acknowledged.
    maxAttempts: 1,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS },
  };
  const clients = {
    sqs: new SQSClient(config),
    dynamodb: new DynamoDBClient(config),
    streams: new DynamoDBStreamsClient(config),
    lambda: new LambdaClient(config),
    logs: new CloudWatchLogsClient(config),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of Object.values(clients)) client.destroy();
    },
  };
}

/** Set once the clients are to stop; they finish the call they are making and return. */
export class StopSignal {
  requested = false;
}

export interface SoakContext {
  engine: CrashableEngine;
  clients: Clients;
  log: OperationLog;
  /** The generator for one client, by name (same seed and name, same choices). */
  rng(label: string): Prng;
  stop: StopSignal;
}

export interface Workload {
  readonly name: string;
  /** Makes its queues, tables and functions; runs before the first kill. */
  setup(): Promise<void>;
  /** Runs its clients until the stop signal; resolves when they have all returned. */
  run(): Promise<void>;
  /**
   * After the last restart, with the clients stopped: lets the engine finish what is pending, reads
   * what is left, and returns every breach of what the acknowledgements promised.
   */
  check(): Promise<CheckResult>;
}

export interface CheckResult {
  /** Each a sentence naming what was promised and what was found. */
  breaches: string[];
  /** What was checked, for the report (e.g. "standard messages": 812). */
  checked: Record<string, number>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `step` until the stop signal, pausing `pauseMs()` between steps. */
export async function loop(
  stop: StopSignal,
  pauseMs: () => number,
  step: () => Promise<void>,
): Promise<void> {
  while (!stop.requested) {
    await step();
    const pause = pauseMs();
    if (pause > 0) await sleep(pause);
  }
}
