/**
 * The message core: send, receive, delete, visibility, purge, FIFO ordering and deduplication,
 * and redrive to the dead-letter queue. Each call is one SQLite transaction; every rule reads the
 * injected clock. Inputs arrive validated (see send-validation.ts); nothing here knows the wire.
 */

import type { Clock } from "../../shared/clock.ts";
import { md5Hex, sha256Hex } from "../../shared/digest.ts";
import { newMessageId, randomToken } from "../../shared/ids.ts";
import type { Db } from "../../storage/database.ts";
import {
  FIFO_DEDUPLICATION_WINDOW_MS,
  MAX_INFLIGHT_MESSAGES,
  MAX_VISIBILITY_TIMEOUT_SECONDS,
  RECEIVE_ATTEMPT_WINDOW_MS,
} from "./constants.ts";
import { invalidParameter, OverLimit, ReceiptHandleForOtherQueue, ReceiptHandleIsInvalid } from "./errors.ts";
import { md5OfAttributes, type StoredAttributes } from "./message-attributes.ts";
import type { Queue, QueueRegistry } from "./queues.ts";
import {
  decodeReceiptHandle,
  encodeReceiptHandle,
  queueKeyOf,
  type ReceiptHandle,
} from "./receipt-handle.ts";

export interface SendRequest {
  body: string;
  delaySeconds: number | undefined;
  attributes: StoredAttributes | undefined;
  systemAttributes: StoredAttributes | undefined;
  groupId: string | undefined;
  deduplicationId: string | undefined;
  senderId: string;
}

export interface SendResult {
  messageId: string;
  md5OfBody: string;
  md5OfAttributes: string | undefined;
  md5OfSystemAttributes: string | undefined;
  sequenceNumber: string | undefined;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: StoredAttributes | undefined;
  systemAttributes: StoredAttributes | undefined;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt: number;
  groupId: string | undefined;
  deduplicationId: string | undefined;
  sequenceNumber: string | undefined;
  senderId: string;
  deadLetterSourceArn: string | undefined;
}

export interface MessageCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

interface MessageRow {
  seq: number;
  queue_id: number;
  message_id: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  system_attributes: string | null;
  sent_at: number;
  retain_from: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  received_at: number | null;
  receipt: string | null;
  group_id: string | null;
  dedup_id: string | null;
  sequence_number: string | null;
  sender_id: string;
  dlq_source_arn: string | null;
}

type DeliveryState = Pick<MessageRow, "seq" | "receipt" | "visible_at" | "received_at">;

/** Fires when messages may have become receivable on a queue (sends, releases, unblocked groups). */
export type AvailabilityListener = (queueId: number) => void;

/** AWS FIFO sequence numbers are 20-digit decimal strings that grow within a group. */
const sequenceNumberOf = (seq: number): string => (10n ** 19n + BigInt(seq)).toString();

export class MessageStore {
  private nextSeq: number;
  private lastDedupSweep = 0;
  private readonly s;
  /** One transaction wrapper for every call: better-sqlite3 builds a new one per `transaction()`. */
  private readonly inTransaction: <T>(work: () => T) => T;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly queues: QueueRegistry,
    private readonly onAvailable: AvailabilityListener,
  ) {
    const maxRow = db.prepare("SELECT MAX(seq) FROM sqs_messages").pluck().get() as number | null;
    const sequence = db
      .prepare("SELECT seq FROM sqlite_sequence WHERE name = 'sqs_messages'")
      .pluck()
      .get() as number | undefined;
    this.nextSeq = Math.max(maxRow ?? 0, sequence ?? 0) + 1;
    const transaction = db.transaction((work: () => unknown) => work());
    this.inTransaction = <T>(work: () => T) => transaction(work) as T;
    this.s = {
      insert:
        db.prepare(`INSERT INTO sqs_messages (seq, queue_id, message_id, body, md5_body, attributes, system_attributes,
        sent_at, retain_from, visible_at, receive_count, first_received_at, group_id, dedup_id, sequence_number, sender_id, dlq_source_arn)
        VALUES (@seq, @queue_id, @message_id, @body, @md5_body, @attributes, @system_attributes, @sent_at, @retain_from, @visible_at,
        @receive_count, @first_received_at, @group_id, @dedup_id, @sequence_number, @sender_id, @dlq_source_arn)`),
      expire: db.prepare("DELETE FROM sqs_messages WHERE queue_id = ? AND retain_from <= ?"),
      standardCandidates: db.prepare(
        "SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?",
      ),
      readyGroups: db.prepare(
        "SELECT group_id, MIN(seq) AS first FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? GROUP BY group_id ORDER BY first",
      ),
      blockedGroups: db
        .prepare(
          "SELECT DISTINCT group_id FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND receive_count > 0",
        )
        .pluck(),
      groupHead: db.prepare(
        "SELECT * FROM sqs_messages WHERE queue_id = ? AND group_id = ? ORDER BY seq LIMIT ?",
      ),
      markReceived: db.prepare(
        "UPDATE sqs_messages SET receive_count = receive_count + 1, first_received_at = COALESCE(first_received_at, ?), received_at = ?, receipt = ?, visible_at = ? WHERE seq = ?",
      ),
      bySeq: db.prepare("SELECT * FROM sqs_messages WHERE seq = ? AND queue_id = ?"),
      deliveryState: db.prepare(
        "SELECT seq, receipt, visible_at, received_at FROM sqs_messages WHERE seq = ? AND queue_id = ?",
      ),
      deleteByReceipt: db.prepare("DELETE FROM sqs_messages WHERE seq = ? AND queue_id = ? AND receipt = ?"),
      deleteBySeq: db.prepare("DELETE FROM sqs_messages WHERE seq = ?"),
      setVisibleAt: db.prepare("UPDATE sqs_messages SET visible_at = ? WHERE seq = ?"),
      counts: db.prepare(
        `SELECT COALESCE(SUM(visible_at <= @now), 0) AS visible,
                COALESCE(SUM(visible_at > @now AND receive_count > 0), 0) AS inFlight,
                COALESCE(SUM(visible_at > @now AND receive_count = 0), 0) AS delayed
         FROM sqs_messages WHERE queue_id = @queue`,
      ),
      inFlight: db
        .prepare(
          "SELECT COUNT(*) FROM sqs_messages WHERE queue_id = ? AND visible_at > ? AND receive_count > 0",
        )
        .pluck(),
      nextVisible: db
        .prepare("SELECT MIN(visible_at) FROM sqs_messages WHERE queue_id = ? AND visible_at > ?")
        .pluck(),
      purge: db.prepare("DELETE FROM sqs_messages WHERE queue_id = ?"),
      findDedup: db.prepare(
        "SELECT message_id, sequence_number FROM sqs_deduplication WHERE queue_id = ? AND scope_key = ? AND dedup_id = ? AND expires_at > ?",
      ),
      putDedup: db.prepare(
        "INSERT OR REPLACE INTO sqs_deduplication (queue_id, scope_key, dedup_id, message_id, sequence_number, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      sweepDedup: db.prepare("DELETE FROM sqs_deduplication WHERE expires_at <= ?"),
      findAttempt: db
        .prepare(
          "SELECT receipts FROM sqs_receive_attempts WHERE queue_id = ? AND attempt_id = ? AND expires_at > ?",
        )
        .pluck(),
      putAttempt: db.prepare(
        "INSERT OR REPLACE INTO sqs_receive_attempts (queue_id, attempt_id, receipts, expires_at) VALUES (?, ?, ?, ?)",
      ),
      sweepAttempts: db.prepare("DELETE FROM sqs_receive_attempts WHERE expires_at <= ?"),
      maxSeq: db.prepare("SELECT MAX(seq) FROM sqs_messages WHERE queue_id = ?").pluck(),
      movable: db.prepare(
        "SELECT * FROM sqs_messages WHERE queue_id = ? AND seq <= ? AND visible_at <= ? ORDER BY seq LIMIT ?",
      ),
    };
  }

  // ---- sending -------------------------------------------------------------------------------

  /** Sends messages to one queue in one transaction; results keep the input order. */
  send(queue: Queue, requests: readonly SendRequest[]): SendResult[] {
    const now = this.clock.now();
    const results = this.inTransaction(() => requests.map((request) => this.insertOne(queue, request, now)));
    if (results.length > 0) this.onAvailable(queue.id);
    return results;
  }

  private insertOne(queue: Queue, request: SendRequest, now: number): SendResult {
    const md5OfBody = md5Hex(Buffer.from(request.body, "utf8"));
    const md5Attributes = md5OfAttributes(request.attributes);
    const md5System = md5OfAttributes(request.systemAttributes);
    let dedupId: string | undefined;
    let scopeKey = "";
    if (queue.fifo) {
      this.sweepDeduplication(now);
      dedupId = request.deduplicationId ?? sha256Hex(Buffer.from(request.body, "utf8"));
      scopeKey = queue.config.deduplicationScope === "messageGroup" ? (request.groupId ?? "") : "";
      const duplicate = this.s.findDedup.get(queue.id, scopeKey, dedupId, now) as
        | { message_id: string; sequence_number: string | null }
        | undefined;
      // AWS: a duplicate inside the 5-minute window is accepted but not delivered again; the
      // response describes the original message.
      if (duplicate) {
        return {
          messageId: duplicate.message_id,
          md5OfBody,
          md5OfAttributes: md5Attributes,
          md5OfSystemAttributes: md5System,
          sequenceNumber: duplicate.sequence_number ?? undefined,
        };
      }
    }
    const seq = this.nextSeq++;
    const messageId = newMessageId();
    const sequenceNumber = queue.fifo ? sequenceNumberOf(seq) : undefined;
    // FIFO queues have only the queue-level delay; per-message delays are rejected upstream.
    const delaySeconds = request.delaySeconds ?? queue.config.delaySeconds;
    this.s.insert.run({
      seq,
      queue_id: queue.id,
      message_id: messageId,
      body: request.body,
      md5_body: md5OfBody,
      attributes: request.attributes ? JSON.stringify(request.attributes) : null,
      system_attributes: request.systemAttributes ? JSON.stringify(request.systemAttributes) : null,
      sent_at: now,
      retain_from: now,
      visible_at: now + delaySeconds * 1000,
      receive_count: 0,
      first_received_at: null,
      group_id: request.groupId ?? null,
      dedup_id: queue.fifo ? dedupId : null,
      sequence_number: sequenceNumber ?? null,
      sender_id: request.senderId,
      dlq_source_arn: null,
    });
    if (queue.fifo && dedupId !== undefined) {
      this.s.putDedup.run(
        queue.id,
        scopeKey,
        dedupId,
        messageId,
        sequenceNumber,
        now + FIFO_DEDUPLICATION_WINDOW_MS,
      );
    }
    return {
      messageId,
      md5OfBody,
      md5OfAttributes: md5Attributes,
      md5OfSystemAttributes: md5System,
      sequenceNumber,
    };
  }

  private sweepDeduplication(now: number): void {
    if (now - this.lastDedupSweep < 60_000) return;
    this.lastDedupSweep = now;
    this.s.sweepDedup.run(now);
    this.s.sweepAttempts.run(now);
  }

  // ---- receiving -----------------------------------------------------------------------------

  receive(
    queue: Queue,
    options: { maxMessages: number; visibilityTimeoutSeconds?: number; attemptId?: string },
  ): ReceivedMessage[] {
    const visibilityMs = (options.visibilityTimeoutSeconds ?? queue.config.visibilityTimeoutSeconds) * 1000;
    return this.inTransaction(() => {
      const now = this.clock.now();
      this.expire(queue, now);
      if (queue.fifo && options.attemptId) {
        const replay = this.replayAttempt(queue, options.attemptId, now, visibilityMs);
        if (replay) return replay;
      }
      if (!queue.fifo && (this.s.inFlight.get(queue.id, now) as number) >= MAX_INFLIGHT_MESSAGES) {
        throw new OverLimit(`Too many messages in flight for queue ${queue.name}.`);
      }
      const received: ReceivedMessage[] = [];
      // Messages past maxReceiveCount move to the DLQ instead of being delivered, which can
      // free room (and, in FIFO queues, unblock a group): select again until full or dry.
      for (let round = 0; round < 100 && received.length < options.maxMessages; round++) {
        const want = options.maxMessages - received.length;
        const candidates = queue.fifo
          ? this.fifoCandidates(queue, now, want)
          : this.standardCandidates(queue, now, want);
        if (candidates.length === 0) break;
        let moved = false;
        for (const row of candidates) {
          if (this.redriveIfExhausted(queue, row, now)) {
            moved = true;
            if (queue.fifo) break; // the group's next message may now be eligible
            continue;
          }
          received.push(this.markReceived(queue, row, now, visibilityMs));
        }
        if (!moved) break;
      }
      if (queue.fifo && options.attemptId) {
        const receipts = received
          .map((m) => decodeReceiptHandle(m.receiptHandle)!)
          .map((h) => ({ seq: h.seq, token: h.token }));
        this.s.putAttempt.run(
          queue.id,
          options.attemptId,
          JSON.stringify(receipts),
          now + RECEIVE_ATTEMPT_WINDOW_MS,
        );
      }
      return received;
    });
  }

  private standardCandidates(queue: Queue, now: number, limit: number): MessageRow[] {
    return this.s.standardCandidates.all(queue.id, now, limit) as MessageRow[];
  }

  /**
   * FIFO: strict order within a group, and no message of a group while another of it is in
   * flight. Messages of one group are returned together, as many as fit, before the next group.
   */
  private fifoCandidates(queue: Queue, now: number, limit: number): MessageRow[] {
    const blocked = new Set(this.s.blockedGroups.all(queue.id, now) as string[]);
    const out: MessageRow[] = [];
    for (const { group_id } of this.s.readyGroups.all(queue.id, now) as Array<{ group_id: string }>) {
      if (blocked.has(group_id)) continue;
      for (const row of this.s.groupHead.all(queue.id, group_id, limit - out.length) as MessageRow[]) {
        if (row.visible_at > now) break;
        out.push(row);
      }
      if (out.length >= limit) break;
    }
    return out;
  }

  private replayAttempt(
    queue: Queue,
    attemptId: string,
    now: number,
    visibilityMs: number,
  ): ReceivedMessage[] | undefined {
    const stored = this.s.findAttempt.get(queue.id, attemptId, now) as string | undefined;
    if (!stored) return undefined;
    const out: ReceivedMessage[] = [];
    for (const { seq, token } of JSON.parse(stored) as Array<{ seq: number; token: string }>) {
      const row = this.s.bySeq.get(seq, queue.id) as MessageRow | undefined;
      if (!row || row.receipt !== token) continue;
      // AWS: a retry inside the window returns the same messages and handles and resets visibility.
      this.s.setVisibleAt.run(now + visibilityMs, seq);
      out.push(this.toReceived(queue, { ...row, visible_at: now + visibilityMs }, token));
    }
    return out.length > 0 ? out : undefined;
  }

  private markReceived(queue: Queue, row: MessageRow, now: number, visibilityMs: number): ReceivedMessage {
    const token = randomToken(16);
    this.s.markReceived.run(now, now, token, now + visibilityMs, row.seq);
    return this.toReceived(
      queue,
      {
        ...row,
        receive_count: row.receive_count + 1,
        first_received_at: row.first_received_at ?? now,
        received_at: now,
      },
      token,
    );
  }

  private toReceived(queue: Queue, row: MessageRow, token: string): ReceivedMessage {
    return {
      messageId: row.message_id,
      receiptHandle: encodeReceiptHandle({ queueKey: queueKeyOf(queue), seq: row.seq, token }),
      body: row.body,
      md5OfBody: row.md5_body,
      attributes: row.attributes ? (JSON.parse(row.attributes) as StoredAttributes) : undefined,
      systemAttributes: row.system_attributes
        ? (JSON.parse(row.system_attributes) as StoredAttributes)
        : undefined,
      sentAt: row.sent_at,
      receiveCount: row.receive_count,
      firstReceivedAt: row.first_received_at ?? row.sent_at,
      groupId: row.group_id ?? undefined,
      deduplicationId: row.dedup_id ?? undefined,
      sequenceNumber: row.sequence_number ?? undefined,
      senderId: row.sender_id,
      deadLetterSourceArn: row.dlq_source_arn ?? undefined,
    };
  }

  /**
   * AWS: "When the ReceiveCount for a message exceeds the maxReceiveCount for a queue, Amazon SQS
   * moves the message to the dead-letter-queue" — on the receive that would exceed it.
   */
  private redriveIfExhausted(queue: Queue, row: MessageRow, now: number): boolean {
    const redrive = queue.config.redrive;
    if (!redrive || row.receive_count < redrive.maxReceiveCount) return false;
    const dlq = this.queues.fromArn(redrive.deadLetterTargetArn);
    if (!dlq) return false;
    this.transfer(row, dlq, now, { sourceArn: queue.arn, resetReceives: false });
    return true;
  }

  /**
   * Moves one message to another queue. Standard queues keep the original enqueue time for
   * retention; FIFO queues restart it (SQS Developer Guide, dead-letter queue retention).
   */
  private transfer(
    row: MessageRow,
    target: Queue,
    now: number,
    options: { sourceArn: string | undefined; resetReceives: boolean },
  ): void {
    const seq = this.nextSeq++;
    this.s.insert.run({
      seq,
      queue_id: target.id,
      message_id: row.message_id,
      body: row.body,
      md5_body: row.md5_body,
      attributes: row.attributes,
      system_attributes: row.system_attributes,
      sent_at: row.sent_at,
      retain_from: target.fifo ? now : row.retain_from,
      visible_at: now,
      receive_count: options.resetReceives ? 0 : row.receive_count,
      first_received_at: options.resetReceives ? null : row.first_received_at,
      group_id: row.group_id,
      dedup_id: row.dedup_id,
      sequence_number: target.fifo ? sequenceNumberOf(seq) : null,
      sender_id: row.sender_id,
      dlq_source_arn: options.sourceArn ?? null,
    });
    this.s.deleteBySeq.run(row.seq);
    this.onAvailable(target.id);
  }

  private expire(queue: Queue, now: number): void {
    this.s.expire.run(queue.id, now - queue.config.retentionSeconds * 1000);
  }

  // ---- deleting and visibility ---------------------------------------------------------------

  private decode(queue: Queue, receiptHandle: string): ReceiptHandle {
    const handle = decodeReceiptHandle(receiptHandle);
    if (!handle) throw new ReceiptHandleIsInvalid(receiptHandle);
    if (handle.queueKey !== queueKeyOf(queue)) throw new ReceiptHandleForOtherQueue(receiptHandle);
    return handle;
  }

  /** The message's delivery state only (not its body): what delete and visibility checks need. */
  private locate(queue: Queue, receiptHandle: string): { row: DeliveryState | undefined; token: string } {
    const handle = this.decode(queue, receiptHandle);
    return {
      row: this.s.deliveryState.get(handle.seq, queue.id) as DeliveryState | undefined,
      token: handle.token,
    };
  }

  /**
   * AWS: deleting with the latest handle deletes the message; with an older handle the call
   * "succeeds, but the message might not be deleted" (here: it is not). FIFO handles expire with
   * the visibility timeout.
   */
  delete(queue: Queue, receiptHandle: string): void {
    if (!queue.fifo) {
      // Only the latest handle deletes; any other (or an already deleted message) is a no-op.
      const handle = this.decode(queue, receiptHandle);
      this.s.deleteByReceipt.run(handle.seq, queue.id, handle.token);
      return;
    }
    const now = this.clock.now();
    const { row, token } = this.locate(queue, receiptHandle);
    if (!row) return;
    if (queue.fifo && (row.receipt !== token || row.visible_at <= now)) {
      throw invalidParameter("ReceiptHandle", receiptHandle, "The receipt handle has expired.");
    }
    if (row.receipt !== token) return;
    this.s.deleteBySeq.run(row.seq);
    if (queue.fifo) this.onAvailable(queue.id);
  }

  changeVisibility(queue: Queue, receiptHandle: string, timeoutSeconds: number): void {
    const now = this.clock.now();
    const { row, token } = this.locate(queue, receiptHandle);
    if (!row || row.receipt !== token) {
      throw invalidParameter(
        "ReceiptHandle",
        receiptHandle,
        "Message does not exist or is not available for visibility timeout change.",
      );
    }
    if (queue.fifo && row.visible_at <= now) {
      throw invalidParameter("ReceiptHandle", receiptHandle, "The receipt handle has expired.");
    }
    // AWS: the 12-hour maximum counts from the receive, so extensions cannot go past it.
    const visibleAt = now + timeoutSeconds * 1000;
    if (visibleAt - (row.received_at ?? now) > MAX_VISIBILITY_TIMEOUT_SECONDS * 1000) {
      throw invalidParameter(
        "VisibilityTimeout",
        timeoutSeconds,
        `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_TIMEOUT_SECONDS} seconds]`,
      );
    }
    this.s.setVisibleAt.run(visibleAt, row.seq);
    if (timeoutSeconds === 0) this.onAvailable(queue.id);
  }

  /** Runs `work` for each entry in one transaction, collecting per-entry errors. */
  batch<T, R>(entries: readonly T[], work: (entry: T) => R): Array<{ ok: R } | { error: unknown }> {
    return this.inTransaction(() =>
      entries.map((entry) => {
        try {
          return { ok: work(entry) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  purge(queue: Queue): void {
    this.s.purge.run(queue.id);
  }

  counts(queue: Queue): MessageCounts {
    const now = this.clock.now();
    this.expire(queue, now);
    return this.s.counts.get({ now, queue: queue.id }) as MessageCounts;
  }

  /** When the next not-yet-visible message becomes visible, if any. */
  nextVisibleAt(queue: Queue): number | undefined {
    return (this.s.nextVisible.get(queue.id, this.clock.now()) as number | null) ?? undefined;
  }

  // ---- message move tasks --------------------------------------------------------------------

  /** The newest message in a queue now: a move task moves what was there when it started. */
  highWaterMark(queue: Queue): number {
    return (this.s.maxSeq.get(queue.id) as number | null) ?? 0;
  }

  /**
   * Moves up to `limit` visible messages (enqueued at or before `upToSeq`) out of `source`.
   * `destinationFor` picks each message's target; an undefined target stops the move with the
   * returned failure reason.
   */
  moveBatch(
    source: Queue,
    upToSeq: number,
    limit: number,
    destinationFor: (deadLetterSourceArn: string | undefined) => Queue | string,
  ): { moved: number; remaining: boolean; failure?: string } {
    return this.inTransaction(() => {
      const now = this.clock.now();
      this.expire(source, now);
      const rows = this.s.movable.all(source.id, upToSeq, now, limit + 1) as MessageRow[];
      let moved = 0;
      for (const row of rows.slice(0, limit)) {
        const target = destinationFor(row.dlq_source_arn ?? undefined);
        if (typeof target === "string") return { moved, remaining: true, failure: target };
        this.transfer(row, target, now, { sourceArn: undefined, resetReceives: true });
        moved++;
      }
      return { moved, remaining: rows.length > limit };
    });
  }
}
