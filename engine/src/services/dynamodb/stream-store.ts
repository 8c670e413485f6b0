/**
 * DynamoDB Streams storage: one record per item change, in per-shard sequence order.
 *
 * AWS (Streams developer guide): each change appears exactly once and in order per item; a write
 * that changes nothing writes no record; records are kept 24 hours; disabling a stream closes its
 * shard, whose records stay readable until they age out. The engine keeps one open shard per
 * enabled stream (AWS splits shards over time; a single shard keeps per-item order trivially).
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { STREAM_RETENTION_MS } from "./constants.ts";
import { encodeItem } from "./item-json.ts";
import type { StreamViewType, Table } from "./table-definition.ts";
import { type Item, itemSize } from "./values/index.ts";

export type ChangeKind = "INSERT" | "MODIFY" | "REMOVE";

export interface StreamRecord {
  eventID: string;
  eventName: ChangeKind;
  eventVersion: "1.1";
  eventSource: "aws:dynamodb";
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  userIdentity?: { type: "Service"; principalId: "dynamodb.amazonaws.com" };
}

export interface StoredStreamRecord {
  seq: number;
  streamArn: string;
  shardId: string;
  createdAt: number;
  record: StreamRecord;
}

export interface ShardInfo {
  streamArn: string;
  shardId: string;
  parentShardId: string | undefined;
  createdAt: number;
  closedAt: number | undefined;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
}

/** AWS sequence numbers are decimal strings (e.g. 13021600000000001596893679); ours grow with seq. */
export const sequenceNumberOf = (seq: number): string => (10n ** 20n + BigInt(seq)).toString();
export function seqOf(sequenceNumber: string): number | undefined {
  if (!/^[0-9]{21,40}$/.test(sequenceNumber)) return undefined;
  const value = BigInt(sequenceNumber) - 10n ** 20n;
  return value > 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

/** Called after a record is committed; pollers (Lambda, Pipes) subscribe. */
export type StreamListener = (streamArn: string) => void;

export class StreamStore {
  private readonly listeners = new Set<StreamListener>();
  private readonly s;

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.s = {
      openShard: db
        .prepare("SELECT shard_id FROM ddb_stream_shards WHERE stream_arn = ? AND closed_at IS NULL")
        .pluck(),
      insertShard: db.prepare(
        "INSERT INTO ddb_stream_shards (stream_arn, shard_id, table_id, parent_shard_id, created_at) VALUES (?, ?, ?, ?, ?)",
      ),
      closeShards: db.prepare(
        "UPDATE ddb_stream_shards SET closed_at = ? WHERE stream_arn = ? AND closed_at IS NULL",
      ),
      insertRecord: db.prepare(
        "INSERT INTO ddb_stream_records (stream_arn, shard_id, created_at, record, size) VALUES (?, ?, ?, ?, ?)",
      ),
      setSequence: db.prepare("UPDATE ddb_stream_records SET record = ? WHERE seq = ?"),
      shards: db.prepare(
        `SELECT s.stream_arn, s.shard_id, s.parent_shard_id, s.created_at, s.closed_at,
                (SELECT MIN(seq) FROM ddb_stream_records r WHERE r.stream_arn = s.stream_arn AND r.shard_id = s.shard_id AND r.created_at > @trim) AS first_seq,
                (SELECT MAX(seq) FROM ddb_stream_records r WHERE r.stream_arn = s.stream_arn AND r.shard_id = s.shard_id) AS last_seq
         FROM ddb_stream_shards s WHERE s.stream_arn = @arn ORDER BY s.created_at, s.shard_id`,
      ),
      records: db.prepare(
        "SELECT seq, stream_arn, shard_id, created_at, record FROM ddb_stream_records WHERE stream_arn = ? AND shard_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
      ),
      trim: db.prepare("DELETE FROM ddb_stream_records WHERE created_at <= ?"),
      streamArns: db.prepare("SELECT DISTINCT stream_arn FROM ddb_stream_shards").pluck(),
      tableOf: db.prepare("SELECT table_id FROM ddb_stream_shards WHERE stream_arn = ? LIMIT 1").pluck(),
    };
  }

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the first shard of a newly enabled stream. */
  open(table: Table, streamArn: string): void {
    if (this.s.openShard.get(streamArn)) return;
    this.s.insertShard.run(streamArn, newShardId(this.clock.now()), table.id, null, this.clock.now());
  }

  close(streamArn: string): void {
    this.s.closeShards.run(this.clock.now(), streamArn);
  }

  /**
   * Appends the record for one item change, shaped by the stream's view type. Returns the stream
   * ARN to notify once the surrounding transaction commits.
   */
  append(
    table: Table,
    change: {
      kind: ChangeKind;
      keys: Item;
      oldImage: Item | undefined;
      newImage: Item | undefined;
      byTtl?: boolean;
    },
  ): string | undefined {
    const stream = table.definition.stream;
    if (!stream?.enabled) return undefined;
    const shardId = this.s.openShard.get(stream.arn) as string | undefined;
    if (!shardId) return undefined;
    const now = this.clock.now();
    const view = stream.viewType;
    const record: StreamRecord = {
      eventID: randomBytes(16).toString("hex"),
      eventName: change.kind,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: table.definition.region,
      dynamodb: {
        // AWS: "rounded down to the closest second".
        ApproximateCreationDateTime: Math.floor(now / 1000),
        Keys: encodeItem(change.keys),
        SequenceNumber: "",
        SizeBytes: 0,
        StreamViewType: view,
      },
    };
    if ((view === "NEW_IMAGE" || view === "NEW_AND_OLD_IMAGES") && change.newImage) {
      record.dynamodb.NewImage = encodeItem(change.newImage);
    }
    if ((view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES") && change.oldImage) {
      record.dynamodb.OldImage = encodeItem(change.oldImage);
    }
    if (change.byTtl) record.userIdentity = { type: "Service", principalId: "dynamodb.amazonaws.com" };
    // AWS does not document SizeBytes' formula; the engine counts keys and images by item-size rules.
    record.dynamodb.SizeBytes =
      itemSize(change.keys) +
      (record.dynamodb.NewImage && change.newImage ? itemSize(change.newImage) : 0) +
      (record.dynamodb.OldImage && change.oldImage ? itemSize(change.oldImage) : 0);
    const info = this.s.insertRecord.run(stream.arn, shardId, now, "", record.dynamodb.SizeBytes);
    const seq = Number(info.lastInsertRowid);
    record.dynamodb.SequenceNumber = sequenceNumberOf(seq);
    this.s.setSequence.run(JSON.stringify(record), seq);
    return stream.arn;
  }

  notify(streamArn: string): void {
    for (const listener of this.listeners) listener(streamArn);
  }

  shards(streamArn: string): ShardInfo[] {
    const trimBefore = this.clock.now() - STREAM_RETENTION_MS;
    return (
      this.s.shards.all({ arn: streamArn, trim: trimBefore }) as Array<{
        stream_arn: string;
        shard_id: string;
        parent_shard_id: string | null;
        created_at: number;
        closed_at: number | null;
        first_seq: number | null;
        last_seq: number | null;
      }>
    ).map((row) => ({
      streamArn: row.stream_arn,
      shardId: row.shard_id,
      parentShardId: row.parent_shard_id ?? undefined,
      createdAt: row.created_at,
      closedAt: row.closed_at ?? undefined,
      firstSeq: row.first_seq ?? undefined,
      lastSeq: row.last_seq ?? undefined,
    }));
  }

  streamArns(): string[] {
    return this.s.streamArns.all() as string[];
  }

  tableIdOf(streamArn: string): number | undefined {
    return (this.s.tableOf.get(streamArn) as number | null | undefined) ?? undefined;
  }

  read(streamArn: string, shardId: string, fromSeq: number, limit: number): StoredStreamRecord[] {
    return (
      this.s.records.all(streamArn, shardId, fromSeq, limit) as Array<{
        seq: number;
        stream_arn: string;
        shard_id: string;
        created_at: number;
        record: string;
      }>
    ).map((row) => ({
      seq: row.seq,
      streamArn: row.stream_arn,
      shardId: row.shard_id,
      createdAt: row.created_at,
      record: JSON.parse(row.record) as StreamRecord,
    }));
  }

  /** Drops records older than the 24-hour retention. */
  trim(): void {
    this.s.trim.run(this.clock.now() - STREAM_RETENTION_MS);
  }
}

/** AWS shard ids look like shardId-00000001700000000000-1a2b3c4d. */
function newShardId(now: number): string {
  return `shardId-${String(now).padStart(20, "0")}-${randomBytes(4).toString("hex")}`;
}
