/**
 * Message move tasks (StartMessageMoveTask / CancelMessageMoveTask / ListMessageMoveTasks): DLQ
 * redrive at a rate, back to each message's original source queue or to a chosen destination.
 * A task moves the messages present when it started; it runs on the engine clock, one tick a
 * second, and resumes after a restart.
 */
import { randomUUID } from "node:crypto";
import { parseArn } from "../../shared/arn.ts";
import type { Clock, TimerHandle } from "../../shared/clock.ts";
import type { Db } from "../../storage/database.ts";
import {
  MAX_LIST_MOVE_TASKS,
  MAX_MOVE_RATE_PER_SECOND,
  MIN_MOVE_RATE_PER_SECOND,
  SYSTEM_MOVE_RATE_PER_SECOND,
} from "./constants.ts";
import { InvalidParameterValue, ResourceNotFoundException } from "./errors.ts";
import type { MessageStore } from "./messages.ts";
import type { Queue, QueueRegistry } from "./queues.ts";

/** Who is asking: SQS is regional, so a caller sees only its own account's queues in its region. */
export interface Caller {
  accountId: string;
  region: string;
}

export type MoveTaskStatus = "RUNNING" | "COMPLETED" | "CANCELLING" | "CANCELLED" | "FAILED";

export interface MoveTask {
  taskId: string;
  taskHandle: string;
  sourceArn: string;
  destinationArn: string | undefined;
  maxPerSecond: number | undefined;
  status: MoveTaskStatus;
  startedAt: number;
  toMove: number;
  moved: number;
  failureReason: string | undefined;
}

interface TaskRow {
  task_id: string;
  source_arn: string;
  destination_arn: string | null;
  max_per_second: number | null;
  status: MoveTaskStatus;
  started_at: number;
  last_seq: number;
  to_move: number;
  moved: number;
  failure_reason: string | null;
}

const TICK_MS = 1000;
const ARN_FORMAT = (parameter: string) =>
  new InvalidParameterValue(
    `You must use this format to specify the ${parameter}: arn:<partition>:<service>:<region>:<account-id>:<resource-id>`,
  );
const missingResource = (parameter: string) =>
  new ResourceNotFoundException(
    `The resource that you specified for the ${parameter} parameter doesn't exist.`,
  );

/** AWS task handles are base64 of {"taskId","sourceArn"}. */
const encodeHandle = (taskId: string, sourceArn: string) =>
  Buffer.from(JSON.stringify({ taskId, sourceArn })).toString("base64");

function decodeHandle(handle: string): { taskId: string; sourceArn: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(handle, "base64").toString("utf8")) as Record<string, unknown>;
    if (typeof parsed.taskId === "string" && typeof parsed.sourceArn === "string") {
      return { taskId: parsed.taskId, sourceArn: parsed.sourceArn };
    }
  } catch {
    // not a handle
  }
  return undefined;
}

export class MoveTasks {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly s;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly queues: QueueRegistry,
    private readonly messages: MessageStore,
  ) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO sqs_move_tasks (task_id, account_id, region, source_arn, destination_arn, max_per_second, status, started_at, last_seq, to_move)
         VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?)`,
      ),
      get: db.prepare("SELECT * FROM sqs_move_tasks WHERE task_id = ?"),
      active: db
        .prepare(
          "SELECT task_id FROM sqs_move_tasks WHERE source_arn = ? AND status IN ('RUNNING', 'CANCELLING')",
        )
        .pluck(),
      running: db
        .prepare("SELECT task_id FROM sqs_move_tasks WHERE status IN ('RUNNING', 'CANCELLING')")
        .pluck(),
      list: db.prepare(
        "SELECT * FROM sqs_move_tasks WHERE source_arn = ? ORDER BY started_at DESC, rowid DESC LIMIT ?",
      ),
      progress: db.prepare("UPDATE sqs_move_tasks SET moved = moved + ? WHERE task_id = ?"),
      finish: db.prepare("UPDATE sqs_move_tasks SET status = ?, failure_reason = ? WHERE task_id = ?"),
    };
  }

  /** Restarts the ticks of tasks that were running when the engine stopped. */
  resume(): void {
    for (const taskId of this.s.running.all() as string[]) this.schedule(taskId);
  }

  private sourceQueue(sourceArn: string, caller: Caller): Queue {
    if (!parseArn(sourceArn)) throw ARN_FORMAT("SourceArn");
    const source = this.queues.fromArnFor(sourceArn, caller);
    if (!source) throw missingResource("SourceArn");
    return source;
  }

  start(
    input: { sourceArn: string; destinationArn?: string; maxPerSecond?: number },
    caller: Caller,
  ): string {
    const source = this.sourceQueue(input.sourceArn, caller);
    if (this.queues.sourcesOf(source.arn).length === 0) {
      throw new InvalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
    }
    if (input.destinationArn !== undefined) {
      if (!parseArn(input.destinationArn)) throw ARN_FORMAT("DestinationArn");
      if (input.destinationArn === source.arn) {
        throw new InvalidParameterValue("Source queue arn and destination queue arn cannot be the same.");
      }
      const destination = this.queues.fromArnFor(input.destinationArn, caller);
      if (!destination) throw missingResource("DestinationArn");
      if (destination.fifo !== source.fifo) {
        throw new InvalidParameterValue(
          "The source queue and destination queue must be of the same queue type.",
        );
      }
    }
    const rate = input.maxPerSecond;
    if (rate !== undefined && (rate < MIN_MOVE_RATE_PER_SECOND || rate > MAX_MOVE_RATE_PER_SECOND)) {
      throw new InvalidParameterValue(
        "Value for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: You must enter a number that's between 1 and 500.",
      );
    }
    if (this.s.active.get(source.arn)) {
      throw new InvalidParameterValue(
        "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
      );
    }
    const taskId = randomUUID();
    this.s.insert.run(
      taskId,
      source.accountId,
      source.region,
      source.arn,
      input.destinationArn ?? null,
      rate ?? null,
      this.clock.now(),
      this.messages.highWaterMark(source),
      this.messages.counts(source).visible,
    );
    this.schedule(taskId);
    return encodeHandle(taskId, source.arn);
  }

  cancel(taskHandle: string, caller: Caller): number {
    const decoded = decodeHandle(taskHandle);
    if (!decoded) throw new InvalidParameterValue("Value for parameter TaskHandle is invalid.");
    this.sourceQueue(decoded.sourceArn, caller);
    const row = this.s.get.get(decoded.taskId) as TaskRow | undefined;
    if (!row || row.source_arn !== decoded.sourceArn)
      throw new ResourceNotFoundException("Task does not exist.");
    if (row.status !== "RUNNING") throw new ResourceNotFoundException("Task does not exist.");
    this.timers.get(row.task_id)?.cancel();
    this.timers.delete(row.task_id);
    this.s.finish.run("CANCELLED", null, row.task_id);
    return row.moved;
  }

  list(sourceArn: string, maxResults: number | undefined, caller: Caller): MoveTask[] {
    this.sourceQueue(sourceArn, caller);
    if (maxResults !== undefined && (maxResults < 1 || maxResults > MAX_LIST_MOVE_TASKS)) {
      throw new InvalidParameterValue(
        `Value for parameter MaxResults is invalid. Reason: You must enter a number that's between 1 and ${MAX_LIST_MOVE_TASKS}.`,
      );
    }
    return (this.s.list.all(sourceArn, maxResults ?? 1) as TaskRow[]).map((row) => ({
      taskId: row.task_id,
      taskHandle: encodeHandle(row.task_id, row.source_arn),
      sourceArn: row.source_arn,
      destinationArn: row.destination_arn ?? undefined,
      maxPerSecond: row.max_per_second ?? undefined,
      status: row.status,
      startedAt: row.started_at,
      toMove: row.to_move,
      moved: row.moved,
      failureReason: row.failure_reason ?? undefined,
    }));
  }

  private schedule(taskId: string): void {
    this.timers.set(
      taskId,
      this.clock.setTimer(0, () => this.tick(taskId)),
    );
  }

  private tick(taskId: string): void {
    this.timers.delete(taskId);
    const row = this.s.get.get(taskId) as TaskRow | undefined;
    if (row?.status !== "RUNNING") return;
    const source = this.queues.fromArn(row.source_arn);
    if (!source) {
      this.s.finish.run("FAILED", "AWS.SimpleQueueService.NonExistentQueue", taskId);
      return;
    }
    const fixed = row.destination_arn ? this.queues.fromArn(row.destination_arn) : undefined;
    if (row.destination_arn && !fixed) {
      this.s.finish.run("FAILED", "AWS.SimpleQueueService.NonExistentQueue", taskId);
      return;
    }
    const result = this.messages.moveBatch(
      source,
      row.last_seq,
      row.max_per_second ?? SYSTEM_MOVE_RATE_PER_SECOND,
      (origin) => {
        if (fixed) return fixed;
        if (!origin) return "CouldNotDetermineMessageSource";
        return this.queues.fromArn(origin) ?? "AWS.SimpleQueueService.NonExistentQueue";
      },
    );
    if (result.moved > 0) this.s.progress.run(result.moved, taskId);
    if (result.failure) {
      this.s.finish.run("FAILED", result.failure, taskId);
      return;
    }
    if (!result.remaining) {
      this.s.finish.run("COMPLETED", null, taskId);
      return;
    }
    this.timers.set(
      taskId,
      this.clock.setTimer(TICK_MS, () => this.tick(taskId)),
    );
  }

  close(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }
}
