/**
 * The AWS CLI (`aws`, v1 with a current botocore) against the engine's IAM: create-role,
 * attach-role-policy, list-attached-role-policies, get-role (the CLI decodes the URL-encoded
 * trust policy) and a failing get-role. Skipped where the CLI is missing, except in CI.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AWS_CLI_V1, type CliOutcome, clientEnv, run, runCli, skipWithout } from "../clients/real-clients.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { BASIC_EXECUTION_ROLE, LAMBDA_TRUST_POLICY } from "./support.ts";

const CLI_TIME_LIMIT_MS = 30_000;

describe("IAM through the AWS CLI", () => {
  let t: TestEngine;
  let missing: string | undefined;
  const outcomes = new Map<string, CliOutcome>();

  const aws = (args: string[]) => runCli(AWS_CLI_V1, t.endpoint, args, { timeoutMs: CLI_TIME_LIMIT_MS });

  before(async () => {
    t = await startTestEngine();
    try {
      await run(AWS_CLI_V1, ["--version"], { env: clientEnv() });
    } catch {
      missing = `the AWS CLI (${AWS_CLI_V1}) is not installed on this machine`;
      return;
    }
    // Each CLI start costs about half a second: the session runs once, the tests read its outcomes.
    const session: [string, string[]][] = [
      [
        "create",
        [
          "iam",
          "create-role",
          "--role-name",
          "cli-role",
          "--assume-role-policy-document",
          LAMBDA_TRUST_POLICY,
        ],
      ],
      [
        "attach",
        ["iam", "attach-role-policy", "--role-name", "cli-role", "--policy-arn", BASIC_EXECUTION_ROLE],
      ],
      ["list-attached", ["iam", "list-attached-role-policies", "--role-name", "cli-role"]],
      ["get", ["iam", "get-role", "--role-name", "cli-role"]],
      ["get-missing", ["iam", "get-role", "--role-name", "nobody"]],
    ];
    for (const [name, args] of session) outcomes.set(name, await aws(args));
  });
  after(() => t.stop());

  it("creates a role", (ctx) => {
    if (skipWithout(ctx, missing)) return;
    const created = outcomes.get("create")!;

    assert.equal(created.exit, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).Role.Arn, "arn:aws:iam::000000000000:role/cli-role");
  });

  it("lists the managed policy it attached", (ctx) => {
    if (skipWithout(ctx, missing)) return;
    const listed = outcomes.get("list-attached")!;

    assert.equal(outcomes.get("attach")!.exit, 0, outcomes.get("attach")!.stderr);
    assert.deepEqual(JSON.parse(listed.stdout).AttachedPolicies, [
      { PolicyName: "AWSLambdaBasicExecutionRole", PolicyArn: BASIC_EXECUTION_ROLE },
    ]);
  });

  it("gets the role with its trust policy decoded, as the CLI shows IAM's documents", (ctx) => {
    if (skipWithout(ctx, missing)) return;
    const got = outcomes.get("get")!;

    assert.deepEqual(JSON.parse(got.stdout).Role.AssumeRolePolicyDocument, JSON.parse(LAMBDA_TRUST_POLICY));
  });

  it("prints IAM's error for a role that does not exist", (ctx) => {
    if (skipWithout(ctx, missing)) return;
    const failed = outcomes.get("get-missing")!;

    assert.notEqual(failed.exit, 0);
    assert.match(
      failed.stderr,
      /An error occurred \(NoSuchEntity\) when calling the GetRole operation: The role with name nobody cannot be found\./,
    );
  });
});
