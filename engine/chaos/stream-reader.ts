/**
 * Reads a whole DynamoDB stream as a consumer would: every shard (parents before children), each
 * from TRIM_HORIZON through GetRecords until a closed shard ends or an open one has nothing more.
 */
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";

/** AWS: GetRecords returns at most 1000 records (DynamoDB Streams API Reference, Limit). */
const GET_RECORDS_LIMIT = 1000;

async function shardsOf(streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let start: string | undefined;
  do {
    const { StreamDescription } = await streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    start = StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return shards;
}

/** Parents before children; siblings in the order DescribeStream listed them. */
function lineage(shards: readonly Shard[]): Shard[] {
  const ids = new Set(shards.map((s) => s.ShardId));
  const ordered: Shard[] = [];
  const placed = new Set<string>();
  const place = (shard: Shard) => {
    if (placed.has(shard.ShardId!)) return;
    const parent = shards.find((s) => s.ShardId === shard.ParentShardId);
    if (parent && ids.has(parent.ShardId)) place(parent);
    placed.add(shard.ShardId!);
    ordered.push(shard);
  };
  for (const shard of shards) place(shard);
  return ordered;
}

export interface StreamRead {
  records: StreamRecord[];
  shards: number;
  /** Breaches of the stream's own rules: sequence numbers must increase within a shard. */
  breaches: string[];
}

export async function readWholeStream(
  streams: DynamoDBStreamsClient,
  streamArn: string,
): Promise<StreamRead> {
  const shards = lineage(await shardsOf(streams, streamArn));
  const records: StreamRecord[] = [];
  const breaches: string[] = [];
  for (const shard of shards) {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    let iterator = ShardIterator;
    let previous: bigint | undefined;
    while (iterator) {
      const page = await streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }),
      );
      for (const record of page.Records ?? []) {
        const sequence = BigInt(record.dynamodb!.SequenceNumber!);
        if (previous !== undefined && sequence <= previous) {
          breaches.push(`stream: shard ${shard.ShardId} has sequence ${sequence} after ${previous}`);
        }
        previous = sequence;
        records.push(record);
      }
      const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      if (open && (page.Records ?? []).length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return { records, shards: shards.length, breaches };
}
