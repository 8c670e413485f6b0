/**
 * The CloudWatch Logs core: groups, streams and events with AWS's rules, no wire names. The
 * operations call it for the API; the Lambda runtime calls `append` (the LogSink) for every line
 * a function prints, and the CLI or a console can `tail` a group. Each mutation is one SQLite
 * transaction. Events past their group's retention are never returned and are deleted by a
 * sweep on the clock.
 */
import type { LogSink } from "../../runtime/types.ts";
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from "../../shared/arn.ts";
import type { Clock, TimerHandle } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import { type CheckedBatch, checkBatch } from "./batch-rules.ts";
import { LogCatalog, type LogGroup, type LogStream } from "./catalog.ts";
import {
  EVENT_OVERHEAD_BYTES,
  LAMBDA_MAX_EVENT_BYTES,
  MS_PER_DAY,
  RETENTION_SWEEP_INTERVAL_MS,
} from "./constants.ts";
import { deletionProtected, logGroupExists, logStreamExists } from "./errors.ts";
import {
  type FoundEvent,
  type GroupPage,
  type GroupScan,
  groupPage,
  type StreamPage,
  type StreamRead,
  streamPage,
} from "./event-pages.ts";
import { EventStore, type NewEvent, type TimeRange } from "./events.ts";
import { splitMessage } from "./split-message.ts";
import type { EventKey } from "./tokens.ts";

export type { FoundEvent, GroupPage, GroupScan, StreamPage, StreamRead } from "./event-pages.ts";

/** Where a resource lives: the caller's account and the region of the request. */
export interface Scope {
  accountId: string;
  region: string;
}

export const DEFAULT_SCOPE: Scope = { accountId: DEFAULT_ACCOUNT_ID, region: DEFAULT_REGION };

export interface GroupOptions {
  kmsKeyId?: string;
  logGroupClass?: string;
  deletionProtection?: boolean;
  tags?: Record<string, string>;
}

export class LogsCore implements LogSink {
  readonly catalog: LogCatalog;
  readonly events: EventStore;
  private sweepTimer: TimerHandle | undefined;
  private readonly appendBatch: (
    scope: Scope,
    groupName: string,
    streamName: string,
    events: NewEvent[],
  ) => void;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.catalog = new LogCatalog(db);
    this.events = new EventStore(db);
    this.appendBatch = db.transaction(
      (scope: Scope, groupName: string, streamName: string, events: NewEvent[]) => {
        const now = this.clock.now();
        const group =
          this.catalog.group(scope.accountId, scope.region, groupName) ??
          this.catalog.createGroup({
            ...scope,
            name: groupName,
            createdAt: now,
            logGroupClass: "STANDARD",
            deletionProtection: false,
            tags: {},
          });
        const stream =
          this.catalog.stream(group, streamName) ?? this.catalog.createStream(group, streamName, now);
        this.store(group, stream, events, now);
      },
    );
  }

  /** Starts the retention sweep on the clock. */
  start(): void {
    const tick = () => {
      this.sweepRetention();
      this.sweepTimer = this.clock.setTimer(RETENTION_SWEEP_INTERVAL_MS, tick);
    };
    this.sweepTimer = this.clock.setTimer(RETENTION_SWEEP_INTERVAL_MS, tick);
  }

  close(): void {
    this.sweepTimer?.cancel();
    this.sweepTimer = undefined;
  }

  // --- LogSink -------------------------------------------------------------------------------

  /** LogSink, in the engine's default account and region. */
  append(
    groupName: string,
    streamName: string,
    events: readonly { timestamp: number; message: string }[],
  ): void {
    this.appendIn(DEFAULT_SCOPE, groupName, streamName, events);
  }

  /** A LogSink writing into another account or region. */
  sink(scope: Scope): LogSink {
    return { append: (groupName, streamName, events) => this.appendIn(scope, groupName, streamName, events) };
  }

  private appendIn(
    scope: Scope,
    groupName: string,
    streamName: string,
    events: readonly { timestamp: number; message: string }[],
  ): void {
    const prepared: NewEvent[] = [];
    const now = this.clock.now();
    const maxMessageBytes = LAMBDA_MAX_EVENT_BYTES - EVENT_OVERHEAD_BYTES;
    for (const event of events) {
      const message = typeof event.message === "string" ? event.message : String(event.message);
      // An event's message is at least one character on AWS; an empty line adds nothing.
      if (message.length === 0) continue;
      const timestamp = Number.isFinite(event.timestamp) ? Math.max(0, Math.trunc(event.timestamp)) : now;
      for (const piece of splitMessage(message, maxMessageBytes)) {
        prepared.push({ timestamp, message: piece, bytes: Buffer.byteLength(piece, "utf8") });
      }
    }
    if (prepared.length > 0) this.appendBatch(scope, groupName, streamName, prepared);
  }

  // --- groups and streams --------------------------------------------------------------------

  group(scope: Scope, name: string): LogGroup | undefined {
    return this.catalog.group(scope.accountId, scope.region, name);
  }

  createGroup(scope: Scope, name: string, options: GroupOptions = {}): LogGroup {
    if (this.group(scope, name)) throw logGroupExists();
    return this.db.transaction(() =>
      this.catalog.createGroup({
        ...scope,
        name,
        createdAt: this.clock.now(),
        kmsKeyId: options.kmsKeyId,
        logGroupClass: options.logGroupClass ?? "STANDARD",
        deletionProtection: options.deletionProtection ?? false,
        tags: options.tags ?? {},
      }),
    )();
  }

  deleteGroup(group: LogGroup): void {
    if (group.deletionProtection) throw deletionProtected();
    this.db.transaction(() => {
      this.events.deleteGroup(group.id);
      this.catalog.deleteGroup(group);
    })();
  }

  createStream(group: LogGroup, name: string): LogStream {
    if (this.catalog.stream(group, name)) throw logStreamExists();
    return this.db.transaction(() => this.catalog.createStream(group, name, this.clock.now()))();
  }

  deleteStream(group: LogGroup, stream: LogStream): void {
    this.db.transaction(() => {
      const bytes = this.events.deleteStream(stream.id);
      this.catalog.deleteStream(group, stream);
      this.catalog.addStoredBytes(group, -bytes);
    })();
  }

  setRetention(group: LogGroup, days: number | undefined): void {
    this.db.transaction(() => this.catalog.setRetention(group, days))();
  }

  setTags(group: LogGroup, tags: Record<string, string>): void {
    this.db.transaction(() => this.catalog.setTags(group, tags))();
  }

  /** The first timestamp the group still returns (0 without a retention policy). */
  retainedFrom(group: LogGroup): number {
    return group.retentionDays === undefined ? 0 : this.clock.now() - group.retentionDays * MS_PER_DAY;
  }

  /** Bytes the group stores, not counting events past retention that await the sweep. */
  storedBytes(group: LogGroup): number {
    if (group.retentionDays === undefined) return group.storedBytes;
    return group.storedBytes - this.events.bytesBefore(group.id, this.retainedFrom(group));
  }

  /** Deletes every group's events past retention (AWS deletes them within about 72 hours). */
  sweepRetention(): void {
    for (const group of this.catalog.groupsWithRetention()) {
      const cutoff = this.retainedFrom(group);
      // Most sweeps find nothing: a read decides whether a write transaction is needed.
      if (this.events.bytesBefore(group.id, cutoff) === 0) continue;
      this.db.transaction(() =>
        this.catalog.addStoredBytes(group, -this.events.deleteBefore(group.id, cutoff)),
      )();
    }
  }

  // --- events --------------------------------------------------------------------------------

  /** PutLogEvents: applies AWS's batch rules, stores what they accept, reports what they reject. */
  put(
    group: LogGroup,
    stream: LogStream,
    events: readonly { timestamp: number; message: string }[],
  ): CheckedBatch {
    const now = this.clock.now();
    const checked = checkBatch(events, now, group.retentionDays);
    if (checked.accepted.length > 0)
      this.db.transaction(() => this.store(group, stream, checked.accepted, now))();
    return checked;
  }

  private store(group: LogGroup, stream: LogStream, events: readonly NewEvent[], now: number): void {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let bytes = 0;
    for (const event of events) {
      if (event.timestamp < first) first = event.timestamp;
      if (event.timestamp > last) last = event.timestamp;
      bytes += event.bytes;
    }
    this.events.insert(group.id, stream.id, events, now);
    this.catalog.recordBatch(stream, first, last, now);
    this.catalog.addStoredBytes(group, bytes);
  }

  /** GetLogEvents: one page of a stream and the positions either side of it. */
  readStream(group: LogGroup, stream: LogStream, read: StreamRead): StreamPage {
    const range: TimeRange = {
      fromMs: Math.max(read.startTime ?? 0, this.retainedFrom(group)),
      untilMs: read.endTime ?? Number.MAX_SAFE_INTEGER,
    };
    return streamPage(this.events, stream.id, range, read);
  }

  /** FilterLogEvents: the matching events of a group (or some of its streams) in time order. */
  scanGroup(group: LogGroup, scan: GroupScan): GroupPage {
    const range: TimeRange = {
      fromMs: Math.max(scan.startTime ?? 0, this.retainedFrom(group)),
      untilMs: scan.endTime === undefined ? Number.MAX_SAFE_INTEGER : scan.endTime + 1,
    };
    const names = new Map(this.catalog.streamsOf(group).map((s) => [s.id, s.name]));
    return groupPage(this.events, group.id, names, range, scan);
  }

  /** Every event of a group from `sinceMs` on, in time order, with its stream's name. */
  tail(groupName: string, sinceMs: number, scope: Scope = DEFAULT_SCOPE): FoundEvent[] {
    const group = this.group(scope, groupName);
    if (!group) return [];
    const out: FoundEvent[] = [];
    let after: EventKey | undefined;
    do {
      const page = this.scanGroup(group, { startTime: sinceMs, after, matcher: () => true });
      out.push(...page.events);
      after = page.next;
    } while (after);
    return out;
  }
}
