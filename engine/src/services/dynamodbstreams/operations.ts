/** ListStreams, DescribeStream, GetShardIterator and GetRecords over the stream store. */
import type * as Streams from "@aws-sdk/client-dynamodb-streams";
import type { RequestContext } from "../../server/context.ts";
import type { Clock } from "../../shared/clock.ts";
import {
  MAX_DESCRIBE_STREAM_SHARDS,
  MAX_GET_RECORDS,
  MAX_GET_RECORDS_BYTES,
  MAX_LIST_STREAMS,
  SHARD_ITERATOR_TTL_MS,
} from "../dynamodb/constants.ts";
import { LimitExceededException, ValidationException } from "../dynamodb/errors.ts";
import {
  type ShardInfo,
  type StreamInfo,
  type StreamStore,
  seqOf,
  sequenceNumberOf,
} from "../dynamodb/stream-store.ts";
import {
  ExpiredIteratorException,
  shardNotFound,
  streamNotFound,
  TrimmedDataAccessException,
} from "./errors.ts";
import { decodeShardIterator, encodeShardIterator } from "./shard-iterator.ts";

type Handler = (input: never, context: RequestContext) => unknown;

const byArn = (context: RequestContext) => (stream: StreamInfo | undefined) =>
  stream && stream.accountId === context.accountId && stream.region === context.region ? stream : undefined;

/** The first sequence a reader may still get from the shard. */
const oldestReadable = (shard: ShardInfo): number =>
  Math.max(shard.startSeq, (shard.trimmedThrough ?? 0) + 1);

function describeShard(shard: ShardInfo): Streams.Shard {
  // AWS: a shard with an EndingSequenceNumber is closed; an open one has only a start.
  const range: Streams.SequenceNumberRange = { StartingSequenceNumber: sequenceNumberOf(shard.startSeq) };
  if (shard.closedAt !== undefined)
    range.EndingSequenceNumber = sequenceNumberOf(shard.lastSeq ?? shard.startSeq);
  return {
    ShardId: shard.shardId,
    SequenceNumberRange: range,
    ...(shard.parentShardId && { ParentShardId: shard.parentShardId }),
  };
}

export function streamsOperations(deps: { clock: Clock; streams: StreamStore }): Record<string, Handler> {
  const { clock, streams } = deps;

  function streamOf(arn: string, context: RequestContext): StreamInfo {
    const stream = byArn(context)(streams.stream(arn));
    if (!stream) throw streamNotFound(arn);
    return stream;
  }

  function shardOf(stream: StreamInfo, shardId: string): ShardInfo {
    const shard = streams.shards(stream.arn).find((s) => s.shardId === shardId);
    if (!shard) throw shardNotFound(shardId);
    return shard;
  }

  return {
    ListStreams(input: Streams.ListStreamsInput, context) {
      const limit = Math.min(input.Limit ?? MAX_LIST_STREAMS, MAX_LIST_STREAMS);
      const start = input.ExclusiveStartStreamArn;
      const matching = streams
        .streams(context.accountId, context.region)
        .filter((s) => input.TableName === undefined || s.tableName === input.TableName)
        .filter((s) => start === undefined || s.arn > start);
      const page = matching.slice(0, limit);
      const output: Streams.ListStreamsOutput = {
        Streams: page.map((s) => ({ StreamArn: s.arn, TableName: s.tableName, StreamLabel: s.label })),
      };
      if (matching.length > limit) output.LastEvaluatedStreamArn = page.at(-1)!.arn;
      return output;
    },

    DescribeStream(input: Streams.DescribeStreamInput, context) {
      const stream = streamOf(input.StreamArn!, context);
      const limit = Math.min(input.Limit ?? MAX_DESCRIBE_STREAM_SHARDS, MAX_DESCRIBE_STREAM_SHARDS);
      const start = input.ExclusiveStartShardId;
      const filter = input.ShardFilter;
      const matching = streams
        .shards(stream.arn)
        .filter((s) => filter?.Type !== "CHILD_SHARDS" || s.parentShardId === filter.ShardId)
        .filter((s) => start === undefined || s.shardId > start);
      const page = matching.slice(0, limit);
      const description = {
        StreamArn: stream.arn,
        StreamLabel: stream.label,
        StreamStatus: stream.disabledAt === undefined ? "ENABLED" : "DISABLED",
        StreamViewType: stream.viewType,
        // Epoch seconds on the wire, as every awsJson timestamp.
        CreationRequestDateTime: stream.createdAt / 1000,
        TableName: stream.tableName,
        KeySchema: [
          { AttributeName: stream.key.hashKey, KeyType: "HASH" },
          ...(stream.key.rangeKey ? [{ AttributeName: stream.key.rangeKey, KeyType: "RANGE" }] : []),
        ],
        Shards: page.map(describeShard),
        ...(matching.length > limit && { LastEvaluatedShardId: page.at(-1)!.shardId }),
      };
      return { StreamDescription: description };
    },

    GetShardIterator(input: Streams.GetShardIteratorInput, context) {
      const stream = streamOf(input.StreamArn!, context);
      const shard = shardOf(stream, input.ShardId!);
      const type = input.ShardIteratorType;
      let next: number;
      if (type === "TRIM_HORIZON") next = oldestReadable(shard);
      else if (type === "LATEST") next = Math.max(shard.startSeq, (shard.lastSeq ?? 0) + 1);
      else {
        if (input.SequenceNumber === undefined) {
          // Unverified wording.
          throw new ValidationException(
            `Must specify a SequenceNumber when the ShardIteratorType is ${type}`,
          );
        }
        const seq = seqOf(input.SequenceNumber);
        if (seq !== undefined && seq < oldestReadable(shard) && seq >= shard.startSeq)
          throw new TrimmedDataAccessException();
        if (seq === undefined || seq < shard.startSeq || seq > (shard.lastSeq ?? 0)) {
          // Unverified wording: AWS rejects a sequence number outside the shard's range.
          throw new ValidationException(
            `Invalid SequenceNumber for ShardIteratorType ${type}: ${input.SequenceNumber} is not in the range of shard ${shard.shardId}`,
          );
        }
        next = type === "AT_SEQUENCE_NUMBER" ? seq : seq + 1;
      }
      return {
        ShardIterator: encodeShardIterator({
          streamArn: stream.arn,
          shardId: shard.shardId,
          next,
          issuedAt: clock.now(),
        }),
      };
    },

    GetRecords(input: Streams.GetRecordsInput, context) {
      const iterator = decodeShardIterator(input.ShardIterator!);
      if (!iterator) throw new ValidationException("Invalid ShardIterator");
      if (input.Limit !== undefined && input.Limit > MAX_GET_RECORDS) {
        // AWS (model): "GetRecords was called with a value of more than 1000 for the limit
        // request parameter." Unverified wording.
        throw new LimitExceededException(`Limit cannot be greater than ${MAX_GET_RECORDS}`);
      }
      if (clock.now() - iterator.issuedAt > SHARD_ITERATOR_TTL_MS) throw new ExpiredIteratorException();
      const stream = streamOf(iterator.streamArn, context);
      const shard = shardOf(stream, iterator.shardId);
      // AWS: records the iterator points at were trimmed since it was issued.
      if (iterator.next < oldestReadable(shard)) throw new TrimmedDataAccessException();
      const rows = streams.read(stream.arn, shard.shardId, iterator.next, input.Limit ?? MAX_GET_RECORDS);
      const records: unknown[] = [];
      let bytes = 0;
      let next = iterator.next;
      for (const row of rows) {
        // AWS: at most 1 MB per call (a single larger record is still returned).
        const size = row.record.dynamodb.SizeBytes;
        if (records.length > 0 && bytes + size > MAX_GET_RECORDS_BYTES) break;
        records.push(row.record);
        bytes += size;
        next = row.seq + 1;
      }
      const output: Record<string, unknown> = { Records: records };
      // AWS: NextShardIterator is null once a closed shard has nothing more to return.
      const exhausted = shard.closedAt !== undefined && next > (shard.lastSeq ?? 0);
      if (!exhausted)
        output.NextShardIterator = encodeShardIterator({ ...iterator, next, issuedAt: clock.now() });
      return output;
    },
  };
}
