/**
 * Amazon DynamoDB Streams (API 2012-08-10, awsJson 1.0, target prefix DynamoDBStreams_20120810):
 * ListStreams, DescribeStream, GetShardIterator, GetRecords over the records the DynamoDB item
 * store appends (see services/dynamodb/stream-store.ts).
 *
 * LIMITATIONS
 * - One open shard per enabled stream; AWS splits and rolls shards over time (about every four
 *   hours). Readers that follow ParentShardId lineage still work; there is simply none.
 * - No limit of two concurrent readers per shard.
 */
import { randomBytes } from "node:crypto";
import type * as Streams from "@aws-sdk/client-dynamodb-streams";
import streamsModel from "../../models/dynamodbstreams.json" with { type: "json" };
import { coralValidationMessage } from "../../protocol/coral-validation.ts";
import { UnknownOperationException } from "../../protocol/errors.ts";
import type { ServiceModel } from "../../protocol/model.ts";
import type { RequestContext } from "../../server/context.ts";
import type { Clock } from "../../shared/clock.ts";
import {
  MAX_GET_RECORDS,
  MAX_GET_RECORDS_BYTES,
  SHARD_ITERATOR_TTL_MS,
  STREAM_RETENTION_MS,
} from "../dynamodb/constants.ts";
import { DynamoDbError, ResourceNotFoundException, ValidationException } from "../dynamodb/errors.ts";
import { type ShardInfo, type StreamStore, seqOf, sequenceNumberOf } from "../dynamodb/stream-store.ts";
import type { Table } from "../dynamodb/table-definition.ts";
import type { OperationHandler, ServiceDefinition } from "../service.ts";

const model = streamsModel as unknown as ServiceModel;

export interface StreamTables {
  /** Tables of the caller's account and region, for ListStreams. */
  list(accountId: string, region: string): Table[];
  byId(id: number): Table | undefined;
}

interface Iterator {
  streamArn: string;
  shardId: string;
  /** Next record sequence (internal) to return. */
  next: number;
  issuedAt: number;
}

const ITERATOR_PREFIX = "arn:aws:dynamodb:iterator/";

function encodeIterator(iterator: Iterator): string {
  const body = Buffer.from(JSON.stringify(iterator)).toString("base64url");
  return `${ITERATOR_PREFIX}${randomBytes(4).toString("hex")}|${body}`;
}

function decodeIterator(text: string): Iterator | undefined {
  if (!text.startsWith(ITERATOR_PREFIX)) return undefined;
  const body = text.slice(text.indexOf("|") + 1);
  try {
    const parsed = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Iterator;
    if (
      typeof parsed.streamArn === "string" &&
      typeof parsed.shardId === "string" &&
      Number.isInteger(parsed.next)
    )
      return parsed;
  } catch {
    // not ours
  }
  return undefined;
}

class ExpiredIteratorException extends DynamoDbError {
  constructor() {
    super("ExpiredIteratorException", "Iterator expired. The iterator was created more than 15 minutes ago.");
  }
}

class TrimmedDataAccessException extends DynamoDbError {
  constructor() {
    super(
      "TrimmedDataAccessException",
      "The operation attempted to read past the oldest stream record in a shard.",
    );
  }
}

export function createDynamoDbStreamsService(deps: {
  clock: Clock;
  streams: StreamStore;
  tables: StreamTables;
}): ServiceDefinition {
  const { clock, streams, tables } = deps;

  const streamNotFound = (arn: string) =>
    new ResourceNotFoundException(`Requested resource not found: Stream: ${arn} not found`);

  function tableOfStream(arn: string): Table {
    const tableId = streams.tableIdOf(arn);
    const table = tableId === undefined ? undefined : tables.byId(tableId);
    if (!table) throw streamNotFound(arn);
    return table;
  }

  function shardOf(arn: string, shardId: string): ShardInfo {
    const shard = streams.shards(arn).find((s) => s.shardId === shardId);
    if (!shard) throw new ResourceNotFoundException(`Requested resource not found: Shard does not exist`);
    return shard;
  }

  const labelOf = (arn: string) => arn.slice(arn.lastIndexOf("/") + 1);

  const operations: Record<string, (input: never, ctx: RequestContext) => unknown> = {
    ListStreams(input: Streams.ListStreamsInput, ctx) {
      const known = new Set(streams.streamArns());
      let entries = tables
        .list(ctx.accountId, ctx.region)
        .filter((t) => !input.TableName || t.definition.name === input.TableName)
        .flatMap((t) =>
          t.definition.stream && known.has(t.definition.stream.arn)
            ? [{ table: t, arn: t.definition.stream.arn }]
            : [],
        )
        .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
      if (input.ExclusiveStartStreamArn)
        entries = entries.filter((e) => e.arn > input.ExclusiveStartStreamArn!);
      const limit = input.Limit ?? 100;
      const page = entries.slice(0, limit);
      const result: Streams.ListStreamsOutput = {
        Streams: page.map((e) => ({
          StreamArn: e.arn,
          TableName: e.table.definition.name,
          StreamLabel: labelOf(e.arn),
        })),
      };
      if (entries.length > limit) result.LastEvaluatedStreamArn = page.at(-1)!.arn;
      return result;
    },

    DescribeStream(input: Streams.DescribeStreamInput) {
      const arn = input.StreamArn!;
      const table = tableOfStream(arn);
      const def = table.definition;
      const current = def.stream?.arn === arn ? def.stream : undefined;
      let shards = streams.shards(arn);
      if (input.ExclusiveStartShardId)
        shards = shards.filter((s) => s.shardId > input.ExclusiveStartShardId!);
      const limit = input.Limit ?? 100;
      const page = shards.slice(0, limit);
      const description: Record<string, unknown> = {
        StreamArn: arn,
        StreamLabel: labelOf(arn),
        StreamStatus: current?.enabled ? "ENABLED" : "DISABLED",
        StreamViewType: current?.viewType ?? def.stream?.viewType,
        CreationRequestDateTime: Date.parse(`${labelOf(arn)}Z`) / 1000,
        TableName: def.name,
        KeySchema: [
          { AttributeName: def.key.hashKey, KeyType: "HASH" },
          ...(def.key.rangeKey ? [{ AttributeName: def.key.rangeKey, KeyType: "RANGE" }] : []),
        ],
        Shards: page.map((s) => ({
          ShardId: s.shardId,
          ...(s.parentShardId ? { ParentShardId: s.parentShardId } : {}),
          SequenceNumberRange: {
            ...(s.firstSeq !== undefined
              ? { StartingSequenceNumber: sequenceNumberOf(s.firstSeq) }
              : { StartingSequenceNumber: sequenceNumberOf((s.lastSeq ?? 0) + 1) }),
            ...(s.closedAt !== undefined && s.lastSeq !== undefined
              ? { EndingSequenceNumber: sequenceNumberOf(s.lastSeq) }
              : {}),
          },
        })),
      };
      if (shards.length > limit) description.LastEvaluatedShardId = page.at(-1)!.shardId;
      return { StreamDescription: description };
    },

    GetShardIterator(input: Streams.GetShardIteratorInput) {
      const arn = input.StreamArn!;
      tableOfStream(arn);
      const shard = shardOf(arn, input.ShardId!);
      const type = input.ShardIteratorType;
      let next: number;
      if (type === "TRIM_HORIZON") next = shard.firstSeq ?? (shard.lastSeq ?? 0) + 1;
      else if (type === "LATEST") next = (shard.lastSeq ?? 0) + 1;
      else {
        if (!input.SequenceNumber) {
          throw new ValidationException(
            "Must specify SequenceNumber when ShardIteratorType is AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER",
          );
        }
        const seq = seqOf(input.SequenceNumber);
        if (seq === undefined)
          throw new ValidationException(`Invalid SequenceNumber: ${input.SequenceNumber}`);
        if (shard.firstSeq !== undefined && seq < shard.firstSeq) throw new TrimmedDataAccessException();
        next = type === "AT_SEQUENCE_NUMBER" ? seq : seq + 1;
      }
      return {
        ShardIterator: encodeIterator({
          streamArn: arn,
          shardId: shard.shardId,
          next,
          issuedAt: clock.now(),
        }),
      };
    },

    GetRecords(input: Streams.GetRecordsInput) {
      const iterator = decodeIterator(input.ShardIterator ?? "");
      if (!iterator) throw new ValidationException("Invalid ShardIterator");
      if (clock.now() - iterator.issuedAt > SHARD_ITERATOR_TTL_MS) throw new ExpiredIteratorException();
      const shard = shardOf(iterator.streamArn, iterator.shardId);
      if (shard.firstSeq !== undefined && iterator.next < shard.firstSeq) {
        const oldest = clock.now() - STREAM_RETENTION_MS;
        if (shard.createdAt < oldest) throw new TrimmedDataAccessException();
      }
      const limit = input.Limit ?? MAX_GET_RECORDS;
      const rows = streams.read(iterator.streamArn, iterator.shardId, iterator.next, limit);
      const records: unknown[] = [];
      let bytes = 0;
      let next = iterator.next;
      for (const row of rows) {
        const size = row.record.dynamodb.SizeBytes;
        if (records.length > 0 && bytes + size > MAX_GET_RECORDS_BYTES) break;
        records.push(row.record);
        bytes += size;
        next = row.seq + 1;
      }
      const exhausted = shard.closedAt !== undefined && (shard.lastSeq === undefined || next > shard.lastSeq);
      const result: Record<string, unknown> = { Records: records };
      // AWS: a closed shard whose records are all read returns no NextShardIterator.
      if (!exhausted) result.NextShardIterator = encodeIterator({ ...iterator, next, issuedAt: clock.now() });
      return result;
    },
  };

  return {
    name: "dynamodbstreams",
    signingNames: [],
    model,
    jsonErrorNamespace: "com.amazonaws.dynamodb.v20120810",
    query: false,
    maxRequestBytes: 1024 * 1024,
    inputErrors: {
      invalidType: () => new ValidationException("Start of structure or map found where not expected."),
    },
    validateInput(operation, input) {
      const shape = model.operations[operation]?.input;
      const message = shape ? coralValidationMessage(model, shape, input) : undefined;
      if (message) throw new ValidationException(message);
    },
    missingParameter: (path) =>
      new ValidationException(
        `Value null at '${path}' failed to satisfy constraint: Member must not be null`,
      ),
    unknownOperation: () => new UnknownOperationException(),
    operations: operations as Record<string, OperationHandler>,
  };
}
