/**
 * The engine as a real child process, started the ways a user starts it: the `orderflow-engine`
 * launcher (`bin`), the TypeScript source through tsx (`tsx`), or `npx orderflow-engine` from the
 * repository root (`npx`). Used by the durability tests and by the benchmark.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const ENGINE_DIR = fileURLToPath(new URL("../../", import.meta.url));
export const REPO_DIR = fileURLToPath(new URL("../../../", import.meta.url));
export const LOOPBACK = "127.0.0.1";

/** Longest wait for the ready line or for an exit; a test or bench fails rather than hangs. */
export const PROCESS_TIME_LIMIT_MS = 30_000;

export type Launcher = "bin" | "tsx" | "npx";

export interface EngineProcessOptions {
  launcher?: Launcher;
  port: number;
  dataDir: string;
  /** More CLI arguments, e.g. ["--clock", "virtual", "--control"]. */
  args?: readonly string[];
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineProcess {
  readonly child: ChildProcess;
  readonly endpoint: string;
  /** performance.now() when the process was spawned. */
  readonly spawnedAt: number;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the spawn-to-ready-line time once the ready line is printed (kills it if never). */
  ready(): Promise<number>;
  readonly exited: Promise<Exit>;
  /** Resolves once every process holding the output has ended (for npx: npm and the engine). */
  closed(): Promise<void>;
  /** Sends `signal` (to the whole process group for npx, as a terminal's Ctrl-C does) and waits. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

/** A port nothing listens on right now (the engine can then be restarted on the same one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

function commandLine(launcher: Launcher, cliArgs: string[]): [string, string[], string] {
  if (launcher === "bin") return [process.execPath, ["bin/orderflow-engine.js", ...cliArgs], ENGINE_DIR];
  if (launcher === "tsx")
    return [process.execPath, ["--import", "tsx", "src/cli.ts", ...cliArgs], ENGINE_DIR];
  return ["npx", ["--no-install", "orderflow-engine", ...cliArgs], REPO_DIR];
}

function withTimeLimit<T>(promise: Promise<T>, what: string, output: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took over ${PROCESS_TIME_LIMIT_MS} ms; output:\n${output()}`)),
      PROCESS_TIME_LIMIT_MS,
    );
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export function launchEngine(options: EngineProcessOptions): EngineProcess {
  const launcher = options.launcher ?? "bin";
  const cliArgs = [
    "start",
    "--port",
    String(options.port),
    "--host",
    LOOPBACK,
    "--data-dir",
    options.dataDir,
    ...(options.args ?? []),
  ];
  const [command, args, cwd] = commandLine(launcher, cliArgs);
  const spawnedAt = performance.now();
  const child = spawn(command, args, {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    // npx runs the launcher under npm: its own process group lets a signal reach both, as in a terminal.
    detached: launcher === "npx",
  });
  let output = "";
  let readyMs: number | undefined;
  let onReady: ((ms: number) => void) | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (readyMs === undefined && /\bready at http/.test(output)) {
      readyMs = performance.now() - spawnedAt;
      onReady?.(readyMs);
    }
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const ended = (stream: NodeJS.ReadableStream) => new Promise((resolve) => stream.once("end", resolve));
  const outputEnded = Promise.all([ended(child.stdout!), ended(child.stderr!)]).then(() => undefined);
  const readOutput = () => output;
  const signal = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (launcher === "npx") process.kill(-child.pid!, sig);
    else child.kill(sig);
  };

  return {
    child,
    endpoint: `http://${LOOPBACK}:${options.port}`,
    spawnedAt,
    output: readOutput,
    ready() {
      const seen = new Promise<number>((resolve, reject) => {
        if (readyMs !== undefined) resolve(readyMs);
        else onReady = resolve;
        exited.then((exit) =>
          reject(new Error(`the engine exited (${exit.code ?? exit.signal}):\n${output}`)),
        );
      });
      return withTimeLimit(seen, "the ready line", readOutput).catch((error: unknown) => {
        signal("SIGKILL");
        throw error;
      });
    },
    exited,
    closed: () => withTimeLimit(outputEnded, "closing the output", readOutput),
    async stop(sig = "SIGTERM") {
      signal(sig);
      try {
        return await withTimeLimit(exited, `stopping with ${sig}`, readOutput);
      } catch (error) {
        signal("SIGKILL");
        throw error;
      }
    },
  };
}
