/**
 * One of a shard's ParallelizationFactor lanes: its records in order, one batch at a time. A batch
 * is delivered when it holds BatchSize records, when the next record would not fit the 6 MB
 * event, or when MaximumBatchingWindowInSeconds has passed since its first record was read (at
 * once without a window, and at once when the shard has nothing more to come).
 */
import { Bell, type StopSignal, sleep, waitFor } from "../clock-wait.ts";
import { STREAM_SOURCE_RETRY_MS } from "../constants.ts";
import { fitsPayload } from "../event-payload.ts";
import { StreamBatchDelivery } from "./stream-batch.ts";
import type { LaneProgress, StreamEntry, StreamMappingContext } from "./stream-context.ts";

export class Lane {
  private readonly queue: StreamEntry[] = [];
  private readonly arrivals = new Bell();
  private readonly delivery: StreamBatchDelivery;

  constructor(
    private readonly ctx: StreamMappingContext,
    shard: LaneProgress,
    lane: number,
    private readonly stop: StopSignal,
    /** Whether the shard is closed and fully read: no record will join a waiting batch. */
    private readonly shardEnded: () => boolean,
  ) {
    this.delivery = new StreamBatchDelivery(ctx, shard, lane, stop);
  }

  get pending(): number {
    return this.queue.length;
  }

  push(entry: StreamEntry): void {
    this.queue.push(entry);
    this.arrivals.ring();
  }

  /** Re-reads the configuration, or notices the shard ended. */
  wake(): void {
    this.arrivals.ring();
  }

  /** Runs until stopped, or until the shard has ended and this lane is empty. */
  async run(): Promise<void> {
    const { clock } = this.ctx;
    while (!this.stop.stopped) {
      if (this.queue.length === 0) {
        if (this.shardEnded()) return;
        await waitFor(clock, this.stop, this.arrivals.wait());
        continue;
      }
      const { count, full } = this.nextBatch();
      const windowMs = (this.ctx.config().MaximumBatchingWindowInSeconds ?? 0) * 1000;
      const dueAt = this.queue[0]!.readAt + windowMs;
      if (!full && !this.shardEnded() && clock.now() < dueAt) {
        await waitFor(clock, this.stop, this.arrivals.wait(), dueAt - clock.now());
        continue;
      }
      const batch = this.queue.splice(0, count);
      try {
        await this.delivery.deliver(batch);
      } catch (error) {
        // Not a function error (those are handled inside): the batch goes back to wait its turn.
        this.ctx.logger.error("stream event source mapping failed to deliver a batch; trying again", {
          mapping: this.ctx.config().UUID,
          error: String(error),
        });
        this.queue.unshift(...batch.filter((entry) => !entry.done));
        await sleep(clock, this.stop, STREAM_SOURCE_RETRY_MS);
      }
    }
  }

  private nextBatch(): { count: number; full: boolean } {
    const batchSize = this.ctx.config().BatchSize;
    let bytes = 0;
    let count = 0;
    for (const entry of this.queue) {
      if (count >= batchSize || !fitsPayload(count, bytes, entry.serialized)) return { count, full: true };
      bytes += entry.serialized.bytes;
      count++;
    }
    return { count, full: count >= batchSize };
  }
}
