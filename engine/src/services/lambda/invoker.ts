/**
 * Runs one invocation of a function: admission against its concurrency (reserved, or the account's
 * unreserved pool), the execution environment from the runtime, and the metrics Lambda keeps.
 */
import { createHash } from "node:crypto";
import type { FunctionEnvironmentSpec, InvocationOutcome, RuntimeManager } from "../../runtime/types.ts";
import type { CredentialStore } from "../../server/credentials.ts";
import type { LogDeliveryQuery } from "../iam/log-delivery.ts";
import { MIN_UNRESERVED_CONCURRENCY } from "./constants.ts";
import { TooManyRequestsException } from "./errors.ts";
import type { FunctionRegistry, LambdaFunction } from "./functions.ts";
import type { LambdaMetrics } from "./metrics.ts";

export interface InvokeOptions {
  requestId: string;
  clientContext?: string;
  /** For stream pollers: the age of the batch's newest record. */
  iteratorAgeMs?: number;
}

export class FunctionInvoker {
  private readonly running = new Map<string, number>();
  /** Invocations running for functions without reserved concurrency. */
  private unreservedRunning = 0;

  constructor(
    private readonly deps: {
      functions: FunctionRegistry;
      runtime: RuntimeManager;
      metrics: LambdaMetrics;
      endpoint: () => string;
      accountConcurrency: number;
      /** Issues the role sessions functions run with. */
      credentials: CredentialStore;
      /** Under `--iam`: whether the role may write the function's logs (else they are dropped). */
      logsDelivered?: (query: LogDeliveryQuery) => boolean;
    },
  ) {}

  /** The concurrency left for functions without a reservation. */
  unreservedLimit(accountId: string, region: string): number {
    return this.deps.accountConcurrency - this.deps.functions.reservedTotal(accountId, region);
  }

  get accountConcurrency(): number {
    return this.deps.accountConcurrency;
  }

  get minimumUnreserved(): number {
    return Math.min(MIN_UNRESERVED_CONCURRENCY, this.deps.accountConcurrency);
  }

  runningCount(fn: LambdaFunction): number {
    return this.running.get(fn.config.FunctionArn) ?? 0;
  }

  /**
   * Takes a slot for one invocation or throws Lambda's throttle. AWS: a function with reserved
   * concurrency never exceeds it (0 stops it entirely); the others share what is not reserved.
   */
  private admit(fn: LambdaFunction): () => void {
    const arn = fn.config.FunctionArn;
    const metrics = this.deps.metrics.of(arn);
    const running = this.running.get(arn) ?? 0;
    const reserved = fn.reservedConcurrency;
    if (
      reserved !== undefined
        ? running >= reserved
        : this.unreservedRunning >= this.unreservedLimit(fn.accountId, fn.region)
    ) {
      metrics.throttles++;
      throw new TooManyRequestsException(
        reserved !== undefined
          ? "ReservedFunctionConcurrentInvocationLimitExceeded"
          : "ConcurrentInvocationLimitExceeded",
      );
    }
    this.running.set(arn, running + 1);
    if (reserved === undefined) this.unreservedRunning++;
    metrics.concurrentExecutions = running + 1;
    metrics.maxConcurrentExecutions = Math.max(metrics.maxConcurrentExecutions, running + 1);
    return () => {
      const now = (this.running.get(arn) ?? 1) - 1;
      if (now === 0) this.running.delete(arn);
      else this.running.set(arn, now);
      if (reserved === undefined) this.unreservedRunning--;
      metrics.concurrentExecutions = now;
    };
  }

  async invoke(fn: LambdaFunction, payload: Buffer, options: InvokeOptions): Promise<InvocationOutcome> {
    const release = this.admit(fn);
    const metrics = this.deps.metrics.of(fn.config.FunctionArn);
    try {
      const outcome = await this.deps.runtime.invoke(this.specOf(fn), {
        requestId: options.requestId,
        payload,
        clientContext: options.clientContext,
      });
      metrics.invocations++;
      if (outcome.functionError) metrics.errors++;
      metrics.duration.sumMs += outcome.durationMs;
      metrics.duration.count++;
      metrics.duration.maxMs = Math.max(metrics.duration.maxMs, outcome.durationMs);
      if (options.iteratorAgeMs !== undefined) metrics.iteratorAgeMs = options.iteratorAgeMs;
      return outcome;
    } finally {
      release();
    }
  }

  specOf(fn: LambdaFunction): FunctionEnvironmentSpec {
    const { config } = fn;
    const environment = config.Environment?.Variables ?? {};
    const logGroupName = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn.name}`;
    const role = config.Role ?? "";
    const configKey = createHash("sha256")
      .update(
        JSON.stringify([
          config.CodeSha256,
          fn.codeDir,
          config.Runtime,
          config.Handler,
          config.Timeout,
          config.MemorySize,
          environment,
          logGroupName,
          // Another role means new environments, with sessions of that role.
          role,
        ]),
      )
      .digest("hex");
    return {
      functionName: fn.name,
      functionArn: config.FunctionArn,
      version: "$LATEST",
      runtime: config.Runtime,
      handler: config.Handler,
      codeDir: fn.codeDir,
      timeoutSeconds: config.Timeout,
      memorySize: config.MemorySize,
      environment,
      region: fn.region,
      accountId: fn.accountId,
      logGroupName,
      engineEndpoint: this.deps.endpoint(),
      // AWS: each execution environment gets temporary credentials for the function's execution
      // role (Lambda Developer Guide, "Defining Lambda function permissions with an execution
      // role"); the session is named after the function.
      credentials: () => this.deps.credentials.issueRoleSession(role, fn.name),
      credentialsEnded: (credentials) => this.deps.credentials.revoke(credentials.accessKeyId),
      ...(this.deps.logsDelivered && {
        logsDelivered: (logStreamName: string) =>
          this.deps.logsDelivered!({
            roleArn: role,
            functionName: fn.name,
            region: fn.region,
            logGroupName,
            logStreamName,
          }),
      }),
      configKey,
    };
  }
}
