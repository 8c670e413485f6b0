/**
 * Asynchronous invocation (InvocationType Event), as Lambda runs it: the event is queued durably
 * and acknowledged with 202; the function is invoked from the queue; a function error is retried
 * (MaximumRetryAttempts, 2 by default, about one and then two minutes apart); a throttle is retried
 * without counting; an event older than MaximumEventAgeInSeconds is discarded. The outcome goes to
 * the OnSuccess / OnFailure destination, and a failed event to the dead-letter queue, in Lambda's
 * invocation-record format (Lambda guide, "Asynchronous invocation" and "destinations").
 */
import type { DestinationConfig } from "@aws-sdk/client-lambda";
import { roleSessionPrincipal } from "../../server/credentials.ts";
import { parseArn } from "../../shared/arn.ts";
import type { Clock, TimerHandle } from "../../shared/clock.ts";
import { newRequestId } from "../../shared/ids.ts";
import type { Logger } from "../../shared/logger.ts";
import type { Db } from "../../storage/database.ts";
import type { InProcessClient } from "../in-process.ts";
import { ASYNC_RETRY_DELAYS_MS, DEFAULT_ASYNC_RETRIES, DEFAULT_MAX_EVENT_AGE_SECONDS } from "./constants.ts";
import { TooManyRequestsException } from "./errors.ts";
import type { FunctionRegistry, LambdaFunction } from "./functions.ts";
import type { FunctionInvoker } from "./invoker.ts";
import type { LambdaMetrics } from "./metrics.ts";

interface EventRow {
  id: number;
  request_id: string;
  account_id: string;
  region: string;
  function_name: string;
  payload: Buffer;
  attempts: number;
  enqueued_at: number;
  next_attempt_at: number;
}

/** How long a throttled event waits before Lambda tries it again. */
const THROTTLE_RETRY_MS = 1_000;
const BATCH = 100;
/** `next_attempt_at` of an event being attempted: off the schedule, and never a timer's due time. */
const HELD = Number.MAX_SAFE_INTEGER;
/**
 * Events waiting in one function's queue. AWS documents no bound (it drops events a function
 * cannot keep up with); the engine refuses more with 429 TooManyRequestsException, which the SDKs
 * retry, rather than let its database grow without end.
 */
export const MAX_QUEUED_EVENTS_PER_FUNCTION = 10_000;
/**
 * Attempts running at once, engine-wide. Each holds its payload (up to 1 MB) in memory until the
 * function returns; the rest wait in the database.
 */
export const MAX_ATTEMPTS_IN_FLIGHT = 100;

type Condition = "RetriesExhausted" | "EventAgeExceeded" | "Success";

export class AsyncInvocations {
  private timer: TimerHandle | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private readonly inFlight = new Set<number>();
  /** Queued events per function (`account/region/name`), counted once from the database. */
  private readonly queued = new Map<string, number>();
  private closed = false;
  private readonly statements;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      functions: FunctionRegistry;
      invoker: FunctionInvoker;
      client: InProcessClient;
      metrics: LambdaMetrics;
      logger: Logger;
    },
  ) {
    const { db } = deps;
    this.statements = {
      insert: db.prepare(
        `INSERT INTO lambda_async_events (request_id, account_id, region, function_name, payload, enqueued_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      due: db.prepare(
        "SELECT * FROM lambda_async_events WHERE next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
      ),
      next: db
        .prepare("SELECT MIN(next_attempt_at) FROM lambda_async_events WHERE next_attempt_at < ?")
        .pluck(),
      reschedule: db.prepare("UPDATE lambda_async_events SET attempts = ?, next_attempt_at = ? WHERE id = ?"),
      remove: db.prepare("DELETE FROM lambda_async_events WHERE id = ?"),
      removeFunction: db.prepare(
        "DELETE FROM lambda_async_events WHERE account_id = ? AND region = ? AND function_name = ?",
      ),
      count: db
        .prepare(
          "SELECT COUNT(*) FROM lambda_async_events WHERE account_id = ? AND region = ? AND function_name = ?",
        )
        .pluck(),
    };
    // Attempts cut short by a restart run again (Lambda delivers an event at least once).
    db.prepare("UPDATE lambda_async_events SET next_attempt_at = ? WHERE next_attempt_at = ?").run(
      deps.clock.now(),
      HELD,
    );
    this.arm();
  }

  /**
   * Queues an event (durably, before the 202 is sent) and returns its request id. Throws
   * TooManyRequestsException when the function already has MAX_QUEUED_EVENTS_PER_FUNCTION waiting.
   */
  enqueue(fn: LambdaFunction, payload: Buffer, requestId = newRequestId()): string {
    const key = queueKey(fn.accountId, fn.region, fn.name);
    const queued = this.queuedFor(key, fn);
    if (queued >= MAX_QUEUED_EVENTS_PER_FUNCTION)
      throw new TooManyRequestsException("FunctionInvocationRateLimitExceeded");
    const now = this.deps.clock.now();
    this.statements.insert.run(requestId, fn.accountId, fn.region, fn.name, payload, now, now);
    this.queued.set(key, queued + 1);
    this.arm();
    return requestId;
  }

  /** Events still waiting for a function (tests and the console). */
  pending(fn: LambdaFunction): number {
    return this.statements.count.get(fn.accountId, fn.region, fn.name) as number;
  }

  forget(fn: LambdaFunction): void {
    this.statements.removeFunction.run(fn.accountId, fn.region, fn.name);
    this.queued.delete(queueKey(fn.accountId, fn.region, fn.name));
  }

  private queuedFor(key: string, fn: LambdaFunction): number {
    let queued = this.queued.get(key);
    if (queued === undefined) {
      queued = this.pending(fn);
      this.queued.set(key, queued);
    }
    return queued;
  }

  private removeRow(row: EventRow): void {
    this.statements.remove.run(row.id);
    const key = queueKey(row.account_id, row.region, row.function_name);
    const queued = this.queued.get(key);
    if (queued !== undefined) this.queued.set(key, Math.max(0, queued - 1));
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
  }

  private arm(): void {
    // At capacity, the next attempt to finish re-arms.
    if (this.closed || this.inFlight.size >= MAX_ATTEMPTS_IN_FLIGHT) return;
    const next = this.statements.next.get(HELD) as number | null;
    if (next === null || next >= this.timerDue) return;
    this.timer?.cancel();
    this.timerDue = next;
    this.timer = this.deps.clock.setTimer(next - this.deps.clock.now(), () => {
      this.timer = undefined;
      this.timerDue = Number.POSITIVE_INFINITY;
      this.runDue();
    });
  }

  private runDue(): void {
    if (this.closed) return;
    const room = Math.min(BATCH, MAX_ATTEMPTS_IN_FLIGHT - this.inFlight.size);
    if (room <= 0) return;
    const rows = this.statements.due.all(this.deps.clock.now(), room) as EventRow[];
    for (const row of rows) {
      if (this.inFlight.has(row.id)) continue;
      this.inFlight.add(row.id);
      // Holding the row off the schedule while it runs keeps the timer from firing for it again.
      this.statements.reschedule.run(row.attempts, HELD, row.id);
      this.attempt(row)
        .catch((error: unknown) =>
          this.deps.logger.error("asynchronous invocation failed", {
            requestId: row.request_id,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
        )
        .finally(() => {
          this.inFlight.delete(row.id);
          this.arm();
        });
    }
    this.arm();
  }

  private async attempt(row: EventRow): Promise<void> {
    const { clock, functions, invoker } = this.deps;
    const fn = functions.find(row.account_id, row.region, row.function_name);
    if (!fn) {
      this.removeRow(row);
      return;
    }
    const settings = fn.eventInvokeConfig;
    const maxAgeMs = (settings?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
    const maxRetries = settings?.MaximumRetryAttempts ?? DEFAULT_ASYNC_RETRIES;
    if (clock.now() - row.enqueued_at > maxAgeMs) {
      await this.fail(fn, row, "EventAgeExceeded", undefined);
      return;
    }
    let outcome: Awaited<ReturnType<FunctionInvoker["invoke"]>>;
    try {
      outcome = await invoker.invoke(fn, row.payload, { requestId: row.request_id });
    } catch (error) {
      if (!(error instanceof TooManyRequestsException)) throw error;
      this.statements.reschedule.run(row.attempts, clock.now() + THROTTLE_RETRY_MS, row.id);
      return;
    }
    const attempts = row.attempts + 1;
    if (!outcome.functionError) {
      this.removeRow(row);
      await this.deliver(
        fn,
        settings?.DestinationConfig?.OnSuccess?.Destination,
        row,
        "Success",
        attempts,
        outcome,
      );
      return;
    }
    if (attempts > maxRetries) {
      await this.fail(fn, { ...row, attempts }, "RetriesExhausted", outcome);
      return;
    }
    const delay = ASYNC_RETRY_DELAYS_MS[Math.min(attempts - 1, ASYNC_RETRY_DELAYS_MS.length - 1)]!;
    const nextAt = clock.now() + delay;
    if (nextAt - row.enqueued_at > maxAgeMs) {
      await this.fail(fn, { ...row, attempts }, "EventAgeExceeded", outcome);
      return;
    }
    this.statements.reschedule.run(attempts, nextAt, row.id);
  }

  private async fail(
    fn: LambdaFunction,
    row: EventRow,
    condition: Condition,
    outcome: { payload: Buffer; functionError?: string } | undefined,
  ): Promise<void> {
    this.removeRow(row);
    this.deps.metrics.of(fn.config.FunctionArn).asyncEventsDropped++;
    const destination = fn.eventInvokeConfig?.DestinationConfig?.OnFailure?.Destination;
    await this.deliver(fn, destination, row, condition, row.attempts, outcome);
    const dlq = fn.config.DeadLetterConfig?.TargetArn;
    if (dlq) await this.sendToDeadLetterQueue(fn, dlq, row, outcome);
  }

  /** Lambda's invocation record (Lambda guide, "Adding a destination"). */
  private async deliver(
    fn: LambdaFunction,
    destination: string | undefined,
    row: EventRow,
    condition: Condition,
    attempts: number,
    outcome: { payload: Buffer; functionError?: string } | undefined,
  ): Promise<void> {
    if (!destination) return;
    const record = {
      version: "1.0",
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      requestContext: {
        requestId: row.request_id,
        functionArn: `${fn.config.FunctionArn}:$LATEST`,
        condition,
        approximateInvokeCount: attempts,
      },
      requestPayload: parseJsonOrText(row.payload),
      responseContext: {
        statusCode: 200,
        executedVersion: "$LATEST",
        ...(outcome?.functionError && { functionError: outcome.functionError }),
      },
      responsePayload: outcome ? parseJsonOrText(outcome.payload) : undefined,
    };
    await this.sendTo(fn, destination, JSON.stringify(record), {});
  }

  /** AWS: the DLQ gets the event itself, with RequestID, ErrorCode and ErrorMessage attributes. */
  private async sendToDeadLetterQueue(
    fn: LambdaFunction,
    target: string,
    row: EventRow,
    outcome: { payload: Buffer; functionError?: string } | undefined,
  ): Promise<void> {
    const error = outcome
      ? (parseJsonOrText(outcome.payload) as { errorMessage?: string } | string)
      : undefined;
    const message =
      typeof error === "object" && error?.errorMessage ? error.errorMessage : "Event age exceeded";
    await this.sendTo(fn, target, row.payload.toString("utf8"), {
      RequestID: { DataType: "String", StringValue: row.request_id },
      ErrorCode: { DataType: "Number", StringValue: "200" },
      ErrorMessage: { DataType: "String", StringValue: message },
    });
  }

  /**
   * Lambda sends to destinations and the dead-letter queue with the function's execution role
   * (Lambda guide, "Adding a destination": the role needs sqs:SendMessage, sns:Publish or
   * lambda:InvokeFunction), so under `--iam` a role without the grant loses the record. A Lambda
   * destination is an asynchronous Invoke, as the role, so the target's function policy counts.
   */
  private async sendTo(
    fn: LambdaFunction,
    arn: string,
    body: string,
    attributes: Record<string, unknown>,
  ): Promise<void> {
    const parsed = parseArn(arn);
    if (!parsed) return;
    const { Role: role, FunctionName: functionName } = fn.config;
    const as = role ? roleSessionPrincipal(role, functionName ?? "") : undefined;
    try {
      if (parsed.service === "sqs") {
        const { QueueUrl } = await this.deps.client.call<{ QueueUrl: string }>(
          "sqs",
          "GetQueueUrl",
          { QueueName: parsed.resource, QueueOwnerAWSAccountId: parsed.accountId },
          { region: parsed.region },
        );
        await this.deps.client.call(
          "sqs",
          "SendMessage",
          {
            QueueUrl,
            MessageBody: body,
            ...(Object.keys(attributes).length > 0 && { MessageAttributes: attributes }),
          },
          { region: parsed.region, ...(as && { as }) },
        );
      } else if (parsed.service === "lambda") {
        await this.deps.client.call(
          "lambda",
          "Invoke",
          { FunctionName: arn, InvocationType: "Event", Payload: Buffer.from(body) },
          { region: parsed.region, ...(as && { as }) },
        );
      }
    } catch (error) {
      // AWS drops a record it cannot deliver (and reports DestinationDeliveryFailures).
      this.deps.logger.warn("could not deliver to a Lambda destination", {
        destination: arn,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}

const queueKey = (accountId: string, region: string, name: string) => `${accountId}/${region}/${name}`;

function parseJsonOrText(payload: Buffer): unknown {
  const text = payload.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Destinations the engine can deliver to today; others are refused when configured. */
export function validateDestinations(config: DestinationConfig | undefined): string | undefined {
  for (const target of [config?.OnSuccess?.Destination, config?.OnFailure?.Destination]) {
    if (!target) continue;
    const service = parseArn(target)?.service;
    if (service !== "sqs" && service !== "lambda") return target;
  }
  return undefined;
}
