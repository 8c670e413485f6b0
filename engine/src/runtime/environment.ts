/**
 * What the manager needs from an execution environment, whatever runs it (a worker thread for
 * Node.js, a child process speaking the Runtime API for Python).
 */

/** One invocation as the runtime inside the environment receives it. */
export interface EnvironmentInvocation {
  requestId: string;
  /** The event (JSON text). */
  payload: Buffer;
  /** When the invocation times out, in real epoch milliseconds (Lambda-Runtime-Deadline-Ms). */
  deadlineMs: number;
  invokedFunctionArn: string;
  /** The decoded ClientContext (JSON text), if the caller gave one. */
  clientContext?: string;
  /**
   * The engine clock's lead over real time: the runtime stamps its log lines in the clock's time,
   * as the platform stamps the events.
   */
  clockOffsetMs: number;
}

/** How the runtime answered an invocation, or how its initialization ended. */
export type EnvironmentResult =
  | { kind: "response"; payload: Buffer }
  /** The runtime reported an error document; `fatal` when it is exiting afterwards. */
  | { kind: "error"; payload: Buffer; errorType: string; fatal: boolean }
  /**
   * The runtime ended without answering: `reason` as Lambda words it ("exit status 1", "signal:
   * killed"), undefined for a clean exit; `outOfMemory` when it was killed for its memory.
   */
  | { kind: "exit"; reason: string | undefined; outOfMemory: boolean };

export interface ExecutionEnvironment {
  /** Starts the runtime and loads the handler: undefined once it is ready for invocations. */
  init(): Promise<Exclude<EnvironmentResult, { kind: "response" }> | undefined>;
  invoke(invocation: EnvironmentInvocation): Promise<EnvironmentResult>;
  /** Peak memory the environment has used so far, in MB. */
  maxMemoryUsedMb(): number;
  /** Whether the environment keeps the engine process alive (only while it works). */
  setBusy(busy: boolean): void;
  /** Ends the environment at once; resolves once it is gone and its output has been read. */
  destroy(): Promise<void>;
  /** Called once when the environment ends, whatever the cause. */
  onExit(listener: () => void): void;
}
