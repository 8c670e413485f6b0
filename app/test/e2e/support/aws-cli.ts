/**
 * The AWS CLI (v1, the first `aws` on the PATH) and the machine's python3 with boto3, run against
 * an engine as a user's shell would. A missing client skips its tests locally; in CI (CI=true)
 * those tests fail instead, because CI must run them (DESIGN.md, "Real clients to test against").
 */
import { execFile } from "node:child_process";
import type { TestContext } from "node:test";
import { promisify } from "node:util";
import { ENGINE_ENV } from "../../support/engine.ts";

const run = promisify(execFile);

const IN_CI = process.env.CI === "true";
/** Longest a single CLI command may take; the CLI's own start-up is about half a second. */
const COMMAND_TIME_LIMIT_MS = 60_000;

/** A client process's environment: test credentials, no user config or pager in the way. */
export function clientEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: ENGINE_ENV.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: ENGINE_ENV.AWS_SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: ENGINE_ENV.AWS_REGION,
    AWS_CONFIG_FILE: "/nonexistent/orderflow-test-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/orderflow-test-credentials",
    AWS_PAGER: "",
    AWS_DEFAULT_OUTPUT: "json",
    // boto3 reads it; CLI v1 does not, so awsCli passes --endpoint-url as well.
    AWS_ENDPOINT_URL: endpoint,
  };
}

export interface CliResult {
  stdout: string;
  stderr: string;
}

export class CliError extends Error {
  constructor(
    readonly command: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(`${command} failed:\n${stderr}${stdout}`);
  }
}

/** Runs `aws <args…> --endpoint-url <endpoint>` in `cwd`; throws CliError when it exits non-zero. */
export async function awsCli(endpoint: string, args: readonly string[], cwd?: string): Promise<CliResult> {
  return runClient("aws", [...args, "--endpoint-url", endpoint], endpoint, cwd);
}

/** The same, parsing the JSON it prints. */
export async function awsCliJson<T = Record<string, unknown>>(
  endpoint: string,
  args: readonly string[],
  cwd?: string,
): Promise<T> {
  const { stdout } = await awsCli(endpoint, args, cwd);
  return JSON.parse(stdout) as T;
}

export async function runClient(
  file: string,
  args: readonly string[],
  endpoint: string,
  cwd?: string,
): Promise<CliResult> {
  const command = [file, ...args].join(" ");
  try {
    return await run(file, [...args], {
      env: clientEnv(endpoint),
      cwd,
      timeout: COMMAND_TIME_LIMIT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new CliError(command, failed.stdout ?? "", failed.stderr ?? failed.message);
  }
}

async function missing(file: string, args: string[], what: string): Promise<string | undefined> {
  try {
    await run(file, args, { env: clientEnv("http://127.0.0.1:1") });
    return undefined;
  } catch {
    return what;
  }
}

export const missingAwsCli = () => missing("aws", ["--version"], "the AWS CLI (aws) is not installed");
export const missingBoto3 = () =>
  missing("python3", ["-c", "import boto3"], "python3 with boto3 is not installed");

/**
 * Call first in a test that needs a client: skips it when the client is missing, except in CI,
 * where the test fails. Returns true when the test should stop.
 */
export function skipWithout(t: TestContext, why: string | undefined): boolean {
  if (!why) return false;
  if (IN_CI) throw new Error(`${why}; CI must run this test`);
  t.skip(why);
  return true;
}
