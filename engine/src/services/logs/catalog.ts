/**
 * Log groups and log streams: creation, lookup, deletion, retention, tags and the per-stream
 * event statistics. Everything is cached in memory (the Lambda sink looks a stream up for every
 * line a function prints); SQLite is the durable copy. Callers run mutations inside their own
 * transaction; the cache changes only once the statements have succeeded.
 */
import { buildArn } from "../../shared/arn.ts";
import type { Db } from "../../storage/database.ts";

export interface LogGroup {
  id: number;
  accountId: string;
  region: string;
  name: string;
  createdAt: number;
  retentionDays: number | undefined;
  kmsKeyId: string | undefined;
  logGroupClass: string;
  deletionProtection: boolean;
  tags: Record<string, string>;
  /** UTF-8 bytes of the messages the group holds (events past retention excluded once swept). */
  storedBytes: number;
}

export interface LogStream {
  id: number;
  groupId: number;
  name: string;
  createdAt: number;
  firstEventAt: number | undefined;
  lastEventAt: number | undefined;
  lastIngestedAt: number | undefined;
  /** Batches accepted so far; the sequence tokens AWS still hands out (and ignores) count them. */
  uploadSequence: number;
}

export interface NewGroup {
  accountId: string;
  region: string;
  name: string;
  createdAt: number;
  kmsKeyId?: string;
  logGroupClass: string;
  deletionProtection: boolean;
  tags: Record<string, string>;
}

interface GroupRow {
  id: number;
  account_id: string;
  region: string;
  name: string;
  created_at: number;
  retention_days: number | null;
  kms_key_id: string | null;
  log_group_class: string;
  deletion_protection: number;
  tags: string;
  stored_bytes: number;
}

interface StreamRow {
  id: number;
  group_id: number;
  name: string;
  created_at: number;
  first_event_at: number | null;
  last_event_at: number | null;
  last_ingested_at: number | null;
  upload_sequence: number;
}

const groupKey = (accountId: string, region: string, name: string) => `${accountId}\n${region}\n${name}`;

export const logGroupArn = (group: Pick<LogGroup, "accountId" | "region" | "name">): string =>
  buildArn("logs", group.region, group.accountId, `log-group:${group.name}`);

export const logStreamArn = (group: LogGroup, stream: Pick<LogStream, "name">): string =>
  `${logGroupArn(group)}:log-stream:${stream.name}`;

function groupFromRow(row: GroupRow): LogGroup {
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    createdAt: row.created_at,
    retentionDays: row.retention_days ?? undefined,
    kmsKeyId: row.kms_key_id ?? undefined,
    logGroupClass: row.log_group_class,
    deletionProtection: row.deletion_protection === 1,
    tags: JSON.parse(row.tags) as Record<string, string>,
    storedBytes: row.stored_bytes,
  };
}

function streamFromRow(row: StreamRow): LogStream {
  return {
    id: row.id,
    groupId: row.group_id,
    name: row.name,
    createdAt: row.created_at,
    firstEventAt: row.first_event_at ?? undefined,
    lastEventAt: row.last_event_at ?? undefined,
    lastIngestedAt: row.last_ingested_at ?? undefined,
    uploadSequence: row.upload_sequence,
  };
}

export class LogCatalog {
  private readonly groups = new Map<string, LogGroup>();
  /** Streams by group id, then by name. */
  private readonly streams = new Map<number, Map<string, LogStream>>();
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insertGroup: db.prepare(
        `INSERT INTO logs_groups (account_id, region, name, created_at, kms_key_id, log_group_class,
           deletion_protection, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      deleteGroup: db.prepare("DELETE FROM logs_groups WHERE id = ?"),
      setRetention: db.prepare("UPDATE logs_groups SET retention_days = ? WHERE id = ?"),
      setTags: db.prepare("UPDATE logs_groups SET tags = ? WHERE id = ?"),
      addStoredBytes: db.prepare("UPDATE logs_groups SET stored_bytes = stored_bytes + ? WHERE id = ?"),
      insertStream: db.prepare("INSERT INTO logs_streams (group_id, name, created_at) VALUES (?, ?, ?)"),
      deleteStream: db.prepare("DELETE FROM logs_streams WHERE id = ?"),
      recordBatch: db.prepare(
        `UPDATE logs_streams SET first_event_at = ?, last_event_at = ?, last_ingested_at = ?,
           upload_sequence = upload_sequence + 1 WHERE id = ?`,
      ),
    };
    for (const row of db.prepare("SELECT * FROM logs_groups").all() as GroupRow[]) {
      const group = groupFromRow(row);
      this.groups.set(groupKey(group.accountId, group.region, group.name), group);
      this.streams.set(group.id, new Map());
    }
    for (const row of db.prepare("SELECT * FROM logs_streams").all() as StreamRow[]) {
      this.streams.get(row.group_id)?.set(row.name, streamFromRow(row));
    }
  }

  group(accountId: string, region: string, name: string): LogGroup | undefined {
    return this.groups.get(groupKey(accountId, region, name));
  }

  /** The account's groups in a region, in ASCII order of name (as DescribeLogGroups lists them). */
  groupsOf(accountId: string, region: string): LogGroup[] {
    const out: LogGroup[] = [];
    for (const group of this.groups.values())
      if (group.accountId === accountId && group.region === region) out.push(group);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every group with a retention policy (the sweeper's work list). */
  groupsWithRetention(): LogGroup[] {
    return [...this.groups.values()].filter((g) => g.retentionDays !== undefined);
  }

  createGroup(spec: NewGroup): LogGroup {
    const result = this.statements.insertGroup.run(
      spec.accountId,
      spec.region,
      spec.name,
      spec.createdAt,
      spec.kmsKeyId ?? null,
      spec.logGroupClass,
      spec.deletionProtection ? 1 : 0,
      JSON.stringify(spec.tags),
    );
    const group: LogGroup = {
      id: Number(result.lastInsertRowid),
      accountId: spec.accountId,
      region: spec.region,
      name: spec.name,
      createdAt: spec.createdAt,
      retentionDays: undefined,
      kmsKeyId: spec.kmsKeyId,
      logGroupClass: spec.logGroupClass,
      deletionProtection: spec.deletionProtection,
      tags: { ...spec.tags },
      storedBytes: 0,
    };
    this.groups.set(groupKey(group.accountId, group.region, group.name), group);
    this.streams.set(group.id, new Map());
    return group;
  }

  /** Removes the group row (its streams cascade); the caller deletes the events. */
  deleteGroup(group: LogGroup): void {
    this.statements.deleteGroup.run(group.id);
    this.groups.delete(groupKey(group.accountId, group.region, group.name));
    this.streams.delete(group.id);
  }

  setRetention(group: LogGroup, days: number | undefined): void {
    this.statements.setRetention.run(days ?? null, group.id);
    group.retentionDays = days;
  }

  setTags(group: LogGroup, tags: Record<string, string>): void {
    this.statements.setTags.run(JSON.stringify(tags), group.id);
    group.tags = tags;
  }

  addStoredBytes(group: LogGroup, bytes: number): void {
    if (bytes === 0) return;
    this.statements.addStoredBytes.run(bytes, group.id);
    group.storedBytes += bytes;
  }

  stream(group: LogGroup, name: string): LogStream | undefined {
    return this.streams.get(group.id)?.get(name);
  }

  /** The group's streams in ASCII order of name. */
  streamsOf(group: LogGroup): LogStream[] {
    return [...(this.streams.get(group.id)?.values() ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }

  createStream(group: LogGroup, name: string, createdAt: number): LogStream {
    const result = this.statements.insertStream.run(group.id, name, createdAt);
    const stream: LogStream = {
      id: Number(result.lastInsertRowid),
      groupId: group.id,
      name,
      createdAt,
      firstEventAt: undefined,
      lastEventAt: undefined,
      lastIngestedAt: undefined,
      uploadSequence: 0,
    };
    this.streams.get(group.id)?.set(name, stream);
    return stream;
  }

  /** Removes the stream row; the caller deletes its events. */
  deleteStream(group: LogGroup, stream: LogStream): void {
    this.statements.deleteStream.run(stream.id);
    this.streams.get(group.id)?.delete(stream.name);
  }

  /** Folds one accepted batch into the stream's first/last event times and sequence. */
  recordBatch(stream: LogStream, firstTimestamp: number, lastTimestamp: number, ingestedAt: number): void {
    const first = Math.min(stream.firstEventAt ?? firstTimestamp, firstTimestamp);
    const last = Math.max(stream.lastEventAt ?? lastTimestamp, lastTimestamp);
    this.statements.recordBatch.run(first, last, ingestedAt, stream.id);
    stream.firstEventAt = first;
    stream.lastEventAt = last;
    stream.lastIngestedAt = ingestedAt;
    stream.uploadSequence += 1;
  }
}
