/**
 * Reads one shard in order through the in-process DynamoDB Streams client, keeping a shard
 * iterator and renewing it when it expires (DynamoDB Streams iterators last 15 minutes) from the
 * last record read. A resume point the stream has trimmed (records older than 24 hours) falls back
 * to the trim horizon, as the oldest records still there are the next ones in order.
 */
import type { InProcessClient } from "../../services/in-process.ts";
import type { Logger } from "../../shared/logger.ts";
import type { WireStreamRecord } from "./stream-records.ts";

export type StartPosition =
  | { type: "TRIM_HORIZON" }
  | { type: "LATEST" }
  | { type: "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER"; sequenceNumber: string };

const errorCode = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

export class ShardReader {
  private iterator: string | undefined;
  /** The last record read, from which a new iterator continues. */
  private lastRead: string | undefined;

  constructor(
    private readonly client: InProcessClient,
    private readonly logger: Logger,
    private readonly streamArn: string,
    private readonly region: string,
    readonly shardId: string,
    private start: StartPosition,
  ) {}

  /** Up to `limit` records; `ended` once a closed shard has nothing more. */
  async read(limit: number): Promise<{ records: WireStreamRecord[]; ended: boolean }> {
    let output: { Records?: WireStreamRecord[]; NextShardIterator?: string } | undefined;
    for (let attempt = 0; !output; attempt++) {
      this.iterator ??= await this.newIterator();
      try {
        output = await this.call("GetRecords", { ShardIterator: this.iterator, Limit: limit });
      } catch (error) {
        const code = errorCode(error);
        if (attempt > 0 || (code !== "ExpiredIteratorException" && code !== "TrimmedDataAccessException"))
          throw error;
        this.iterator = undefined;
        if (code === "TrimmedDataAccessException") this.fallBackToTrimHorizon();
      }
    }
    const records = output.Records ?? [];
    const last = records.at(-1);
    if (last) this.lastRead = last.dynamodb.SequenceNumber;
    this.iterator = output.NextShardIterator;
    return { records, ended: this.iterator === undefined };
  }

  private async newIterator(): Promise<string> {
    const position: StartPosition = this.lastRead
      ? { type: "AFTER_SEQUENCE_NUMBER", sequenceNumber: this.lastRead }
      : this.start;
    try {
      return await this.iteratorAt(position);
    } catch (error) {
      const code = errorCode(error);
      if (position.type === "TRIM_HORIZON" || position.type === "LATEST") throw error;
      if (code !== "TrimmedDataAccessException" && code !== "ValidationException") throw error;
      this.logger.warn(
        "stream mapping's checkpoint is no longer in the shard; reading from the trim horizon",
        {
          stream: this.streamArn,
          shard: this.shardId,
          sequenceNumber: position.sequenceNumber,
        },
      );
      this.fallBackToTrimHorizon();
      return this.iteratorAt(this.start);
    }
  }

  private fallBackToTrimHorizon(): void {
    this.lastRead = undefined;
    this.start = { type: "TRIM_HORIZON" };
  }

  private async iteratorAt(position: StartPosition): Promise<string> {
    const output = await this.call<{ ShardIterator: string }>("GetShardIterator", {
      StreamArn: this.streamArn,
      ShardId: this.shardId,
      ShardIteratorType: position.type,
      ...("sequenceNumber" in position && { SequenceNumber: position.sequenceNumber }),
    });
    return output.ShardIterator;
  }

  private call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
    return this.client.call<T>("dynamodbstreams", operation, input, { region: this.region });
  }
}
