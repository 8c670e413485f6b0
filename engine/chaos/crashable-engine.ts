/**
 * The engine under test as a child process (the `orderflow-engine` launcher, real clock) on one data
 * directory and port, killed with SIGKILL and restarted on demand. Clients that lose a request wait
 * on `serving()`; `generation` counts the kills, so a recorder can tell whether one fell between two
 * of its events.
 */
import { type EngineProcess, freePort, launchEngine } from "../test/support/engine-process.ts";

/** How often the health route is tried while a restarted engine is not yet answering. */
const HEALTH_POLL_MS = 10;

export interface Recovery {
  /** From the SIGKILL to the first answer of the restarted engine's health route. */
  recoveryMs: number;
  /** From the spawn to the ready line. */
  readyMs: number;
}

export class RestartFailed extends Error {}

export class CrashableEngine {
  /** Incremented as each kill is sent. */
  generation = 0;
  readonly recoveries: Recovery[] = [];
  private process: EngineProcess | undefined;
  private previousOutput = "";
  /** False from a kill until the restarted engine answers. */
  isServing = false;
  private up!: Promise<void>;
  private markUp!: () => void;
  private aborted = false;

  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly args: readonly string[],
  ) {
    this.down();
  }

  static async start(dataDir: string, args: readonly string[] = []): Promise<CrashableEngine> {
    const engine = new CrashableEngine(await freePort(), dataDir, ["--log-level", "warn", ...args]);
    await engine.launch();
    return engine;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves once the engine answers again (at once if it does), or the run was aborted. */
  serving(): Promise<void> {
    return this.up;
  }

  /**
   * SIGKILL, then a restart on the same directory and port; throws RestartFailed if it never serves.
   * With `startupKillAfterMs`, the first restart is itself killed that long after its spawn (while
   * it opens the database and resumes its work) and a second one follows.
   */
  async killAndRestart(startupKillAfterMs?: number): Promise<Recovery> {
    this.down();
    const killedAt = performance.now();
    await this.kill();
    if (startupKillAfterMs !== undefined) {
      this.spawn();
      await new Promise((resolve) => setTimeout(resolve, startupKillAfterMs));
      await this.kill();
    }
    const readyMs = await this.launch();
    const recovery = { recoveryMs: performance.now() - killedAt, readyMs };
    this.recoveries.push(recovery);
    return recovery;
  }

  /** Stops waiting clients for good (after a failed restart). */
  abort(): void {
    this.aborted = true;
    this.markUp();
  }

  /** A clean stop (SIGTERM); resolves with the exit. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.down();
    const exit = (await this.process?.stop("SIGTERM")) ?? { code: null, signal: null };
    this.abort();
    return exit;
  }

  /** Everything every life of the engine printed. */
  output(): string {
    return this.previousOutput + (this.process?.output() ?? "");
  }

  private down(): void {
    this.isServing = false;
    if (this.aborted) return;
    this.up = new Promise((resolve) => {
      this.markUp = resolve;
    });
  }

  private async kill(): Promise<void> {
    const current = this.process!;
    this.generation++;
    const exit = await current.stop("SIGKILL");
    this.previousOutput += current.output();
    if (exit.signal !== "SIGKILL") {
      throw new RestartFailed(`the engine had exited (${exit.code}) before the kill:\n${current.output()}`);
    }
  }

  private spawn(): EngineProcess {
    this.process = launchEngine({ launcher: "bin", port: this.port, dataDir: this.dataDir, args: this.args });
    return this.process;
  }

  private async launch(): Promise<number> {
    const child = this.spawn();
    let readyMs: number;
    try {
      readyMs = await child.ready();
      await this.untilHealthy();
    } catch (error) {
      throw new RestartFailed(`the engine did not come back: ${(error as Error).message}`);
    }
    this.isServing = true;
    this.markUp();
    return readyMs;
  }

  private async untilHealthy(): Promise<void> {
    for (;;) {
      const ok = await fetch(`${this.endpoint}/_orderflow/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      if (this.process?.child.exitCode !== null) throw new Error(`the engine exited:\n${this.output()}`);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
    }
  }
}
