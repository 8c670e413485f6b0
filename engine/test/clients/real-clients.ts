/**
 * The real AWS clients these tests drive, and how a test finds out whether the machine has them.
 * A missing client skips its tests locally; in CI (CI=true) the tests fail instead, because CI on
 * these machines must run them (DESIGN.md, "Real clients to test against").
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import type { TestContext } from "node:test";
import { promisify } from "node:util";

export const run = promisify(execFile);

export const IN_CI = process.env.CI === "true";

/** Debian's awscli package (v2.9): its botocore data still holds SQS's awsQuery model. */
export const DEBIAN_BOTOCORE_DATA = "/usr/lib/python3/dist-packages/awscli/botocore/data";
export const DEBIAN_SQS_QUERY_MODEL = `${DEBIAN_BOTOCORE_DATA}/sqs/2012-11-05/service-2.json`;
/** AWS CLI v2.9 from Debian's awscli package: SQS over awsQuery. */
export const AWS_CLI_V2 = "/usr/bin/aws";
/** AWS CLI v1 with a current botocore, first `aws` on the PATH: SQS over awsJson. */
export const AWS_CLI_V1 = "aws";

/** Environment for a client process: test credentials, and no user config or pager in the way. */
export function clientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/nonexistent/orderflow-test-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/orderflow-test-credentials",
    AWS_PAGER: "",
    AWS_DEFAULT_OUTPUT: "json",
    ...extra,
  };
}

/** Why boto3 cannot be used here, or undefined when it can. */
export async function missingBoto3(): Promise<string | undefined> {
  try {
    await run("python3", ["-c", "import boto3"], { env: clientEnv() });
    return undefined;
  } catch {
    return "python3 with boto3 is not installed";
  }
}

export function missingDebianQueryModel(): string | undefined {
  return existsSync(DEBIAN_SQS_QUERY_MODEL)
    ? undefined
    : `Debian's awscli package is not installed (no ${DEBIAN_SQS_QUERY_MODEL}; apt-get install -y awscli)`;
}

/**
 * Call first in a test that needs a client: skips it when the client is missing, except in CI,
 * where the test fails. Returns true when the test should stop.
 */
export function skipWithout(t: TestContext, missing: string | undefined): boolean {
  if (!missing) return false;
  if (IN_CI) throw new Error(`${missing}; CI must run this test`);
  t.skip(missing);
  return true;
}

/** How a CLI command ended: a failing command is an outcome to assert on, not a throw. */
export interface CliOutcome {
  /** Exit status; -1 when the CLI could not be started or was killed. */
  exit: number;
  stdout: string;
  stderr: string;
}

/** Runs `<command> --endpoint-url <endpoint> …args` with the test client environment. */
export async function runCli(
  command: string,
  endpoint: string,
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(command, ["--endpoint-url", endpoint, ...args], {
      env: clientEnv(),
      timeout: options.timeoutMs ?? 30_000,
      cwd: options.cwd,
    });
    return { exit: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { exit: failure.code ?? -1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}
