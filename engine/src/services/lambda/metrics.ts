/**
 * Per-function counters Lambda publishes to CloudWatch (Invocations, Errors, Throttles, Duration,
 * ConcurrentExecutions, IteratorAge), kept here until the engine has CloudWatch metrics.
 */
export interface FunctionMetrics {
  invocations: number;
  errors: number;
  throttles: number;
  /** Sum, count and maximum of invocation durations, in milliseconds. */
  duration: { sumMs: number; count: number; maxMs: number };
  /** Invocations running now, and the most seen at once. */
  concurrentExecutions: number;
  maxConcurrentExecutions: number;
  /** Age of the newest record of the last stream batch, in milliseconds. */
  iteratorAgeMs: number | undefined;
  /** Asynchronous events dropped after their retries or age ran out. */
  asyncEventsDropped: number;
}

const empty = (): FunctionMetrics => ({
  invocations: 0,
  errors: 0,
  throttles: 0,
  duration: { sumMs: 0, count: 0, maxMs: 0 },
  concurrentExecutions: 0,
  maxConcurrentExecutions: 0,
  iteratorAgeMs: undefined,
  asyncEventsDropped: 0,
});

export class LambdaMetrics {
  private readonly byFunction = new Map<string, FunctionMetrics>();

  of(functionArn: string): FunctionMetrics {
    let metrics = this.byFunction.get(functionArn);
    if (!metrics) {
      metrics = empty();
      this.byFunction.set(functionArn, metrics);
    }
    return metrics;
  }

  snapshot(functionArn: string): FunctionMetrics {
    const metrics = this.of(functionArn);
    return { ...metrics, duration: { ...metrics.duration } };
  }

  forget(functionArn: string): void {
    this.byFunction.delete(functionArn);
  }
}
