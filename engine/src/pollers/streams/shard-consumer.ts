/**
 * One shard of a stream mapping: a reader that pulls records in order and deals them to
 * ParallelizationFactor lanes by item key (so each item's records stay in order while different
 * items run concurrently), and the shard's checkpoint, which moves past a record once it is done.
 *
 * Reading is event-driven: after GetRecords comes back empty the reader waits for the stream store
 * to announce a commit (AWS polls each shard 4 times a second; a local engine need not). An idle
 * reader renews its iterator every 10 minutes so it never expires. The reader stays at most a
 * read-ahead allowance in front of the slowest lane, so a lane blocked on a bad record eventually
 * holds up the whole shard.
 */
import { Bell, StopSignal, sleep, waitFor } from "../clock-wait.ts";
import {
  STREAM_ITERATOR_REFRESH_MS,
  STREAM_READ_AHEAD_RECORDS,
  STREAM_RECORDS_PER_READ,
  STREAM_SOURCE_RETRY_MS,
} from "../constants.ts";
import { serializeRecord } from "../event-payload.ts";
import type { RetryState, ShardCheckpoint } from "./checkpoints.ts";
import { Lane } from "./lane.ts";
import { ShardReader, type StartPosition } from "./shard-reader.ts";
import type { LaneProgress, StreamEntry, StreamMappingContext } from "./stream-context.ts";
import {
  compareSequenceNumbers,
  lambdaStreamRecord,
  laneOf,
  type WireStreamRecord,
} from "./stream-records.ts";

/** Entries done at the head of the read order are dropped in chunks of this many. */
const COMPACT_AFTER_ENTRIES = 1_024;

export class ShardConsumer implements LaneProgress {
  private readonly stop = new StopSignal();
  private readonly reader: ShardReader;
  private readonly lanes: Lane[];
  private readonly factor: number;
  /** Every record read and not yet passed by the checkpoint, in shard order (from `head`). */
  private order: StreamEntry[] = [];
  private head = 0;
  private readonly progress = new Bell();
  private readonly arrivals = new Bell();
  /** A commit was announced since the last read began. */
  private announced = true;
  private ended = false;
  private checkpoint: ShardCheckpoint;
  private lastRead: string | undefined;
  /** Resolves true when the shard is finished (closed and every record done), false when stopped. */
  readonly done: Promise<boolean>;

  constructor(
    private readonly ctx: StreamMappingContext,
    readonly shardId: string,
    start: StartPosition,
    saved: ShardCheckpoint | undefined,
  ) {
    const config = ctx.config();
    this.factor = config.ParallelizationFactor ?? 1;
    const keptLanes = saved?.factor === this.factor;
    this.checkpoint = {
      resume: saved?.resume,
      factor: this.factor,
      laneDone: keptLanes ? saved.laneDone : Array<string | null>(this.factor).fill(null),
      laneRetries: keptLanes ? saved.laneRetries : Array<RetryState | null>(this.factor).fill(null),
      finished: false,
    };
    this.reader = new ShardReader(ctx.client, ctx.logger, ctx.streamArn, ctx.region, shardId, start);
    this.lanes = Array.from(
      { length: this.factor },
      (_, i) => new Lane(ctx, this, i, this.stop, () => this.ended),
    );
    this.done = this.run();
  }

  /** A commit to the stream: read again. */
  wake(): void {
    this.announced = true;
    this.arrivals.ring();
  }

  /** The configuration changed (batch size, window, …): lanes re-read it. */
  reconfigure(): void {
    for (const lane of this.lanes) lane.wake();
  }

  halt(): void {
    this.stop.stop();
  }

  complete(entries: readonly StreamEntry[]): void {
    for (const entry of entries) entry.done = true;
    const last = entries.at(-1);
    if (last) this.checkpoint.laneDone[last.lane] = last.sequenceNumber;
    this.advance();
    this.progress.ring();
  }

  retryState(lane: number, sequenceNumber: string): RetryState | undefined {
    const state = this.checkpoint.laneRetries[lane];
    return state?.sequenceNumber === sequenceNumber ? state : undefined;
  }

  setRetryState(lane: number, state: RetryState | undefined): void {
    if (state === undefined && !this.checkpoint.laneRetries[lane]) return;
    this.checkpoint.laneRetries[lane] = state ?? null;
    this.save();
  }

  private async run(): Promise<boolean> {
    const laneRuns = this.lanes.map((lane) => lane.run());
    await this.read();
    for (const lane of this.lanes) lane.wake();
    await Promise.all(laneRuns);
    if (this.stop.stopped || !this.ended || this.pending() > 0) return false;
    this.checkpoint.finished = true;
    this.save();
    return true;
  }

  private async read(): Promise<void> {
    const { clock, logger } = this.ctx;
    const readAhead = Math.max(this.ctx.config().BatchSize, STREAM_READ_AHEAD_RECORDS) * this.factor;
    while (!this.stop.stopped) {
      const room = readAhead - this.pending();
      if (room <= 0) {
        await waitFor(clock, this.stop, this.progress.wait());
        continue;
      }
      this.announced = false;
      try {
        const { records, ended } = await this.reader.read(Math.min(STREAM_RECORDS_PER_READ, room));
        this.accept(records);
        if (ended) {
          this.ended = true;
          return;
        }
        if (records.length === 0 && !this.announced)
          await waitFor(clock, this.stop, this.arrivals.wait(), STREAM_ITERATOR_REFRESH_MS);
      } catch (error) {
        logger.warn("stream event source mapping cannot read its shard; trying again", {
          mapping: this.ctx.config().UUID,
          shard: this.shardId,
          error: String(error),
        });
        await sleep(clock, this.stop, STREAM_SOURCE_RETRY_MS);
      }
    }
  }

  private accept(records: readonly WireStreamRecord[]): void {
    if (records.length === 0) return;
    const now = this.ctx.clock.now();
    const filter = this.ctx.filter();
    for (const raw of records) {
      const record = lambdaStreamRecord(raw, this.ctx.streamArn);
      const sequenceNumber = raw.dynamodb.SequenceNumber;
      const lane = laneOf(raw.dynamodb.Keys, this.factor);
      const laneDone = this.checkpoint.laneDone[lane];
      const entry: StreamEntry = {
        sequenceNumber,
        record,
        serialized: serializeRecord(record),
        readAt: now,
        lane,
        // Done before a restart (its lane ran ahead), or filtered out: AWS skips records that
        // match no filter and moves the checkpoint past them.
        done:
          (laneDone != null && compareSequenceNumbers(sequenceNumber, laneDone) <= 0) ||
          !filter(record as unknown as Record<string, unknown>),
      };
      this.order.push(entry);
      this.lastRead = sequenceNumber;
      if (!entry.done) this.lanes[lane]!.push(entry);
    }
    this.advance();
  }

  private pending(): number {
    return this.order.length - this.head;
  }

  /** Moves the checkpoint past the records done at the head of the shard, and saves it. */
  private advance(): void {
    while (this.head < this.order.length && this.order[this.head]!.done) this.head++;
    if (this.head >= COMPACT_AFTER_ENTRIES) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    const next = this.order[this.head];
    if (next) this.checkpoint.resume = { kind: "AT", sequenceNumber: next.sequenceNumber };
    else if (this.lastRead) this.checkpoint.resume = { kind: "AFTER", sequenceNumber: this.lastRead };
    this.save();
  }

  private save(): void {
    const config = this.ctx.config();
    this.ctx.checkpoints.save(config.UUID, this.shardId, this.checkpoint, this.ctx.clock.now());
  }
}

/** Where a shard with a saved checkpoint resumes. */
export function resumePosition(
  checkpoint: ShardCheckpoint | undefined,
  fallback: StartPosition,
): StartPosition {
  const resume = checkpoint?.resume;
  if (!resume) return fallback;
  return {
    type: resume.kind === "AT" ? "AT_SEQUENCE_NUMBER" : "AFTER_SEQUENCE_NUMBER",
    sequenceNumber: resume.sequenceNumber,
  };
}
