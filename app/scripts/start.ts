/**
 * `npm start`: the whole system on this machine. Synthesizes the CDK app when its sources changed
 * since the last synth, starts the engine with its data in `.orderflow/` at the repository root,
 * deploys the stack onto it (an unchanged stack is a no-op), and prints what runs and what to try.
 * Ctrl+C stops the engine cleanly; the next start resumes with the same queues, tables and logs.
 *
 *   npm start                      # port 4566 (ORDERFLOW_PORT overrides)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const REPO_DIR = join(APP_DIR, "..");
const ENGINE_BIN = join(REPO_DIR, "engine", "bin", "orderflow-engine.js");
const CDK_OUT = join(APP_DIR, "cdk.out");
const STACK = "Orderflow";
const PORT = process.env.ORDERFLOW_PORT ?? "4566";
/** What the synthesized template is made from: a change in any of it means synthesizing again. */
const SYNTH_INPUTS = ["infra", "functions", "cdk.json", "package.json", "../package-lock.json"];

const mtimeOf = (path: string): number => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

function newestUnder(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestUnder(join(path, entry)));
  return newest;
}

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

async function synthesizeIfChanged(): Promise<void> {
  const synthesizedAt = mtimeOf(join(CDK_OUT, "manifest.json"));
  const changedAt = Math.max(...SYNTH_INPUTS.map((input) => newestUnder(join(APP_DIR, input))));
  if (synthesizedAt > changedAt) {
    console.log("orderflow: the stack is synthesized and unchanged (app/cdk.out)");
    return;
  }
  console.log("orderflow: synthesizing the CDK app …");
  const code = await run("npx", ["cdk", "synth", "--quiet"], APP_DIR);
  if (code !== 0) throw new Error(`cdk synth failed (exit ${code})`);
}

/** Starts the engine and resolves with its endpoint once it prints its ready line. */
function startEngine(): Promise<{ child: ChildProcess; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ENGINE_BIN,
        "start",
        "--port",
        PORT,
        "--data-dir",
        join(REPO_DIR, ".orderflow"),
        "--code-root",
        REPO_DIR,
        // A permission the stack forgot shows here as a warning, before a deploy to AWS refuses it.
        "--iam",
        "warn",
      ],
      { cwd: REPO_DIR, stdio: ["ignore", "pipe", "inherit"] },
    );
    let buffered = "";
    let ready = false;
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      if (ready) {
        process.stdout.write(chunk);
        return;
      }
      buffered += chunk;
      const endpoint = /ready\b.*?(http:\/\/[^\s]+)/.exec(buffered)?.[1];
      if (endpoint) {
        ready = true;
        resolve({ child, endpoint });
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`the engine stopped before it was ready (exit ${code}):\n${buffered}`));
    });
  });
}

function deploy(endpoint: string): Promise<{ code: number; outputs: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [ENGINE_BIN, "deploy", CDK_OUT, "--stack-name", STACK, "--endpoint", endpoint],
      {
        cwd: REPO_DIR,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const outputs: Record<string, string> = {};
      for (const match of output.matchAll(/^\s*(\w+) = (.+)$/gm)) outputs[match[1]!] = match[2]!.trim();
      resolve({ code: code ?? 1, outputs });
    });
  });
}

function printWhatToTry(endpoint: string, outputs: Record<string, string>): void {
  const queue = outputs.IngressQueueUrl ?? Object.entries(outputs).find(([key]) => /queue/i.test(key))?.[1];
  console.log(`
orderflow: running on ${endpoint} (data in .orderflow/; Ctrl+C stops)

  export AWS_ENDPOINT_URL=${endpoint} AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test

Try:
  npm run orders -- --queue-url ${queue ?? "<IngressQueueUrl>"} --interval 0.1 --duration 60s
      seed 000's producer: ten orders a second into the write buffer
  npm run orders -- --queue-url ${queue ?? "<IngressQueueUrl>"} --file app/data/write-buffer-test-batch.json --repeat 5
      seed 001's test batch, five times
  npm run status
      queue depths, table items, capacity and throttles, function invocations
  npx orderflow-engine logs ${outputs.BufferWriterFunctionName ?? "<function>"} --follow --endpoint ${endpoint}
      the buffer writer's log: watch the throttles as they happen`);
}

async function main(): Promise<void> {
  await synthesizeIfChanged();
  const { child, endpoint } = await startEngine();
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 0)));
  const { code, outputs } = await deploy(endpoint);
  if (code !== 0) {
    console.error("orderflow: the stack did not deploy (the events above say why); stopping the engine");
    stop();
    process.exitCode = 1;
    await exited;
    return;
  }
  printWhatToTry(endpoint, outputs);
  process.exitCode = await exited;
  console.log("orderflow: engine stopped; its data stays in .orderflow/ for the next start");
}

main().catch((error: unknown) => {
  console.error(`orderflow: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
