/** What the parts of a stream mapping's poller share: its dependencies, configuration and records. */
import type { InProcessClient } from "../../services/in-process.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import type { SerializedRecord } from "../event-payload.ts";
import type { RecordFilter } from "../filter-criteria.ts";
import type { MappingConfig, MappingInvoker, MappingStatusSink } from "../types.ts";
import type { CheckpointStore, RetryState } from "./checkpoints.ts";
import type { FailureDestinations } from "./on-failure.ts";
import type { LambdaStreamRecord } from "./stream-records.ts";

export interface StreamMappingContext {
  readonly clock: Clock;
  readonly client: InProcessClient;
  readonly invoker: MappingInvoker;
  readonly status: MappingStatusSink;
  readonly logger: Logger;
  readonly checkpoints: CheckpointStore;
  readonly destinations: FailureDestinations;
  readonly streamArn: string;
  readonly region: string;
  /** The mapping's configuration as it is now (UpdateEventSourceMapping applies to the next batch). */
  config(): MappingConfig;
  filter(): RecordFilter;
}

/** A record read from a shard, on its way through a lane. */
export interface StreamEntry {
  sequenceNumber: string;
  record: LambdaStreamRecord;
  serialized: SerializedRecord;
  /** Clock time it was read: a batching window runs from its first record's. */
  readAt: number;
  lane: number;
  /** Delivered, filtered out or discarded: the checkpoint may pass it. */
  done: boolean;
}

/** How a lane reports progress to its shard. */
export interface LaneProgress {
  readonly shardId: string;
  /** The entries are done (in lane order). */
  complete(entries: readonly StreamEntry[]): void;
  /** The saved retry state of a batch starting at `sequenceNumber` in `lane`, if any. */
  retryState(lane: number, sequenceNumber: string): RetryState | undefined;
  setRetryState(lane: number, state: RetryState | undefined): void;
}
