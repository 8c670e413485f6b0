/**
 * The poller of one SQS event source mapping (Lambda developer guide: with-sqs.md,
 * services-sqs-errorhandling.html, services-sqs-scaling.html).
 *
 * One gatherer builds batches one at a time and hands each to an invocation of its own, up to the
 * concurrency SqsScaling allows; it receives nothing while that many batches are in flight, so no
 * message waits out its visibility timeout for a free slot. Receives are long polls through the
 * in-process client, which a send wakes: an idle mapping costs one waiting receive, never a loop.
 *
 * A batch is invoked when it holds BatchSize records, when MaximumBatchingWindowInSeconds has
 * passed since its first record arrived (at once with no window), or when the next record would
 * take the event past the 6 MB invocation limit. AWS adds that a queue with very little traffic
 * "might" wait up to 20 seconds even with a shorter window; the engine keeps to the window.
 *
 * After the invocation: success deletes the batch. A function error deletes nothing: the messages
 * reappear when their visibility timeout ends and count toward the queue's maxReceiveCount, which
 * SQS's own redrive acts on. With ReportBatchItemFailures the response decides (see
 * batch-item-failures.ts). A throttled invocation is retried with back-off until the messages'
 * visibility timeout would run out; then the batch is let go and its messages reappear.
 *
 * FIFO queues: SQS hands a message group to one receiver at a time and keeps it blocked while any
 * of its messages is in flight, so batches hold each group's messages in order and groups never
 * overlap. When a record fails, AWS does not hold back the later records of its group by itself:
 * with a function error the whole batch comes back, in order, after the visibility timeout; with
 * ReportBatchItemFailures every record not reported is deleted, so a handler must stop at the first
 * failure and report it with every later record (AWS's guidance) or later records of the group are
 * processed before the failed one comes back. Records that overflow a FIFO batch's payload are
 * given back at once rather than carried to the next batch, where they could overtake a failure.
 *
 * Disabling or deleting the mapping stops the gatherer at once: its waiting long poll is aborted
 * and ends empty, so no message is received (and counted toward maxReceiveCount) for nothing;
 * messages already received but not delivered are made visible again at once. Invocations already
 * running finish and settle their batches.
 */
import type { Message } from "@aws-sdk/client-sqs";
import type { InProcessClient } from "../../services/in-process.ts";
import type { Clock } from "../../shared/clock.ts";
import type { Logger } from "../../shared/logger.ts";
import { readBatchItemFailures, reportsBatchItemFailures } from "../batch-item-failures.ts";
import { Bell, retryDelayMs, StopSignal, sleep, waitFor } from "../clock-wait.ts";
import {
  PROCESSING_FUNCTION_FAILED,
  PROCESSING_OK,
  SQS_LONG_POLL_SECONDS,
  SQS_MESSAGES_PER_CALL,
  SQS_SOURCE_RETRY_MS,
} from "../constants.ts";
import { serializeRecord } from "../event-payload.ts";
import { type RecordFilter, sqsRecordFilter } from "../filter-criteria.ts";
import {
  InvocationThrottled,
  type MappingConfig,
  type MappingInvocationResult,
  type MappingInvoker,
  type MappingStatusSink,
} from "../types.ts";
import { QueueClient } from "./queue-client.ts";
import { type ReceivedRecord, SqsBatch } from "./sqs-batch.ts";
import { lambdaSqsRecord } from "./sqs-records.ts";
import { SqsScaling } from "./sqs-scaling.ts";

export interface SqsPollerDeps {
  clock: Clock;
  client: InProcessClient;
  invoker: MappingInvoker;
  status: MappingStatusSink;
  logger: Logger;
}

export class SqsPoller {
  private readonly stop = new StopSignal();
  private readonly queue: QueueClient;
  private readonly scaling: SqsScaling;
  private readonly slotFreed = new Bell();
  private filter: RecordFilter;
  private inFlight = 0;
  /** Set when the engine closes: running invocations leave their batches alone. */
  private abandoned = false;
  /** Received records that did not fit the last batch; they start the next one. */
  private carried: ReceivedRecord[] = [];
  /** A receive still running when its batch left; the next batch takes what it brings. */
  private pendingReceive:
    | { messages: Promise<Message[]>; waitSeconds: number; cancel: AbortController }
    | undefined;
  /** Resolves when the gatherer has stopped. */
  readonly stopped: Promise<void>;

  constructor(
    private readonly deps: SqsPollerDeps,
    private config: MappingConfig,
  ) {
    this.queue = new QueueClient(deps.client, config.EventSourceArn);
    this.scaling = new SqsScaling(deps.clock, config.ScalingConfig?.MaximumConcurrency);
    this.filter = sqsRecordFilter(config.FilterCriteria, deps.logger);
    this.stopped = this.run();
  }

  update(config: MappingConfig): void {
    this.config = config;
    this.filter = sqsRecordFilter(config.FilterCriteria, this.deps.logger);
    this.scaling.configure(config.ScalingConfig?.MaximumConcurrency);
    this.slotFreed.ring();
  }

  halt(): void {
    this.stop.stop();
  }

  /** Stops and lets running invocations end without touching the queue (the engine is closing). */
  abandon(): void {
    this.abandoned = true;
    this.halt();
  }

  private async run(): Promise<void> {
    try {
      while (!this.stop.stopped) {
        try {
          await this.waitForSlot();
          if (this.stop.stopped) break;
          const batch = await this.gather();
          if (batch) void this.dispatch(batch);
        } catch (error) {
          this.deps.logger.warn("SQS event source mapping cannot read its queue; trying again", {
            mapping: this.config.UUID,
            queue: this.queue.arn,
            error: String(error),
          });
          this.queue.reset();
          await sleep(this.deps.clock, this.stop, SQS_SOURCE_RETRY_MS);
        }
      }
    } finally {
      this.giveBack();
    }
  }

  private async waitForSlot(): Promise<void> {
    const { clock } = this.deps;
    while (!this.stop.stopped && this.inFlight >= this.scaling.limit()) {
      const growAt = this.scaling.nextGrowthAt();
      const timeout = growAt === undefined ? undefined : Math.max(0, growAt - clock.now());
      await waitFor(clock, this.stop, this.slotFreed.wait(), timeout);
    }
  }

  /** Builds the next batch; undefined when stopped. */
  private async gather(): Promise<SqsBatch | undefined> {
    const batch = new SqsBatch(this.config.BatchSize);
    this.carried = this.carried.filter((item) => !batch.tryAdd(item));
    try {
      return await this.fill(batch);
    } catch (error) {
      this.pendingReceive = undefined;
      this.carried.push(...batch.records);
      throw error;
    }
  }

  private async fill(batch: SqsBatch): Promise<SqsBatch | undefined> {
    const { clock } = this.deps;
    const windowMs = (this.config.MaximumBatchingWindowInSeconds ?? 0) * 1000;
    for (;;) {
      if (batch.full) return batch;
      let timeoutMs: number | undefined;
      if (batch.size > 0) {
        timeoutMs = batch.startedAt + windowMs - clock.now();
        if (windowMs === 0 || timeoutMs <= 0) return batch;
      }
      if (!this.pendingReceive) {
        const waitSeconds =
          timeoutMs === undefined
            ? SQS_LONG_POLL_SECONDS
            : Math.min(SQS_LONG_POLL_SECONDS, Math.max(1, Math.ceil(timeoutMs / 1000)));
        const cancel = new AbortController();
        const messages = this.queue.receive(
          Math.min(SQS_MESSAGES_PER_CALL, batch.remaining),
          waitSeconds,
          cancel.signal,
        );
        this.pendingReceive = { messages, waitSeconds, cancel };
      }
      const { messages, waitSeconds } = this.pendingReceive;
      const outcome = await waitFor(clock, this.stop, messages, timeoutMs);
      if (outcome.kind === "timeout") return batch;
      if (outcome.kind === "stopped") {
        this.carried.push(...batch.records);
        return undefined;
      }
      this.pendingReceive = undefined;
      if (outcome.value.length === 0 && waitSeconds === SQS_LONG_POLL_SECONDS) this.scaling.idle();
      await this.admit(batch, outcome.value);
    }
  }

  /** Filters what a receive brought and adds it to the batch; what does not fit waits for the next. */
  private async admit(batch: SqsBatch, messages: readonly Message[]): Promise<void> {
    const now = this.deps.clock.now();
    const filteredOut: string[] = [];
    const overflow: ReceivedRecord[] = [];
    for (const message of messages) {
      const record = lambdaSqsRecord(message, this.queue.arn, this.queue.region);
      if (!this.filter(record as unknown as Record<string, unknown>)) {
        filteredOut.push(record.receiptHandle);
        continue;
      }
      const item = { record, serialized: serializeRecord(record), receivedAt: now };
      if (!batch.tryAdd(item)) overflow.push(item);
    }
    // AWS (invocation-eventfiltering.md): "Lambda automatically removes" SQS messages that match no filter.
    await this.queue.delete(filteredOut);
    if (overflow.length === 0) return;
    if (this.queue.fifo) await this.queue.release(overflow.map((item) => item.record.receiptHandle));
    else this.carried.push(...overflow);
  }

  private async dispatch(batch: SqsBatch): Promise<void> {
    this.inFlight++;
    if (batch.full) this.scaling.backlog();
    else this.scaling.caughtUp();
    try {
      const result = await this.invoke(batch);
      if (result && !this.abandoned) await this.settle(batch, result);
    } catch (error) {
      this.deps.logger.warn("SQS event source mapping could not settle a batch", {
        mapping: this.config.UUID,
        error: String(error),
      });
    } finally {
      this.inFlight--;
      this.slotFreed.ring();
    }
  }

  /** Invokes the function; undefined when throttling outlasted the messages' visibility timeout. */
  private async invoke(batch: SqsBatch): Promise<MappingInvocationResult | undefined> {
    const { clock, invoker, logger } = this.deps;
    const payload = batch.payload();
    for (let throttles = 0; ; throttles++) {
      try {
        return await invoker.invoke(this.config.FunctionArn, payload, { mappingUuid: this.config.UUID });
      } catch (error) {
        if (!(error instanceof InvocationThrottled)) {
          logger.warn("SQS event source mapping invocation failed", {
            mapping: this.config.UUID,
            error: String(error),
          });
          return {
            payload: Buffer.from(JSON.stringify({ errorMessage: String(error) })),
            functionError: "Unhandled",
          };
        }
        if (this.abandoned) return undefined;
        this.scaling.throttled(this.inFlight);
        // AWS (services-sqs-errorhandling.html): after throttling "Lambda continues to retry the
        // message until the message's timestamp exceeds your queue's visibility timeout".
        const delay = retryDelayMs(throttles);
        const visibleAgainAt = batch.startedAt + (await this.queue.visibilityTimeoutSeconds()) * 1000;
        if (clock.now() + delay >= visibleAgainAt) return undefined;
        if (!(await sleep(clock, this.stop, delay))) return undefined;
      }
    }
  }

  private async settle(batch: SqsBatch, result: MappingInvocationResult): Promise<void> {
    const { status } = this.deps;
    const rbif = reportsBatchItemFailures(this.config.FunctionResponseTypes);
    if (result.functionError) {
      status.processingResult(this.config.UUID, PROCESSING_FUNCTION_FAILED);
      if (!rbif) this.scaling.failed();
      return;
    }
    status.processingResult(this.config.UUID, PROCESSING_OK);
    if (!rbif) {
      await this.queue.delete(batch.receiptHandles());
      return;
    }
    const outcome = readBatchItemFailures(
      result.payload,
      new Set(batch.records.map((r) => r.record.messageId)),
    );
    if (outcome.kind === "all-failed") {
      this.deps.logger.debug("partial batch response fails the whole batch", {
        mapping: this.config.UUID,
        reason: outcome.reason,
      });
      return;
    }
    const succeeded =
      outcome.kind === "all-succeeded"
        ? batch.records
        : batch.records.filter((r) => !outcome.failed.has(r.record.messageId));
    await this.queue.delete(succeeded.map((r) => r.record.receiptHandle));
  }

  /** A stopped gatherer makes visible again what it received but will not deliver. */
  private giveBack(): void {
    const handles = this.abandoned ? [] : this.carried.map((item) => item.record.receiptHandle);
    this.carried = [];
    const release = (list: string[]) =>
      this.queue
        .release(list)
        .catch((error: unknown) =>
          this.deps.logger.debug("could not give back received messages", { error: String(error) }),
        );
    if (handles.length > 0) void release(handles);
    const pending = this.pendingReceive;
    this.pendingReceive = undefined;
    // A long poll still waiting ends empty; one that already received gives its messages back.
    pending?.cancel.abort();
    pending?.messages.then(
      (messages) => {
        if (messages.length > 0 && !this.abandoned) void release(messages.map((m) => m.ReceiptHandle ?? ""));
      },
      () => {},
    );
  }
}
