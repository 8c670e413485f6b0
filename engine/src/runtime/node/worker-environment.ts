/**
 * A Node.js execution environment: a worker thread running `bootstrap.cjs` with the function's own
 * environment variables (process.env is the worker's), its heap capped by the function's memory
 * size, so that a function that exhausts it ends its own environment and not the engine.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { EnvironmentInvocation, EnvironmentResult, ExecutionEnvironment } from "../environment.ts";

interface WorkerMessage {
  type: "log" | "ready" | "init-error" | "done";
  text?: string;
  requestId?: string;
  response?: string;
  error?: { errorType?: string };
  fatal?: boolean;
  memoryMb?: number;
}

export interface NodeEnvironmentOptions {
  assetsDir: string;
  codeDir: string;
  handler: string;
  runtime: string;
  memorySizeMb: number;
  variables: Record<string, string>;
  /** A file inside the engine from which the AWS SDK resolves for code that does not bundle it. */
  sdkAnchorFile: string;
  /** Receives each log event the runtime writes. */
  log: (text: string) => void;
  name: string;
}

type InitResult = Awaited<ReturnType<ExecutionEnvironment["init"]>>;

export class NodeEnvironment implements ExecutionEnvironment {
  private readonly worker: Worker;
  /** Settles the phase in progress (init or one invocation) when the runtime answers or ends. */
  private settle: ((result: EnvironmentResult | undefined) => void) | undefined;
  private currentRequestId: string | undefined;
  private memoryMb = 0;
  private outOfMemory = false;
  private exitCode: number | undefined;
  private readonly exited: Promise<void>;
  private readonly exitListeners: (() => void)[] = [];

  constructor(private readonly options: NodeEnvironmentOptions) {
    this.worker = new Worker(join(options.assetsDir, "node", "bootstrap.cjs"), {
      name: options.name,
      env: options.variables,
      // The engine's own loaders (tsx in tests) stay out of the function's runtime.
      execArgv: [],
      argv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memorySizeMb },
      workerData: {
        codeDir: options.codeDir,
        handlerString: options.handler,
        runtime: options.runtime,
        sdkAnchorFile: options.sdkAnchorFile,
        resolveHookFile: join(options.assetsDir, "node", "sdk-resolve-hook.mjs"),
      },
    });
    this.worker.on("message", (message: WorkerMessage) => this.onMessage(message));
    this.worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") this.outOfMemory = true;
      // Anything else escaped the bootstrap itself; the function's log is where it can be seen.
      else options.log(`${error.stack ?? error.message}\n`);
    });
    // The bootstrap takes over stdout and stderr; anything written around it still reaches the log.
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", (text: string) => options.log(text));
    }
    this.exited = new Promise((resolve) => {
      this.worker.once("exit", (code) => {
        this.exitCode = code;
        this.settle?.({
          kind: "exit",
          reason: this.outOfMemory ? "signal: killed" : code === 0 ? undefined : `exit status ${code}`,
          outOfMemory: this.outOfMemory,
        });
        this.settle = undefined;
        for (const listener of this.exitListeners) listener();
        resolve();
      });
    });
  }

  private onMessage(message: WorkerMessage): void {
    if (message.memoryMb !== undefined) this.memoryMb = Math.max(this.memoryMb, message.memoryMb);
    switch (message.type) {
      case "log":
        this.options.log(message.text ?? "");
        return;
      case "ready":
        this.finish(undefined);
        return;
      case "init-error":
        this.finish(errorResult(message.error, true));
        return;
      case "done":
        // A late report (an uncaught exception after the invocation answered) belongs to nobody.
        if (message.requestId !== this.currentRequestId) return;
        this.currentRequestId = undefined;
        if (message.error) this.finish(errorResult(message.error, message.fatal === true));
        else this.finish({ kind: "response", payload: Buffer.from(message.response ?? "null", "utf8") });
    }
  }

  private finish(result: EnvironmentResult | undefined): void {
    const settle = this.settle;
    this.settle = undefined;
    settle?.(result);
  }

  private phase<T extends EnvironmentResult | undefined>(start: () => void): Promise<T> {
    if (this.exitCode !== undefined) {
      return Promise.resolve({
        kind: "exit",
        reason: `exit status ${this.exitCode}`,
        outOfMemory: false,
      } as T);
    }
    return new Promise<T>((resolve) => {
      this.settle = resolve as (result: EnvironmentResult | undefined) => void;
      start();
    });
  }

  init(): Promise<InitResult> {
    return this.phase<InitResult>(() => {});
  }

  invoke(invocation: EnvironmentInvocation): Promise<EnvironmentResult> {
    return this.phase<EnvironmentResult>(() => {
      this.currentRequestId = invocation.requestId;
      this.worker.postMessage({
        type: "invoke",
        requestId: invocation.requestId,
        payload: invocation.payload.toString("utf8"),
        deadlineMs: invocation.deadlineMs,
        invokedFunctionArn: invocation.invokedFunctionArn,
        clientContext: invocation.clientContext,
        clockOffsetMs: invocation.clockOffsetMs,
      });
    });
  }

  maxMemoryUsedMb(): number {
    return this.outOfMemory ? this.options.memorySizeMb : this.memoryMb;
  }

  setBusy(busy: boolean): void {
    if (busy) this.worker.ref();
    else this.worker.unref();
  }

  async destroy(): Promise<void> {
    this.worker.ref();
    if (this.exitCode === undefined) await this.worker.terminate();
    await this.exited;
  }

  onExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }
}

function errorResult(error: { errorType?: string } | undefined, fatal: boolean): EnvironmentResult {
  return {
    kind: "error",
    payload: Buffer.from(JSON.stringify(error ?? {}), "utf8"),
    errorType: error?.errorType ?? "Unknown",
    fatal,
  };
}
