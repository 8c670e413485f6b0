/**
 * The pollers behind Lambda event source mappings: SQS queues and DynamoDB streams. The Lambda
 * service hands each mapping's configuration to `apply` whenever it changes (and once per stored
 * mapping when the engine starts); an "Enabled" mapping gets a poller, any other state stops it.
 *
 * A mapping's poller is changed in place when it can be (every SQS setting; every stream setting
 * but ParallelizationFactor). Otherwise the old poller is stopped first and the new one starts once
 * the old one's invocations have ended, so two pollers never move one shard's checkpoint.
 *
 * LIMITATIONS
 * - Kinesis, Kafka, MQ and DocumentDB sources are not polled (a mapping to one is logged and idle).
 * - Stream TumblingWindowInSeconds is ignored.
 * - Provisioned mode (ProvisionedPollerConfig) is accepted and has no effect.
 * - The in-process client calls as the engine's default account, so a stream of another account is
 *   not found (queues of other accounts are reached through GetQueueUrl's QueueOwnerAWSAccountId).
 * - A disabled or deleted SQS mapping cannot cut short a long poll already waiting in SQS; what
 *   that poll receives is made visible again at once (one more receive toward maxReceiveCount).
 */
import { actingAs, type InProcessClient } from "../services/in-process.ts";
import { parseArn } from "../shared/arn.ts";
import type { Clock } from "../shared/clock.ts";
import type { Logger } from "../shared/logger.ts";
import type { Db } from "../storage/database.ts";
import { SqsPoller } from "./sqs/sqs-poller.ts";
import { CheckpointStore } from "./streams/checkpoints.ts";
import { FailureDestinations } from "./streams/on-failure.ts";
import { StreamPoller } from "./streams/stream-poller.ts";
import type { MappingConfig, MappingInvoker, MappingStatusSink, PollerManager } from "./types.ts";

export type {
  MappingConfig,
  MappingInvocationResult,
  MappingInvoker,
  MappingStatusSink,
  PollerManager,
} from "./types.ts";
export { InvocationThrottled } from "./types.ts";

export interface PollerManagerDeps {
  db: Db;
  clock: Clock;
  client: InProcessClient;
  /** Wakes stream pollers when records are committed (StreamStore.subscribe). */
  onStreamRecords(listener: (streamArn: string) => void): () => void;
  invoker: MappingInvoker;
  status: MappingStatusSink;
  logger: Logger;
}

/**
 * The calls a mapping makes with its function's role, evaluated under `--iam`: what AWS documents
 * the role needs (the AWSLambdaSQSQueueExecutionRole and AWSLambdaDynamoDBExecutionRole managed
 * policies; sqs:SendMessage or sns:Publish for an on-failure destination). The engine's own
 * bookkeeping (GetQueueUrl; handing records back with ChangeMessageVisibilityBatch when a mapping
 * stops) runs as the engine.
 */
const ROLE_OPERATIONS: ReadonlySet<string> = new Set([
  "sqs.ReceiveMessage",
  "sqs.DeleteMessageBatch",
  "sqs.GetQueueAttributes",
  "sqs.SendMessage",
  "sns.Publish",
  "dynamodbstreams.DescribeStream",
  "dynamodbstreams.GetShardIterator",
  "dynamodbstreams.GetRecords",
]);

type Poller = { kind: "sqs"; poller: SqsPoller } | { kind: "stream"; poller: StreamPoller };

interface MappingEntry {
  /** The configuration last applied. */
  config: MappingConfig;
  poller: Poller | undefined;
  /** Stops and starts in order: a new poller waits for the old one to stop. */
  transitions: Promise<void>;
}

export function createPollerManager(deps: PollerManagerDeps): PollerManager {
  const { logger } = deps;
  const checkpoints = new CheckpointStore(deps.db);
  const mappings = new Map<string, MappingEntry>();
  let closed = false;

  const unsubscribe = deps.onStreamRecords((streamArn) => {
    for (const entry of mappings.values()) {
      if (entry.poller?.kind === "stream" && entry.poller.poller.streamArn === streamArn)
        entry.poller.poller.wake();
    }
  });

  function start(config: MappingConfig): Poller | undefined {
    const arn = parseArn(config.EventSourceArn);
    // The mapping reads and sends as its function's role, whichever function it names now.
    const client = actingAs(
      deps.client,
      () => deps.invoker.executionRole(mappings.get(config.UUID)?.config.FunctionArn ?? config.FunctionArn),
      ROLE_OPERATIONS,
    );
    if (arn?.service === "sqs") return { kind: "sqs", poller: new SqsPoller({ ...deps, client }, config) };
    if (arn?.service === "dynamodb" && arn.resource.includes("/stream/")) {
      const destinations = new FailureDestinations(client, logger);
      const poller = new StreamPoller({ ...deps, client, checkpoints, destinations }, config, arn.region);
      return { kind: "stream", poller };
    }
    logger.warn("event source mappings from this source are not polled", {
      mapping: config.UUID,
      source: config.EventSourceArn,
    });
    return undefined;
  }

  function stop(poller: Poller): Promise<void> {
    if (poller.kind === "stream") return poller.poller.halt();
    poller.poller.halt();
    return Promise.resolve();
  }

  function updateInPlace(poller: Poller, config: MappingConfig): boolean {
    if (poller.kind === "sqs") {
      poller.poller.update(config);
      return true;
    }
    return poller.poller.update(config);
  }

  const enabled = (config: MappingConfig) => config.State === "Enabled";

  /** Runs `step` after the mapping's earlier transitions; a failing step is logged, not fatal. */
  function then(entry: MappingEntry, step: () => unknown): void {
    entry.transitions = entry.transitions
      .then(async () => {
        await step();
      })
      .catch((error: unknown) => {
        logger.error("event source mapping poller failed to start or stop", {
          mapping: entry.config.UUID,
          error: String(error),
        });
      });
  }

  return {
    apply(config) {
      if (closed) return;
      let entry = mappings.get(config.UUID);
      if (!entry) {
        entry = { config, poller: undefined, transitions: Promise.resolve() };
        mappings.set(config.UUID, entry);
      }
      entry.config = config;
      const current = entry.poller;
      if (current && enabled(config) && updateInPlace(current, config)) return;
      if (current) {
        entry.poller = undefined;
        then(entry, () => stop(current));
      }
      if (!enabled(config)) return;
      const pending = entry;
      then(pending, () => {
        if (closed || mappings.get(config.UUID) !== pending || pending.poller || !enabled(pending.config))
          return;
        pending.poller = start(pending.config);
      });
    },

    remove(uuid) {
      const entry = mappings.get(uuid);
      if (!entry) return;
      mappings.delete(uuid);
      const current = entry.poller;
      entry.poller = undefined;
      then(entry, async () => {
        if (current) await stop(current);
        checkpoints.deleteMapping(uuid);
      });
    },

    /**
     * Stops every poller at once and returns without waiting for running invocations: their
     * results are dropped (SQS messages reappear after their visibility timeout; stream batches are
     * delivered again from the checkpoint), which Lambda's at-least-once delivery allows.
     */
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      checkpoints.close();
      for (const entry of mappings.values()) {
        const current = entry.poller;
        entry.poller = undefined;
        if (current?.kind === "sqs") current.poller.abandon();
        else if (current) void current.poller.halt();
      }
      mappings.clear();
    },
  };
}
