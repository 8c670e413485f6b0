/**
 * The load-process protocol, both ends: a load process announces "ready", then runs each plan the
 * bench writes on its stdin (one JSON line) and answers with its result on stdout (one JSON line).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { ENGINE_DIR } from "../test/support/engine-process.ts";

export const BENCH_CLIENT_CONFIG = {
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
  maxAttempts: 1,
};

export async function servePlans<Plan, Result>(
  client: { destroy(): void },
  run: (plan: Plan) => Promise<Result>,
): Promise<void> {
  console.log("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === "") continue;
    console.log(JSON.stringify(await run(JSON.parse(line) as Plan)));
  }
  client.destroy();
}

/** The bench's end of a load process: the child, and its answers line by line. */
export interface LoadProcess {
  child: ChildProcess;
  reader: Interface;
  lines: AsyncIterator<string>;
}

async function nextLine(worker: LoadProcess): Promise<string> {
  const next = await worker.lines.next();
  if (next.done) throw new Error("a load process ended early");
  return next.value;
}

/** Starts `count` load processes running `script` against `endpoint`, and waits for each to be ready. */
export async function startLoadProcesses(
  script: string,
  endpoint: string,
  count: number,
): Promise<LoadProcess[]> {
  const workers = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ["--import", "tsx", script, endpoint], {
      cwd: ENGINE_DIR,
      stdio: ["pipe", "pipe", "inherit"],
    });
    const reader = createInterface({ input: child.stdout! });
    return { child, reader, lines: reader[Symbol.asyncIterator]() };
  });
  for (const worker of workers) {
    const line = await nextLine(worker);
    if (line !== "ready") throw new Error(`a load process said ${line}`);
  }
  return workers;
}

/** Hands one plan to a load process and waits for its result. */
export async function runPlan<Result>(worker: LoadProcess, plan: unknown): Promise<Result> {
  worker.child.stdin!.write(`${JSON.stringify(plan)}\n`);
  return JSON.parse(await nextLine(worker)) as Result;
}

export async function closeLoadProcesses(workers: readonly LoadProcess[]): Promise<void> {
  await Promise.all(
    workers.map(async (worker) => {
      const exited = new Promise((resolve) => worker.child.once("exit", resolve));
      worker.reader.close();
      worker.child.stdin!.end();
      await exited;
    }),
  );
}
