/**
 * The poller of one DynamoDB stream event source mapping: a consumer per shard, parents before
 * their children (AWS processes a shard only after its parent is done, which keeps each item's
 * records in order across a split).
 *
 * Starting position (with-ddb.md): TRIM_HORIZON starts each shard at its oldest record; LATEST
 * starts the open shard after its newest record at the moment the mapping starts, and skips shards
 * already closed. Shards that appear later always start at their first record. A shard with a
 * checkpoint resumes from it whatever the starting position. One gap is left: a LATEST mapping that
 * has not read a single record has no checkpoint, so after an engine restart it starts at LATEST
 * again and does not see records written while the engine was down.
 *
 * TumblingWindowInSeconds is not implemented: records are delivered without window state.
 */
import type { Shard } from "@aws-sdk/client-dynamodb-streams";
import { StopSignal, sleep } from "../clock-wait.ts";
import { STREAM_SOURCE_RETRY_MS } from "../constants.ts";
import { type RecordFilter, streamRecordFilter } from "../filter-criteria.ts";
import type { MappingConfig } from "../types.ts";
import type { ShardCheckpoint } from "./checkpoints.ts";
import { resumePosition, ShardConsumer } from "./shard-consumer.ts";
import type { StartPosition } from "./shard-reader.ts";
import type { StreamMappingContext } from "./stream-context.ts";

export type StreamPollerDeps = Omit<StreamMappingContext, "config" | "filter" | "streamArn" | "region">;

export class StreamPoller {
  private readonly stop = new StopSignal();
  private readonly consumers = new Map<string, ShardConsumer>();
  private readonly ctx: StreamMappingContext;
  private filter: RecordFilter;
  /** Whether a shard was ever started: shards found later begin at their first record. */
  private started = false;
  private discovering: Promise<void>;

  constructor(
    deps: StreamPollerDeps,
    private config: MappingConfig,
    region: string,
  ) {
    this.filter = streamRecordFilter(config.FilterCriteria, deps.logger);
    this.ctx = {
      ...deps,
      streamArn: config.EventSourceArn,
      region,
      config: () => this.config,
      filter: () => this.filter,
    };
    this.discovering = this.discover();
  }

  get streamArn(): string {
    return this.config.EventSourceArn;
  }

  /** Applies a new configuration; false when the lanes must be rebuilt (ParallelizationFactor). */
  update(config: MappingConfig): boolean {
    if ((config.ParallelizationFactor ?? 1) !== (this.config.ParallelizationFactor ?? 1)) return false;
    this.config = config;
    this.filter = streamRecordFilter(config.FilterCriteria, this.ctx.logger);
    for (const consumer of this.consumers.values()) consumer.reconfigure();
    return true;
  }

  wake(): void {
    for (const consumer of this.consumers.values()) consumer.wake();
  }

  /** Stops; resolves once no invocation of it is running (so its checkpoints are final). */
  async halt(): Promise<void> {
    this.stop.stop();
    for (const consumer of this.consumers.values()) consumer.halt();
    await this.discovering;
    await Promise.allSettled([...this.consumers.values()].map((c) => c.done));
  }

  private async discover(): Promise<void> {
    while (!this.stop.stopped) {
      try {
        this.startShards(await this.describeShards());
        return;
      } catch (error) {
        this.ctx.logger.warn("stream event source mapping cannot describe its stream; trying again", {
          mapping: this.config.UUID,
          stream: this.streamArn,
          error: String(error),
        });
        await sleep(this.ctx.clock, this.stop, STREAM_SOURCE_RETRY_MS);
      }
    }
  }

  private startShards(shards: readonly Shard[]): void {
    const saved = this.ctx.checkpoints.load(this.config.UUID);
    const firstStart = !this.started && saved.size === 0;
    this.started = true;
    const listed = new Set(shards.map((s) => s.ShardId));
    const finished = (id: string | undefined) => id !== undefined && saved.get(id)?.finished === true;
    for (const shard of shards) {
      const shardId = shard.ShardId!;
      if (this.consumers.has(shardId) || finished(shardId)) continue;
      const parent = shard.ParentShardId;
      if (parent && listed.has(parent) && !finished(parent)) continue;
      const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
      const checkpoint = saved.get(shardId);
      if (firstStart && this.config.StartingPosition === "LATEST" && closed && !checkpoint) {
        this.markFinished(shardId);
        continue;
      }
      const start: StartPosition =
        firstStart && this.config.StartingPosition === "LATEST"
          ? { type: "LATEST" }
          : { type: "TRIM_HORIZON" };
      this.run(new ShardConsumer(this.ctx, shardId, resumePosition(checkpoint, start), checkpoint));
    }
  }

  private run(consumer: ShardConsumer): void {
    this.consumers.set(consumer.shardId, consumer);
    void consumer.done.then(
      (finished) => {
        if (!finished || this.stop.stopped) return;
        this.consumers.delete(consumer.shardId);
        // A finished parent lets its children start.
        this.discovering = this.discover();
      },
      (error: unknown) =>
        this.ctx.logger.error("stream event source mapping stopped reading a shard", {
          mapping: this.config.UUID,
          shard: consumer.shardId,
          error: String(error),
        }),
    );
  }

  private markFinished(shardId: string): void {
    const checkpoint: ShardCheckpoint = {
      resume: undefined,
      factor: this.config.ParallelizationFactor ?? 1,
      laneDone: [],
      laneRetries: [],
      finished: true,
    };
    this.ctx.checkpoints.save(this.config.UUID, shardId, checkpoint, this.ctx.clock.now());
  }

  private async describeShards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const output = await this.ctx.client.call<{
        StreamDescription: { Shards?: Shard[]; LastEvaluatedShardId?: string };
      }>(
        "dynamodbstreams",
        "DescribeStream",
        { StreamArn: this.streamArn, ...(start && { ExclusiveStartShardId: start }) },
        { region: this.ctx.region },
      );
      shards.push(...(output.StreamDescription.Shards ?? []));
      start = output.StreamDescription.LastEvaluatedShardId;
    } while (start);
    return shards;
  }
}
