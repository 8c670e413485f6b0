/**
 * The servers the benchmark drives, each a real child process on loopback with a fresh data
 * directory: the engine's CLI (through the `orderflow-engine` launcher, or its TypeScript source
 * through tsx) and moto's server. A server counts as started when it answers a ListQueues.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { freePort, LOOPBACK, launchEngine, PROCESS_TIME_LIMIT_MS } from "../test/support/engine-process.ts";

const POLL_INTERVAL_MS = 1;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TICKS_PER_SECOND = 100; // USER_HZ: the unit of utime and stime in /proc/<pid>/stat

/** `bin` is what `npx orderflow-engine` runs; `tsx` is the source run straight through tsx. */
export type ServerKind = "bin" | "tsx" | "moto";

export interface RunningServer {
  kind: ServerKind;
  endpoint: string;
  pid: number;
  /** Spawn to the first ListQueues answered, in ms. */
  firstRequestMs: number;
  /** Spawn to the engine's ready line, in ms (the engine only). */
  readyLineMs?: number;
  stop(): Promise<void>;
}

export const sqsClient = (endpoint: string): SQSClient =>
  new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  });

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, LOOPBACK);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * The client that polls a starting server. Its lazy set-up is done here (one request refused), so
 * it does not count as start-up; reused for several starts on one port, its answered-request path
 * is warm too.
 */
export async function probeClient(port: number): Promise<SQSClient> {
  const client = sqsClient(`http://${LOOPBACK}:${port}`);
  await client.send(new ListQueuesCommand({})).catch(() => undefined);
  return client;
}

/**
 * Time from `spawnedAt` (performance.now()) to the first ListQueues answered. The port is probed
 * with bare TCP connects first, so the SDK's own cost per attempt does not delay the first request.
 */
async function firstAnswerMs(
  client: SQSClient,
  port: number,
  spawnedAt: number,
  running: () => boolean,
): Promise<number> {
  const inTime = () => performance.now() - spawnedAt < PROCESS_TIME_LIMIT_MS && running();
  while (inTime() && !(await accepts(port))) await sleep(POLL_INTERVAL_MS);
  while (inTime()) {
    try {
      await client.send(new ListQueuesCommand({}));
      return performance.now() - spawnedAt;
    } catch {
      await sleep(POLL_INTERVAL_MS);
    }
  }
  throw new Error(`port ${port} did not answer ListQueues`);
}

/** Starts a server on `port` (a free one by default), timing it with `probe` (a new one by default). */
export async function startServer(
  kind: ServerKind,
  options: { port?: number; probe?: SQSClient } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), "orderflow-bench-"));
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  const client = options.probe ?? (await probeClient(port));
  const firstAnswer = async (spawnedAt: number, running: () => boolean) => {
    try {
      return await firstAnswerMs(client, port, spawnedAt, running);
    } finally {
      if (client !== options.probe) client.destroy();
    }
  };
  if (kind === "moto") {
    const spawnedAt = performance.now();
    const child = spawn("python3", ["-m", "moto.server", "-H", LOOPBACK, "-p", String(port)], {
      cwd: dataDir,
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      removeDataDir();
    };
    const endpoint = `http://${LOOPBACK}:${port}`;
    try {
      const firstRequestMs = await firstAnswer(spawnedAt, () => child.exitCode === null);
      return { kind, endpoint, pid: child.pid!, firstRequestMs, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  }
  const engine = launchEngine({ launcher: kind, port, dataDir, args: ["--log-level", "warn"] });
  const stop = async () => {
    await engine.stop("SIGTERM");
    removeDataDir();
  };
  try {
    const running = () => engine.child.exitCode === null;
    const firstRequestMs = await firstAnswer(engine.spawnedAt, running);
    const readyLineMs = await engine.ready();
    return { kind, endpoint: engine.endpoint, pid: engine.child.pid!, firstRequestMs, readyLineMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const kib = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc). */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
