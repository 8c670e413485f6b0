/**
 * The contract between the Lambda service and its execution environments. The service decides
 * whether an invocation may run (concurrency, throttling, retries); the runtime runs it in a warm
 * environment or a cold one, captures its output as log events, and reports what happened.
 */

/** Everything an execution environment is built from; a change of `configKey` retires old ones. */
export interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** Epoch ms (engine clock) when they expire; an environment is not reused past it. */
  expiresAt?: number;
}

export interface FunctionEnvironmentSpec {
  functionName: string;
  /** Unqualified function ARN. */
  functionArn: string;
  /** "$LATEST" or a published version number. */
  version: string;
  /** Lambda runtime identifier: nodejs18.x … nodejs24.x, python3.9 … python3.13. */
  runtime: string;
  /** As configured: "index.handler", "src/app.lambda_handler", … */
  handler: string;
  /** Absolute directory holding the function's code (the unpacked deployment package). */
  codeDir: string;
  timeoutSeconds: number;
  memorySize: number;
  /** The function's own environment variables (Environment.Variables). */
  environment: Record<string, string>;
  region: string;
  accountId: string;
  /** "/aws/lambda/<name>" unless LoggingConfig names another group. */
  logGroupName: string;
  /** The engine's endpoint, given to the environment as AWS_ENDPOINT_URL. */
  engineEndpoint: string;
  /**
   * Issues the credentials a new environment's SDKs sign with: its own session of the function's
   * role, as each Lambda execution environment gets from STS.
   */
  credentials(): EnvironmentCredentials;
  /** An environment's credentials are of no more use: it has ended. */
  credentialsEnded?(credentials: EnvironmentCredentials): void;
  /**
   * Whether output may be written to this log stream now (the function's role may write its logs);
   * false drops it. Undefined: always delivered.
   */
  logsDelivered?(logStreamName: string): boolean;
  /** Identifies code + configuration; environments built from another key are not reused. */
  configKey: string;
}

export interface InvocationRequest {
  requestId: string;
  /** The event as the caller sent it (JSON text). */
  payload: Buffer;
  /** Base64 ClientContext from the Invoke call, if any. */
  clientContext?: string;
  /**
   * The ARN the caller invoked (with its qualifier: version or alias), as context.invokedFunctionArn
   * shows it. Default: the function's ARN, qualified by the version unless that is $LATEST.
   */
  invokedFunctionArn?: string;
  /** "Event" invocations have no caller to answer, so their response size is not checked. */
  invocationType?: "RequestResponse" | "Event";
}

export interface InvocationOutcome {
  requestId: string;
  /** The response document (JSON text), or the error document when `functionError` is set. */
  payload: Buffer;
  /**
   * Set when the invocation failed: "Unhandled" for thrown errors, timeouts and runtime crashes,
   * as Lambda reports in X-Amz-Function-Error.
   */
  functionError?: "Unhandled" | "Handled";
  /** The last 4 KB of this invocation's log output (for LogType: Tail). */
  logTail: string;
  durationMs: number;
  billedDurationMs: number;
  /** Set on a cold start: time spent creating the environment and loading the handler. */
  initDurationMs?: number;
  maxMemoryUsedMb: number;
}

/** Where function output goes: CloudWatch Logs, in the engine. */
export interface LogSink {
  /** Appends events to a stream, creating the group and stream when missing. */
  append(
    groupName: string,
    streamName: string,
    events: readonly { timestamp: number; message: string }[],
  ): void;
}

/** Log sinks per account and region (CloudWatch Logs is regional): a function logs where it runs. */
export interface ScopedLogSinks {
  sink(scope: { accountId: string; region: string }): LogSink;
}

export interface RuntimeManager {
  /**
   * Runs one invocation in a warm environment of this spec if one is idle, else in a new one. The
   * caller has already admitted it (concurrency); the runtime never queues.
   */
  invoke(spec: FunctionEnvironmentSpec, request: InvocationRequest): Promise<InvocationOutcome>;
  /** Environments currently alive for a function (busy or idle). */
  environmentCount(functionName: string): number;
  /** Ends a function's idle environments now and its busy ones when their invocation ends. */
  retire(functionName: string): void;
  close(): Promise<void>;
}
