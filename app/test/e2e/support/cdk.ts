/**
 * The app's CDK stack as a user deploys it onto the engine: `npm run synth` writes app/cdk.out
 * (skipped while it is newer than everything it is built from), then `orderflow-engine deploy
 * app/cdk.out` deploys it and prints the stack's outputs.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { ENGINE_ENV } from "../../support/engine.ts";
import { APP_DIR } from "./engine.ts";

const run = promisify(execFile);

export const CDK_OUT = join(APP_DIR, "cdk.out");
const MANIFEST = join(CDK_OUT, "manifest.json");
/** What the cloud assembly is built from: the stack, the bundled handlers, their dependencies. */
const SYNTH_INPUTS = ["infra", "functions", "cdk.json", "package.json", "../package-lock.json"].map((path) =>
  join(APP_DIR, path),
);

function newestChange(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newestChange(join(path, entry))));
}

/** Synthesizes app/cdk.out unless it is newer than every input. */
export async function synthesizeIfStale(): Promise<void> {
  const synthesizedAt = statSync(MANIFEST, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (synthesizedAt > Math.max(...SYNTH_INPUTS.map(newestChange))) return;
  await run("npm", ["run", "synth"], { cwd: APP_DIR, maxBuffer: 16 * 1024 * 1024 });
}

function engineLauncher(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@orderflow/engine/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  return join(dirname(manifestPath), manifest.bin["orderflow-engine"]!);
}

/** `orderflow-engine deploy <cdk.out>`: deploys the stack and returns the outputs it printed. */
export async function deployCloudAssembly(endpoint: string, dir = CDK_OUT): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, [engineLauncher(), "deploy", dir, "--endpoint", endpoint], {
    env: { ...process.env, ...ENGINE_ENV },
  });
  return Object.fromEntries(
    stdout
      .split("\n")
      .map((line) => /^(\w+) = (.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
}
