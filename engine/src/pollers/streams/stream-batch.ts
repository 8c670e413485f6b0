/**
 * Delivering one stream batch until it is done, by Lambda's rules for DynamoDB streams
 * (with-ddb.md, services-dynamodb-errors.html, services-ddb-batchfailurereporting.html):
 *
 * - A function error retries the whole batch (after a back-off on the clock) until it succeeds,
 *   MaximumRetryAttempts retries have failed (−1: no limit), or its records are older than
 *   MaximumRecordAgeInSeconds (−1: until they leave the stream after 24 hours); records that age
 *   out are reported as RecordAgeExceeded.
 *   Until then the batch blocks its lane, as a bad record blocks its shard on AWS.
 * - Throttled invocations never reached the function: they are retried with back-off and do not
 *   count as retries; only the record age ends them.
 * - BisectBatchOnFunctionError splits a failed batch in two and delivers each half in turn, down
 *   to the one bad record; splitting does not count as a retry.
 * - ReportBatchItemFailures: the records before the lowest reported SequenceNumber are done and
 *   the batch is retried from it (a counted retry). With bisection on, AWS instead "splits at the
 *   returned sequence number" and retries the remaining records without counting a retry; a
 *   response that fails the first record, or the whole batch, bisects like a function error.
 * - Discarded records are described to the on-failure destination (on-failure.ts) and skipped.
 *
 * The delays are the engine's choice (constants.ts): AWS documents back-off, not its figures.
 */
import { readBatchItemFailures, reportsBatchItemFailures } from "../batch-item-failures.ts";
import { retryDelayMs, type StopSignal, sleep } from "../clock-wait.ts";
import { PROCESSING_FUNCTION_FAILED, PROCESSING_OK, STREAM_RECORD_RETENTION_MS } from "../constants.ts";
import { eventPayload } from "../event-payload.ts";
import { InvocationThrottled, type MappingInvocationResult } from "../types.ts";
import type { DiscardCondition } from "./on-failure.ts";
import type { LaneProgress, StreamEntry, StreamMappingContext } from "./stream-context.ts";
import { compareSequenceNumbers } from "./stream-records.ts";

type Verdict = { kind: "succeeded" } | { kind: "failed" } | { kind: "failed-from"; index: number };

interface Attempts {
  /** Failed attempts that count toward MaximumRetryAttempts. */
  retries: number;
  invocations: number;
  lastResult: MappingInvocationResult | undefined;
}

export class StreamBatchDelivery {
  constructor(
    private readonly ctx: StreamMappingContext,
    private readonly shard: LaneProgress,
    private readonly lane: number,
    private readonly stop: StopSignal,
  ) {}

  /** Delivers `entries` until each is done; returns early (leaving the rest undone) when stopped. */
  async deliver(entries: StreamEntry[]): Promise<void> {
    const saved = this.shard.retryState(this.lane, entries[0]!.sequenceNumber);
    await this.attempt(entries, {
      retries: saved?.attempts ?? 0,
      invocations: saved?.invocations ?? 0,
      lastResult: undefined,
    });
  }

  private async attempt(batch: StreamEntry[], attempts: Attempts): Promise<void> {
    const { clock } = this.ctx;
    let entries = batch;
    let throttles = 0;
    while (entries.length > 0 && !this.stop.stopped) {
      const expired = this.expiredCount(entries);
      if (expired > 0) {
        await this.discard(entries.slice(0, expired), "RecordAgeExceeded", attempts);
        entries = entries.slice(expired);
        continue;
      }
      const result = await this.invoke(entries);
      if (result === "throttled") {
        if (!(await sleep(clock, this.stop, retryDelayMs(throttles++)))) return;
        continue;
      }
      attempts.invocations++;
      attempts.lastResult = result;
      const verdict = this.judge(entries, result);
      if (verdict.kind === "succeeded") {
        this.done(entries);
        return;
      }
      const bisect = this.ctx.config().BisectBatchOnFunctionError === true;
      if (verdict.kind === "failed-from" && verdict.index > 0) {
        this.done(entries.slice(0, verdict.index));
        entries = entries.slice(verdict.index);
        if (bisect) continue;
      } else if (bisect && entries.length > 1) {
        const half = Math.ceil(entries.length / 2);
        this.shard.setRetryState(this.lane, undefined);
        await this.attempt(entries.slice(0, half), { retries: 0, invocations: 0, lastResult: undefined });
        if (!this.stop.stopped)
          await this.attempt(entries.slice(half), { retries: 0, invocations: 0, lastResult: undefined });
        return;
      }
      attempts.retries++;
      const maxRetries = this.ctx.config().MaximumRetryAttempts ?? -1;
      if (maxRetries !== -1 && attempts.retries > maxRetries) {
        await this.discard(entries, "RetryAttemptsExhausted", attempts);
        return;
      }
      this.shard.setRetryState(this.lane, {
        sequenceNumber: entries[0]!.sequenceNumber,
        attempts: attempts.retries,
        invocations: attempts.invocations,
      });
      if (!(await sleep(clock, this.stop, retryDelayMs(attempts.retries - 1)))) return;
    }
  }

  /** How many leading records are older than MaximumRecordAgeInSeconds (or the stream keeps them). */
  private expiredCount(entries: readonly StreamEntry[]): number {
    const maxAgeSeconds = this.ctx.config().MaximumRecordAgeInSeconds ?? -1;
    const maxAgeMs =
      maxAgeSeconds === -1
        ? STREAM_RECORD_RETENTION_MS
        : Math.min(maxAgeSeconds * 1000, STREAM_RECORD_RETENTION_MS);
    const now = this.ctx.clock.now();
    const fresh = entries.findIndex(
      (e) => now - e.record.dynamodb.ApproximateCreationDateTime * 1000 <= maxAgeMs,
    );
    return fresh === -1 ? entries.length : fresh;
  }

  private async invoke(entries: readonly StreamEntry[]): Promise<MappingInvocationResult | "throttled"> {
    const { clock, invoker, logger } = this.ctx;
    const config = this.ctx.config();
    // AWS (monitoring-metrics): IteratorAge is the age of the last record in the batch when the
    // mapping sends it to the function.
    const newest = entries.at(-1)!.record.dynamodb.ApproximateCreationDateTime * 1000;
    try {
      return await invoker.invoke(config.FunctionArn, eventPayload(entries.map((e) => e.serialized)), {
        mappingUuid: config.UUID,
        iteratorAgeMs: Math.max(0, clock.now() - newest),
      });
    } catch (error) {
      if (error instanceof InvocationThrottled) return "throttled";
      logger.warn("stream event source mapping invocation failed", {
        mapping: config.UUID,
        error: String(error),
      });
      return {
        payload: Buffer.from(JSON.stringify({ errorMessage: String(error) })),
        functionError: "Unhandled",
      };
    }
  }

  private judge(entries: readonly StreamEntry[], result: MappingInvocationResult): Verdict {
    const config = this.ctx.config();
    this.ctx.status.processingResult(
      config.UUID,
      result.functionError ? PROCESSING_FUNCTION_FAILED : PROCESSING_OK,
    );
    if (result.functionError) return { kind: "failed" };
    if (!reportsBatchItemFailures(config.FunctionResponseTypes)) return { kind: "succeeded" };
    const outcome = readBatchItemFailures(result.payload, new Set(entries.map((e) => e.sequenceNumber)));
    if (outcome.kind === "all-succeeded") return { kind: "succeeded" };
    if (outcome.kind === "all-failed") return { kind: "failed" };
    // AWS: with several failures Lambda checkpoints at the lowest sequence number and retries from there.
    const lowest = [...outcome.failed].sort(compareSequenceNumbers)[0]!;
    return { kind: "failed-from", index: entries.findIndex((e) => e.sequenceNumber === lowest) };
  }

  private async discard(
    entries: StreamEntry[],
    condition: DiscardCondition,
    attempts: Attempts,
  ): Promise<void> {
    const config = this.ctx.config();
    const destination = config.DestinationConfig?.OnFailure?.Destination;
    if (destination) {
      await this.ctx.destinations.send(destination, {
        functionArn: config.FunctionArn,
        streamArn: this.ctx.streamArn,
        shardId: this.shard.shardId,
        condition,
        records: entries.map((e) => e.record),
        invocations: attempts.invocations,
        lastResult: attempts.lastResult,
        at: this.ctx.clock.now(),
      });
    }
    this.done(entries);
  }

  private done(entries: readonly StreamEntry[]): void {
    if (entries.length === 0) return;
    this.shard.setRetryState(this.lane, undefined);
    this.shard.complete(entries);
  }
}
