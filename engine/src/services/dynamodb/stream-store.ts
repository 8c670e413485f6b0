/**
 * DynamoDB Streams storage: one record per item change, in per-shard sequence order.
 *
 * AWS (Streams developer guide, DeleteTable): each change appears exactly once and in order per
 * item; a write that changes nothing writes no record; records are kept 24 hours; disabling a
 * stream (or deleting its table) closes its shard, and the stream stays readable for 24 hours
 * before it is deleted. The engine keeps one shard per stream (AWS splits and rolls shards over
 * time; a single shard keeps per-item order trivially).
 *
 * Records are stored in the GetRecords wire shape (the DynamoDB Streams model): `userIdentity` is
 * `{PrincipalId, Type}` there; Lambda's event shape (`{principalId, type}`) is its consumer's to make.
 * Sequence numbers come from one engine-wide counter, so they grow within a shard but skip the
 * numbers other streams took.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { STREAM_RETENTION_MS } from "./constants.ts";
import { encodeItem } from "./item-json.ts";
import type { KeySchema, StreamViewType, Table } from "./table-definition.ts";
import { type Item, itemSize } from "./values/index.ts";

export type ChangeKind = "INSERT" | "MODIFY" | "REMOVE";

/** AWS: TTL deletions are made by the DynamoDB service principal. */
export const TTL_IDENTITY = { PrincipalId: "dynamodb.amazonaws.com", Type: "Service" } as const;

export interface StreamRecord {
  eventID: string;
  eventName: ChangeKind;
  eventVersion: "1.1";
  eventSource: "aws:dynamodb";
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, "rounded down to the closest second". */
    ApproximateCreationDateTime: number;
    Keys: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  userIdentity?: typeof TTL_IDENTITY;
}

export interface StoredStreamRecord {
  seq: number;
  createdAt: number;
  record: StreamRecord;
}

export interface StreamInfo {
  arn: string;
  label: string;
  accountId: string;
  region: string;
  tableName: string;
  key: KeySchema;
  viewType: StreamViewType;
  createdAt: number;
  disabledAt: number | undefined;
}

export interface ShardInfo {
  shardId: string;
  parentShardId: string | undefined;
  createdAt: number;
  closedAt: number | undefined;
  /** The first sequence the shard could hold. */
  startSeq: number;
  /** The last sequence trimmed away (records up to it are gone), if any. */
  trimmedThrough: number | undefined;
  /** The last sequence the shard ever held (trimmed or not), if any. */
  lastSeq: number | undefined;
}

/** AWS sequence numbers are decimal strings (e.g. 13021600000000001596893679); ours grow with seq. */
const SEQUENCE_BASE = 10n ** 20n;
export const sequenceNumberOf = (seq: number): string => (SEQUENCE_BASE + BigInt(seq)).toString();
export function seqOf(sequenceNumber: string): number | undefined {
  if (!/^[0-9]{21,40}$/.test(sequenceNumber)) return undefined;
  const value = BigInt(sequenceNumber) - SEQUENCE_BASE;
  return value > 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

/** Called after a record is committed; pollers (Lambda, Pipes) subscribe. */
export type StreamListener = (streamArn: string) => void;

interface StreamRow {
  stream_arn: string;
  account_id: string;
  region: string;
  table_name: string;
  key_schema: string;
  view_type: StreamViewType;
  created_at: number;
  disabled_at: number | null;
}

interface ShardRow {
  shard_id: string;
  parent_shard_id: string | null;
  created_at: number;
  closed_at: number | null;
  start_seq: number | null;
  trimmed_through: number | null;
  first_seq: number | null;
  last_seq: number | null;
}

const streamInfo = (row: StreamRow): StreamInfo => ({
  arn: row.stream_arn,
  label: row.stream_arn.slice(row.stream_arn.lastIndexOf("/") + 1),
  accountId: row.account_id,
  region: row.region,
  tableName: row.table_name,
  key: JSON.parse(row.key_schema) as KeySchema,
  viewType: row.view_type,
  createdAt: row.created_at,
  disabledAt: row.disabled_at ?? undefined,
});

export class StreamStore {
  private readonly listeners = new Set<StreamListener>();
  private readonly s;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.s = {
      insertStream: db.prepare(
        `INSERT OR IGNORE INTO ddb_streams (stream_arn, account_id, region, table_name, key_schema, view_type, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      disableStream: db.prepare(
        "UPDATE ddb_streams SET disabled_at = ? WHERE stream_arn = ? AND disabled_at IS NULL",
      ),
      stream: db.prepare(
        "SELECT * FROM ddb_streams WHERE stream_arn = ? AND (disabled_at IS NULL OR disabled_at > ?)",
      ),
      streams: db.prepare(
        `SELECT * FROM ddb_streams WHERE account_id = ? AND region = ? AND (disabled_at IS NULL OR disabled_at > ?)
         ORDER BY stream_arn`,
      ),
      nextSeq: db
        .prepare(
          "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'ddb_stream_records'), 0) + 1",
        )
        .pluck(),
      openShard: db
        .prepare("SELECT shard_id FROM ddb_stream_shards WHERE stream_arn = ? AND closed_at IS NULL")
        .pluck(),
      insertShard: db.prepare(
        "INSERT INTO ddb_stream_shards (stream_arn, shard_id, table_id, parent_shard_id, created_at, start_seq) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      closeShards: db.prepare(
        "UPDATE ddb_stream_shards SET closed_at = ? WHERE stream_arn = ? AND closed_at IS NULL",
      ),
      insertRecord: db.prepare(
        "INSERT INTO ddb_stream_records (stream_arn, shard_id, created_at, record, size) VALUES (?, ?, ?, '', ?)",
      ),
      setRecord: db.prepare("UPDATE ddb_stream_records SET record = ? WHERE seq = ?"),
      shards: db.prepare(
        `SELECT s.shard_id, s.parent_shard_id, s.created_at, s.closed_at, s.start_seq, s.trimmed_through,
                (SELECT MIN(seq) FROM ddb_stream_records r WHERE r.stream_arn = s.stream_arn AND r.shard_id = s.shard_id) AS first_seq,
                (SELECT MAX(seq) FROM ddb_stream_records r WHERE r.stream_arn = s.stream_arn AND r.shard_id = s.shard_id) AS last_seq
         FROM ddb_stream_shards s WHERE s.stream_arn = ? ORDER BY s.created_at, s.shard_id`,
      ),
      records: db.prepare(
        "SELECT seq, created_at, record FROM ddb_stream_records WHERE stream_arn = ? AND shard_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
      ),
      markTrimmed: db.prepare(
        `UPDATE ddb_stream_shards SET trimmed_through = trimmed.last
         FROM (SELECT stream_arn, shard_id, MAX(seq) AS last FROM ddb_stream_records WHERE created_at <= ?
               GROUP BY stream_arn, shard_id) AS trimmed
         WHERE ddb_stream_shards.stream_arn = trimmed.stream_arn AND ddb_stream_shards.shard_id = trimmed.shard_id`,
      ),
      trimRecords: db.prepare("DELETE FROM ddb_stream_records WHERE created_at <= ?"),
      expiredStreams: db.prepare("SELECT stream_arn FROM ddb_streams WHERE disabled_at <= ?").pluck(),
      deleteStream: db.prepare("DELETE FROM ddb_streams WHERE stream_arn = ?"),
      deleteShards: db.prepare("DELETE FROM ddb_stream_shards WHERE stream_arn = ?"),
      deleteRecords: db.prepare("DELETE FROM ddb_stream_records WHERE stream_arn = ?"),
    };
  }

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a newly enabled stream (its ARN and label are new) and opens its first shard. */
  open(table: Table, streamArn: string): void {
    const def = table.definition;
    const now = this.clock.now();
    this.s.insertStream.run(
      streamArn,
      def.accountId,
      def.region,
      def.name,
      JSON.stringify(def.key),
      def.stream!.viewType,
      now,
    );
    if (this.s.openShard.get(streamArn)) return;
    this.s.insertShard.run(streamArn, newShardId(now), table.id, null, now, this.s.nextSeq.get());
  }

  /** Disables a stream: its shard closes; it stays readable for the retention period. */
  close(streamArn: string): void {
    const now = this.clock.now();
    this.s.disableStream.run(now, streamArn);
    this.s.closeShards.run(now, streamArn);
  }

  /**
   * Appends the record for one item change, shaped by the stream's view type, inside the caller's
   * transaction. Returns the stream ARN to notify once that transaction commits.
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
    const newImage = (view === "NEW_IMAGE" || view === "NEW_AND_OLD_IMAGES") && change.newImage;
    const oldImage = (view === "OLD_IMAGE" || view === "NEW_AND_OLD_IMAGES") && change.oldImage;
    // AWS does not document SizeBytes' formula; the engine counts keys and images by item-size rules.
    const size =
      itemSize(change.keys) + (newImage ? itemSize(newImage) : 0) + (oldImage ? itemSize(oldImage) : 0);
    const seq = Number(this.s.insertRecord.run(stream.arn, shardId, now, size).lastInsertRowid);
    const record: StreamRecord = {
      eventID: randomBytes(16).toString("hex"),
      eventName: change.kind,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: table.definition.region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(now / 1000),
        Keys: encodeItem(change.keys),
        ...(newImage && { NewImage: encodeItem(newImage) }),
        ...(oldImage && { OldImage: encodeItem(oldImage) }),
        SequenceNumber: sequenceNumberOf(seq),
        SizeBytes: size,
        StreamViewType: view,
      },
      ...(change.byTtl && { userIdentity: TTL_IDENTITY }),
    };
    this.s.setRecord.run(JSON.stringify(record), seq);
    return stream.arn;
  }

  notify(streamArn: string): void {
    for (const listener of this.listeners) listener(streamArn);
  }

  /** A stream that still exists (enabled, or disabled less than the retention period ago). */
  stream(streamArn: string): StreamInfo | undefined {
    const row = this.s.stream.get(streamArn, this.retentionStart()) as StreamRow | undefined;
    return row && streamInfo(row);
  }

  /** The existing streams of an account and region, in ARN order. */
  streams(accountId: string, region: string): StreamInfo[] {
    return (this.s.streams.all(accountId, region, this.retentionStart()) as StreamRow[]).map(streamInfo);
  }

  shards(streamArn: string): ShardInfo[] {
    return (this.s.shards.all(streamArn) as ShardRow[]).map((row) => {
      const lastSeq = Math.max(row.last_seq ?? 0, row.trimmed_through ?? 0);
      return {
        shardId: row.shard_id,
        parentShardId: row.parent_shard_id ?? undefined,
        createdAt: row.created_at,
        closedAt: row.closed_at ?? undefined,
        // Shards opened before start_seq was kept start at their first record.
        startSeq: row.start_seq ?? row.first_seq ?? row.trimmed_through ?? 1,
        trimmedThrough: row.trimmed_through ?? undefined,
        lastSeq: lastSeq > 0 ? lastSeq : undefined,
      };
    });
  }

  read(streamArn: string, shardId: string, fromSeq: number, limit: number): StoredStreamRecord[] {
    return (
      this.s.records.all(streamArn, shardId, fromSeq, limit) as Array<{
        seq: number;
        created_at: number;
        record: string;
      }>
    ).map((row) => ({
      seq: row.seq,
      createdAt: row.created_at,
      record: JSON.parse(row.record) as StreamRecord,
    }));
  }

  /** Drops records older than the 24-hour retention, and streams disabled longer than that. */
  trim(): void {
    const before = this.retentionStart();
    this.db.transaction(() => {
      this.s.markTrimmed.run(before);
      this.s.trimRecords.run(before);
      for (const arn of this.s.expiredStreams.all(before) as string[]) {
        this.s.deleteRecords.run(arn);
        this.s.deleteShards.run(arn);
        this.s.deleteStream.run(arn);
      }
    })();
  }

  private retentionStart(): number {
    return this.clock.now() - STREAM_RETENTION_MS;
  }
}

/** AWS shard ids look like shardId-00000001700000000000-1a2b3c4d. */
function newShardId(now: number): string {
  return `shardId-${String(now).padStart(20, "0")}-${randomBytes(4).toString("hex")}`;
}
