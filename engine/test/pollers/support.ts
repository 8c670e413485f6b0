/**
 * Poller test support: the real SQS and DynamoDB (+ Streams) services built in process, as
 * src/index.ts builds them, reached through the in-process client; a standing virtual clock; a
 * scripted MappingInvoker that records every event it is given; and mapping factories.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-sqs";
import { createPollerManager } from "../../src/pollers/index.ts";
import {
  InvocationThrottled,
  type MappingConfig,
  type MappingInvocationResult,
  type MappingInvoker,
  type PollerManager,
} from "../../src/pollers/types.ts";
import { createDynamoDbServices } from "../../src/services/dynamodb/index.ts";
import { createInProcessClient, type InProcessClient } from "../../src/services/in-process.ts";
import { ServiceRegistry } from "../../src/services/registry.ts";
import { createSqsService } from "../../src/services/sqs/index.ts";
import { VirtualClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { type Db, openDatabase } from "../../src/storage/database.ts";

export const ACCOUNT = "000000000000";
export const REGION = "us-east-1";
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:handler`;

// ---- the scripted function ---------------------------------------------------------------------

interface TestAttributeValue {
  S?: string;
  N?: string;
}

/** A delivered record as the tests read it: SQS records use the first group, stream records the second. */
export interface DeliveredRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  md5OfMessageAttributes?: string;
  md5OfBody: string;
  eventID: string;
  eventName: string;
  eventVersion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    /** The test tables are keyed on `pk` alone. */
    Keys: { pk: { S: string } };
    NewImage?: Record<string, TestAttributeValue>;
    OldImage?: Record<string, TestAttributeValue>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
  userIdentity?: { type: string; principalId: string };
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
}

/** One invocation as the function saw it. */
export interface Invocation {
  /** The event, parsed. */
  event: { Records: DeliveredRecord[] };
  meta: { mappingUuid: string; iteratorAgeMs?: number };
  /** Clock time it started. */
  at: number;
}

/** What the scripted function does with an invocation. */
export type Behaviour = (
  invocation: Invocation,
) => MappingInvocationResult | "throttle" | Promise<MappingInvocationResult | "throttle">;

export const succeed = (response: unknown = null): MappingInvocationResult => ({
  payload: Buffer.from(JSON.stringify(response)),
});

export const raise = (message = "handler failed"): MappingInvocationResult => ({
  payload: Buffer.from(JSON.stringify({ errorMessage: message, errorType: "Error" })),
  functionError: "Unhandled",
  requestId: randomUUID(),
});

/** A raw response document (for malformed partial batch responses). */
export const respondWith = (text: string): MappingInvocationResult => ({ payload: Buffer.from(text) });

export class ScriptedFunction implements MappingInvoker {
  readonly invocations: Invocation[] = [];
  /** Invocations that were throttled (never reached the function). */
  throttled = 0;
  private running = 0;
  maxConcurrent = 0;
  behaviour: Behaviour = () => succeed();

  constructor(private readonly clock: VirtualClock) {}

  /** The pollers' own tests run without IAM: the mapping acts as the engine. */
  executionRole(): undefined {
    return undefined;
  }

  async invoke(
    _functionArn: string,
    payload: Buffer,
    meta: { mappingUuid: string; iteratorAgeMs?: number },
  ): Promise<MappingInvocationResult> {
    const invocation: Invocation = {
      event: JSON.parse(payload.toString("utf8")),
      meta,
      at: this.clock.now(),
    };
    this.invocations.push(invocation);
    const outcome = await this.behaviour(invocation);
    if (outcome === "throttle") {
      this.invocations.splice(this.invocations.indexOf(invocation), 1);
      this.throttled++;
      throw new InvocationThrottled();
    }
    return outcome;
  }

  /** Wraps the behaviour so each invocation runs for `ms` of clock time, counting concurrency. */
  taking(ms: number, behaviour: Behaviour): Behaviour {
    return async (invocation) => {
      this.running++;
      this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
      try {
        await new Promise<void>((resolve) => this.clock.setTimer(ms, resolve));
        return await behaviour(invocation);
      } finally {
        this.running--;
      }
    };
  }

  /** The bodies (SQS) of every batch so far, batch by batch. */
  bodies(): string[][] {
    return this.invocations.map((i) => i.event.Records.map((r) => r.body));
  }
}

// ---- the harness ----------------------------------------------------------------------------------

export interface Harness {
  clock: VirtualClock;
  client: InProcessClient;
  fn: ScriptedFunction;
  pollers: PollerManager;
  /** LastProcessingResult as reported, per mapping. */
  results: Map<string, string[]>;
  /** Lets every pending promise chain run (the services and pollers are asynchronous). */
  settle(): Promise<void>;
  /** Moves the clock by `ms` at once, then settles. */
  advance(ms: number): Promise<void>;
  /** Moves the clock by `ms` in steps of `stepMs`, settling after each (chains of timers). */
  runFor(ms: number, stepMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { dataDir?: string; clock?: VirtualClock } = {},
): Promise<Harness> {
  const clock = options.clock ?? new VirtualClock({ flowing: false });
  const db: Db = openDatabase(options.dataDir ? { dataDir: options.dataDir } : { inMemory: true });
  const registry = new ServiceRegistry();
  const sqs = createSqsService({ db, clock });
  registry.register(sqs.definition);
  const dynamodb = createDynamoDbServices({ db, clock });
  registry.register(dynamodb.dynamodb);
  registry.register(dynamodb.streams);
  const client = createInProcessClient(registry, () => "http://127.0.0.1:4566");
  const fn = new ScriptedFunction(clock);
  const results = new Map<string, string[]>();
  const pollers = createPollerManager({
    db,
    clock,
    client,
    onStreamRecords: (listener) => dynamodb.dataPlane.streams.subscribe(listener),
    invoker: fn,
    status: {
      processingResult(uuid, result) {
        results.set(uuid, [...(results.get(uuid) ?? []), result]);
      },
    },
    logger: createLogger("silent"),
  });
  const settle = async () => {
    for (let i = 0; i < 40; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    clock,
    client,
    fn,
    pollers,
    results,
    settle,
    async advance(ms) {
      clock.advance(ms);
      await settle();
    },
    async runFor(ms, stepMs = 100) {
      for (let moved = 0; moved < ms; moved += stepMs) {
        clock.advance(Math.min(stepMs, ms - moved));
        await settle();
      }
    },
    async close() {
      await pollers.close();
      // In one step, as Engine.stop does: a long poll woken by the services closing finds the
      // database closed and ends (SQS's closed waiters would otherwise spin until their deadline).
      for (const service of registry.all) service.close?.();
      db.close();
      await settle();
    },
  };
}

/** A temporary data directory, removed by the returned cleanup. */
export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "orderflow-pollers-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---- mappings ---------------------------------------------------------------------------------------

export function sqsMapping(queueArn: string, overrides: Partial<MappingConfig> = {}): MappingConfig {
  return {
    UUID: randomUUID(),
    EventSourceArn: queueArn,
    FunctionArn: FUNCTION_ARN,
    State: "Enabled",
    BatchSize: 10,
    MaximumBatchingWindowInSeconds: 0,
    FunctionResponseTypes: [],
    ...overrides,
  };
}

export function streamMapping(streamArn: string, overrides: Partial<MappingConfig> = {}): MappingConfig {
  return {
    UUID: randomUUID(),
    EventSourceArn: streamArn,
    FunctionArn: FUNCTION_ARN,
    State: "Enabled",
    BatchSize: 100,
    StartingPosition: "TRIM_HORIZON",
    MaximumBatchingWindowInSeconds: 0,
    ParallelizationFactor: 1,
    MaximumRetryAttempts: -1,
    MaximumRecordAgeInSeconds: -1,
    BisectBatchOnFunctionError: false,
    FunctionResponseTypes: [],
    ...overrides,
  };
}

// ---- SQS ---------------------------------------------------------------------------------------------

export interface TestQueue {
  url: string;
  arn: string;
}

let queueCounter = 0;

export async function createQueue(
  client: InProcessClient,
  attributes: Record<string, string> = {},
  options: { fifo?: boolean } = {},
): Promise<TestQueue> {
  const name = `q${++queueCounter}-${randomUUID().slice(0, 8)}${options.fifo ? ".fifo" : ""}`;
  const { QueueUrl } = await client.call<{ QueueUrl: string }>("sqs", "CreateQueue", {
    QueueName: name,
    Attributes: { ...(options.fifo && { FifoQueue: "true" }), ...attributes },
  });
  return { url: QueueUrl, arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}` };
}

export async function send(
  client: InProcessClient,
  queue: TestQueue,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { MessageId } = await client.call<{ MessageId: string }>("sqs", "SendMessage", {
    QueueUrl: queue.url,
    MessageBody: body,
    ...extra,
  });
  return MessageId;
}

/** The queue's visible, in-flight and delayed message counts. */
export async function queueCounts(
  client: InProcessClient,
  queue: TestQueue,
): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await client.call<{ Attributes: Record<string, string> }>(
    "sqs",
    "GetQueueAttributes",
    {
      QueueUrl: queue.url,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    },
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
}

/** Receives (and so hides) every visible message of a queue: the test's own consumer. */
export async function drain(client: InProcessClient, queue: TestQueue): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages } = await client.call<{ Messages?: Message[] }>("sqs", "ReceiveMessage", {
      QueueUrl: queue.url,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ["All"],
    });
    if (!Messages?.length) return all;
    all.push(...Messages);
  }
}

// ---- DynamoDB streams ------------------------------------------------------------------------------

let tableCounter = 0;

/** A table keyed on `pk` (S) with a NEW_AND_OLD_IMAGES stream; returns its name and stream ARN. */
export async function createStreamTable(
  client: InProcessClient,
): Promise<{ name: string; streamArn: string }> {
  const name = `t${++tableCounter}-${randomUUID().slice(0, 8)}`;
  const { TableDescription } = await client.call<{ TableDescription: { LatestStreamArn: string } }>(
    "dynamodb",
    "CreateTable",
    {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    },
  );
  return { name, streamArn: TableDescription.LatestStreamArn };
}

export async function putItem(
  client: InProcessClient,
  table: string,
  pk: string,
  attributes: Record<string, unknown> = {},
): Promise<void> {
  await client.call("dynamodb", "PutItem", { TableName: table, Item: { pk: { S: pk }, ...attributes } });
}

/** The keys (`pk`) of each stream batch delivered so far. */
export const streamKeys = (fn: ScriptedFunction): string[][] =>
  fn.invocations.map((i) => i.event.Records.map((r) => r.dynamodb.Keys.pk.S));

export function assertSubsequence(
  all: readonly string[],
  expectedOrder: readonly string[],
  message?: string,
): void {
  const positions = expectedOrder.map((x) => all.indexOf(x));
  assert.ok(
    positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!)),
    message ?? `${JSON.stringify(expectedOrder)} in order within ${JSON.stringify(all)}`,
  );
}
