/**
 * The engine as the app meets it: a separate process started with its CLI, reached over HTTP
 * with the AWS SDK. The app never imports engine source (DESIGN.md, "Two parts, one repository");
 * it finds the engine's launcher through the package's `bin`, as npx would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Longest wait for the ready line; a test fails rather than hangs. */
const READY_TIME_LIMIT_MS = 60_000;
const READY_LINE = /orderflow engine ready at (http:\/\/\S+)/;

/** Credentials and region the engine accepts (any credentials do; these are the usual ones). */
export const ENGINE_ENV = {
  AWS_ACCESS_KEY_ID: "test",
  AWS_SECRET_ACCESS_KEY: "test",
  AWS_REGION: "us-east-1",
} as const;

export interface EngineProcess {
  readonly endpoint: string;
  /** Runs the engine's virtual clock forward (it also flows at the real rate). */
  advanceClock(seconds: number): Promise<void>;
  /** Sets AWS_ENDPOINT_URL and test credentials in this process, as a user's shell would. */
  exportEnvironment(): void;
  stop(): Promise<void>;
}

function launcherPath(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@orderflow/engine/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  const bin = manifest.bin["orderflow-engine"];
  if (bin === undefined) throw new Error("@orderflow/engine has no orderflow-engine bin");
  return join(dirname(manifestPath), bin);
}

function waitForEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no ready line within ${READY_TIME_LIMIT_MS} ms:\n${output}`));
    }, READY_TIME_LIMIT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = READY_LINE.exec(output);
      if (ready?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

/**
 * Starts an in-memory engine on a free port with a virtual clock; `args` adds start options
 * (e.g. `--iam enforce`).
 */
export async function startEngine(args: readonly string[] = []): Promise<EngineProcess> {
  const child = spawn(
    process.execPath,
    [
      launcherPath(),
      "start",
      "--in-memory",
      "--port",
      "0",
      "--clock",
      "virtual",
      "--log-level",
      "warn",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const endpoint = await waitForEndpoint(child);
  return {
    endpoint,
    async advanceClock(seconds) {
      const response = await fetch(`${endpoint}/_orderflow/clock/advance`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ seconds }),
      });
      if (!response.ok) throw new Error(`advancing the clock: ${response.status} ${await response.text()}`);
    },
    exportEnvironment() {
      Object.assign(process.env, ENGINE_ENV, { AWS_ENDPOINT_URL: endpoint });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
