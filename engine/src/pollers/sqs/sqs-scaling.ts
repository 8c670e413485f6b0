/**
 * How many batches an SQS mapping keeps in flight at once (AWS: services-sqs-scaling.html and
 * services-sqs-errorhandling.html).
 *
 * AWS starts a standard queue's mapping at 5 concurrent batches and, while messages keep coming,
 * adds up to 300 a minute up to 1,250, bounded by ScalingConfig.MaximumConcurrency and by the
 * function's concurrency. The engine models exactly that with one gatherer per mapping and this
 * target: a batch that comes back full means a backlog, and from then on the target grows by one
 * every 200 ms of clock time while the backlog lasts. A long poll that ends empty returns the
 * target to 5 ("at low traffic it scales back"). A throttled invocation lowers the target to what
 * the function accepted, and a function error lowers it by one (down to 2), as AWS "gradually
 * backs off"; with ReportBatchItemFailures AWS does not scale down on failures, and neither does
 * this. FIFO queues need nothing more: SQS hands out a message group to one batch at a time, so
 * concurrency never exceeds the number of active groups.
 */
import type { Clock } from "../../shared/clock.ts";
import {
  SQS_INITIAL_CONCURRENCY,
  SQS_MAX_CONCURRENCY,
  SQS_MIN_CONCURRENCY,
  SQS_SCALE_UP_INTERVAL_MS,
} from "../constants.ts";

export class SqsScaling {
  private target = SQS_INITIAL_CONCURRENCY;
  /** While there is a backlog: when the target next grows by one. */
  private growAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    /** MaximumConcurrency, when the mapping sets one. */
    private maximumConcurrency: number | undefined,
  ) {}

  configure(maximumConcurrency: number | undefined): void {
    this.maximumConcurrency = maximumConcurrency;
  }

  /** How many batches may be in flight now. */
  limit(): number {
    this.grow();
    return Math.min(this.ceiling(), this.target);
  }

  /** When the limit can next rise, if it can. */
  nextGrowthAt(): number | undefined {
    return this.target < this.ceiling() ? this.growAt : undefined;
  }

  /** A batch filled up: messages are waiting. */
  backlog(): void {
    this.growAt ??= this.clock.now() + SQS_SCALE_UP_INTERVAL_MS;
  }

  /** A batch left with room to spare: no backlog. */
  caughtUp(): void {
    this.growAt = undefined;
  }

  /** A long poll found nothing. */
  idle(): void {
    this.growAt = undefined;
    this.target = SQS_INITIAL_CONCURRENCY;
  }

  /** The function refused an invocation while `inFlight` batches (this one included) were running. */
  throttled(inFlight: number): void {
    this.growAt = undefined;
    this.target = Math.max(1, Math.min(this.target, inFlight - 1));
  }

  /** The function failed a batch. */
  failed(): void {
    this.target = Math.max(SQS_MIN_CONCURRENCY, this.target - 1);
  }

  private ceiling(): number {
    return Math.min(this.maximumConcurrency ?? SQS_MAX_CONCURRENCY, SQS_MAX_CONCURRENCY);
  }

  private grow(): void {
    const now = this.clock.now();
    if (this.growAt === undefined || now < this.growAt) return;
    const steps = 1 + Math.floor((now - this.growAt) / SQS_SCALE_UP_INTERVAL_MS);
    this.target = Math.min(this.ceiling(), this.target + steps);
    this.growAt += steps * SQS_SCALE_UP_INTERVAL_MS;
  }
}
