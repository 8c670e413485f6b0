/**
 * A Python execution environment: a child process running `bootstrap.py` in the function's
 * directory with the function's environment, served the Runtime API on a port of its own. Its
 * resident memory is watched while it works: a process that grows past the function's memory size
 * is killed, as Lambda kills it ("signal: killed", Runtime.OutOfMemory).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Socket } from "node:net";
import { join } from "node:path";
import { MEMORY_POLL_INTERVAL_MS } from "../constants.ts";
import type { EnvironmentInvocation, EnvironmentResult, ExecutionEnvironment } from "../environment.ts";
import { frameReader, lineReader } from "./log-frames.ts";
import { RuntimeApiServer } from "./runtime-api-server.ts";

/** The runtime's log frames arrive on this descriptor (_LAMBDA_TELEMETRY_LOG_FD). */
const TELEMETRY_FD = 3;
/** How long the output of an exited runtime may take to drain (a child of its own may hold it open). */
const OUTPUT_DRAIN_MS = 200;

/** Lambda words a runtime killed by a signal as Go does: "signal: killed". */
const SIGNAL_NAMES: Readonly<Record<string, string>> = {
  SIGKILL: "killed",
  SIGTERM: "terminated",
  SIGSEGV: "segmentation fault",
  SIGABRT: "aborted",
  SIGBUS: "bus error",
  SIGILL: "illegal instruction",
  SIGFPE: "floating point exception",
  SIGINT: "interrupt",
  SIGHUP: "hangup",
  SIGPIPE: "broken pipe",
};

export interface PythonEnvironmentOptions {
  assetsDir: string;
  codeDir: string;
  memorySizeMb: number;
  variables: Record<string, string>;
  log: (text: string) => void;
}

type InitResult = Awaited<ReturnType<ExecutionEnvironment["init"]>>;

export class PythonEnvironment implements ExecutionEnvironment {
  private child: ChildProcess | undefined;
  private readonly api: RuntimeApiServer;
  private settle: ((result: EnvironmentResult | undefined) => void) | undefined;
  private exit: Extract<EnvironmentResult, { kind: "exit" }> | undefined;
  private ended!: () => void;
  private readonly gone = new Promise<void>((resolve) => {
    this.ended = resolve;
  });
  private readonly exitListeners: (() => void)[] = [];
  private peakMemoryMb = 0;
  private outOfMemory = false;
  private memoryWatch: NodeJS.Timeout | undefined;

  constructor(private readonly options: PythonEnvironmentOptions) {
    this.api = new RuntimeApiServer({
      ready: () => this.finish(undefined),
      initError: (document, errorType) =>
        this.finish({ kind: "error", payload: document, errorType, fatal: true }),
      response: (_id, payload) => this.finish({ kind: "response", payload }),
      error: (_id, document, errorType) =>
        this.finish({ kind: "error", payload: document, errorType, fatal: false }),
    });
  }

  private finish(result: EnvironmentResult | undefined): void {
    this.sampleMemory();
    const settle = this.settle;
    this.settle = undefined;
    settle?.(result);
  }

  async init(): Promise<InitResult> {
    const address = await this.api.listen();
    return new Promise<InitResult>((resolve) => {
      this.settle = resolve as (result: EnvironmentResult | undefined) => void;
      this.start(address);
    });
  }

  private start(address: string): void {
    const { options } = this;
    const child = spawn(PYTHON, [join(options.assetsDir, "python", "bootstrap.py")], {
      cwd: options.codeDir,
      env: {
        ...options.variables,
        AWS_LAMBDA_RUNTIME_API: address,
        _LAMBDA_TELEMETRY_LOG_FD: String(TELEMETRY_FD),
      },
      stdio: ["ignore", "pipe", "pipe", "pipe"],
    });
    this.child = child;
    const readFrames = frameReader({ log: options.log, mark: () => this.api.outputMarked() });
    child.stdio[TELEMETRY_FD]?.on("data", readFrames);
    // Output that bypasses the runtime (a subprocess, a C library) arrives line by line.
    for (const stream of [child.stdout, child.stderr]) {
      const lines = lineReader(options.log);
      stream?.setEncoding("utf8");
      stream?.on("data", (text: string) => lines.push(text));
      stream?.on("end", () => lines.end());
    }
    for (const stream of child.stdio) (stream as Socket | null)?.unref?.();

    let closed = false;
    child.once("close", () => {
      closed = true;
    });
    let concluded = false;
    const conclude = (exit: Extract<EnvironmentResult, { kind: "exit" }>) => {
      if (concluded) return;
      concluded = true;
      this.exit = exit;
      this.stopMemoryWatch();
      this.api.outputEnded();
      this.finish(exit);
      void this.api.close();
      for (const listener of this.exitListeners) listener();
      this.ended();
    };
    // The interpreter could not be started at all.
    child.once("error", (error) => {
      options.log(`${error.message}\n`);
      conclude({ kind: "exit", reason: "exit status 127", outOfMemory: false });
    });
    child.once("exit", (code, signal) => {
      const reason = this.outOfMemory
        ? "signal: killed"
        : signal
          ? `signal: ${SIGNAL_NAMES[signal] ?? signal}`
          : code === 0
            ? undefined
            : `exit status ${code}`;
      const exit = { kind: "exit", reason, outOfMemory: this.outOfMemory } as const;
      if (closed) conclude(exit);
      else {
        const drained = setTimeout(() => conclude(exit), OUTPUT_DRAIN_MS);
        child.once("close", () => {
          clearTimeout(drained);
          conclude(exit);
        });
      }
    });
  }

  invoke(invocation: EnvironmentInvocation): Promise<EnvironmentResult> {
    if (this.exit) return Promise.resolve(this.exit);
    return new Promise<EnvironmentResult>((resolve) => {
      this.settle = resolve as (result: EnvironmentResult | undefined) => void;
      this.api.dispatch(invocation);
    });
  }

  /** Peak resident memory so far (VmHWM), and the kill when the current use passes the limit. */
  private sampleMemory(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.exit) return;
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, "utf8");
    } catch {
      return; // not Linux, or already gone
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    this.peakMemoryMb = Math.max(this.peakMemoryMb, Math.ceil(kb("VmHWM") / 1024));
    if (kb("VmRSS") > this.options.memorySizeMb * 1024) {
      this.outOfMemory = true;
      this.child?.kill("SIGKILL");
    }
  }

  private stopMemoryWatch(): void {
    if (this.memoryWatch) clearInterval(this.memoryWatch);
    this.memoryWatch = undefined;
  }

  maxMemoryUsedMb(): number {
    return this.outOfMemory ? this.options.memorySizeMb : this.peakMemoryMb;
  }

  setBusy(busy: boolean): void {
    if (busy && !this.exit) {
      this.child?.ref();
      this.memoryWatch ??= setInterval(() => this.sampleMemory(), MEMORY_POLL_INTERVAL_MS);
      this.memoryWatch.unref();
    } else {
      this.child?.unref();
      this.stopMemoryWatch();
    }
  }

  async destroy(): Promise<void> {
    if (!this.child) {
      await this.api.close();
      this.ended();
      return;
    }
    // Held open until the process is gone, so its end is seen even in an otherwise idle engine.
    this.child.ref();
    if (!this.exit) this.child.kill("SIGKILL");
    await this.gone;
  }

  onExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }
}

/**
 * The interpreter: the machine's python3, whichever python3.x runtime the function names (its
 * boto3 is the one handlers import, as Lambda's Python runtimes provide boto3).
 */
const PYTHON = "python3";
