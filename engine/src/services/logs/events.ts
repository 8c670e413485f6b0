/**
 * Log events in SQLite, read in (timestamp, seq) order: per stream in either direction
 * (GetLogEvents) and across a group's streams (FilterLogEvents). Writers run inside the caller's
 * transaction.
 */
import type { Statement } from "better-sqlite3";
import type { Db } from "../../storage/database.ts";
import type { EventKey } from "./tokens.ts";

export interface StoredEvent {
  seq: number;
  streamId: number;
  timestamp: number;
  ingestedAt: number;
  /** UTF-8 bytes of the message. */
  bytes: number;
  message: string;
}

export interface NewEvent {
  timestamp: number;
  message: string;
  bytes: number;
}

interface EventRow {
  seq: number;
  stream_id: number;
  timestamp: number;
  ingested_at: number;
  bytes: number;
  message: string;
}

const COLUMNS = "seq, stream_id, timestamp, ingested_at, bytes, message";

const fromRow = (row: EventRow): StoredEvent => ({
  seq: row.seq,
  streamId: row.stream_id,
  timestamp: row.timestamp,
  ingestedAt: row.ingested_at,
  bytes: row.bytes,
  message: row.message,
});

/** Events with `fromMs <= timestamp < untilMs`. */
export interface TimeRange {
  fromMs: number;
  untilMs: number;
}

export class EventStore {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare(
        "INSERT INTO logs_events (group_id, stream_id, timestamp, ingested_at, bytes, message) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      forward: db.prepare(
        `SELECT ${COLUMNS} FROM logs_events WHERE stream_id = ? AND timestamp >= ? AND timestamp < ?
           AND (timestamp, seq) > (?, ?) ORDER BY timestamp, seq LIMIT ?`,
      ),
      backward: db.prepare(
        `SELECT ${COLUMNS} FROM logs_events WHERE stream_id = ? AND timestamp >= ? AND timestamp < ?
           AND (timestamp, seq) < (?, ?) ORDER BY timestamp DESC, seq DESC LIMIT ?`,
      ),
      scanGroup: db.prepare(
        `SELECT ${COLUMNS} FROM logs_events WHERE group_id = ? AND timestamp >= ? AND timestamp < ?
           AND (timestamp, seq) > (?, ?) ORDER BY timestamp, seq LIMIT ?`,
      ),
      bytesBefore: db
        .prepare("SELECT COALESCE(SUM(bytes), 0) FROM logs_events WHERE group_id = ? AND timestamp < ?")
        .pluck(),
      deleteBefore: db.prepare("DELETE FROM logs_events WHERE group_id = ? AND timestamp < ?"),
      streamBytes: db.prepare("SELECT COALESCE(SUM(bytes), 0) FROM logs_events WHERE stream_id = ?").pluck(),
      deleteStream: db.prepare("DELETE FROM logs_events WHERE stream_id = ?"),
      deleteGroup: db.prepare("DELETE FROM logs_events WHERE group_id = ?"),
    };
  }

  insert(groupId: number, streamId: number, events: readonly NewEvent[], ingestedAt: number): void {
    const insert = this.statements.insert;
    for (const event of events) {
      insert.run(groupId, streamId, event.timestamp, ingestedAt, event.bytes, event.message);
    }
  }

  /** Up to `limit` events of a stream after `key`, oldest first. */
  after(streamId: number, range: TimeRange, key: EventKey, limit: number): StoredEvent[] {
    return this.page(this.statements.forward, streamId, range, key, limit);
  }

  /** Up to `limit` events of a stream before `key`, newest first. */
  before(streamId: number, range: TimeRange, key: EventKey, limit: number): StoredEvent[] {
    return this.page(this.statements.backward, streamId, range, key, limit);
  }

  /** Up to `limit` events of a whole group after `key`, oldest first. */
  scanGroup(groupId: number, range: TimeRange, key: EventKey, limit: number): StoredEvent[] {
    return this.page(this.statements.scanGroup, groupId, range, key, limit);
  }

  /** One page of a stream's or a group's events: the three queries take the same parameters. */
  private page(
    statement: Statement,
    id: number,
    range: TimeRange,
    key: EventKey,
    limit: number,
  ): StoredEvent[] {
    const rows = statement.all(id, range.fromMs, range.untilMs, key.timestamp, key.seq, limit) as EventRow[];
    return rows.map(fromRow);
  }

  /** Message bytes of a group's events older than `beforeMs`. */
  bytesBefore(groupId: number, beforeMs: number): number {
    return this.statements.bytesBefore.get(groupId, beforeMs) as number;
  }

  /** Deletes a group's events older than `beforeMs`; returns the message bytes removed. */
  deleteBefore(groupId: number, beforeMs: number): number {
    const bytes = this.bytesBefore(groupId, beforeMs);
    this.statements.deleteBefore.run(groupId, beforeMs);
    return bytes;
  }

  /** Deletes a stream's events; returns the message bytes removed. */
  deleteStream(streamId: number): number {
    const bytes = this.statements.streamBytes.get(streamId) as number;
    this.statements.deleteStream.run(streamId);
    return bytes;
  }

  deleteGroup(groupId: number): void {
    this.statements.deleteGroup.run(groupId);
  }
}
