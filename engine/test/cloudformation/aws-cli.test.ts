/**
 * `aws cloudformation deploy` (AWS CLI v1, current botocore) against the engine: it creates and
 * executes a change set and waits with the CLI's own waiters, re-deploys with new parameters,
 * reports "No changes to deploy" for an unchanged template, and fails on a failed deployment.
 * Skipped where `aws` is missing, except in CI.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { AWS_CLI_V1, clientEnv, run, runCli, skipWithout } from "../clients/real-clients.ts";
import { type CfnHarness, eventLines, outputsOf, settled, startCfn, uniqueStackName } from "./support.ts";

const CLI_TIME_LIMIT_MS = 60_000;

/**
 * The CLI names each change set after the current second; a second deployment of a stack within
 * the same second would reuse the name of the first one's change set (AlreadyExistsException).
 */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));

const TEMPLATE = `
Parameters:
  Size:
    Type: Number
    Default: 1
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      Name: !Sub "\${AWS::StackName}-queue"
      Size: !Ref Size
Outputs:
  QueueName:
    Value: !GetAtt Queue.QueueName
  Size:
    Value: !Ref Size
`;

describe("CloudFormation through aws cloudformation deploy", () => {
  let h: CfnHarness;
  let dir: string;
  let missing: string | undefined;

  before(async () => {
    h = await startCfn();
    dir = await mkdtemp(join(tmpdir(), "orderflow-cfn-cli-"));
    await writeFile(join(dir, "template.yaml"), TEMPLATE);
    await writeFile(
      join(dir, "broken.yaml"),
      "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      Fail: Queue name is taken\n",
    );
    try {
      await run(AWS_CLI_V1, ["--version"], { env: clientEnv() });
    } catch {
      missing = "the AWS CLI (aws) is not installed on this machine";
    }
  });
  after(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const deploy = (stackName: string, file: string, ...extra: string[]) =>
    runCli(
      AWS_CLI_V1,
      h.endpoint,
      ["cloudformation", "deploy", "--template-file", file, "--stack-name", stackName, ...extra],
      { timeoutMs: CLI_TIME_LIMIT_MS, cwd: dir },
    );

  it("creates a stack", async (t: TestContext) => {
    if (skipWithout(t, missing)) return;
    const name = uniqueStackName("cli");

    const outcome = await deploy(name, "template.yaml");

    assert.equal(outcome.exit, 0, outcome.stderr);
    assert.match(outcome.stdout, new RegExp(`Successfully created/updated stack - ${name}`));
    const stack = await settled(h.cfn, name);
    assert.equal(stack.StackStatus, "CREATE_COMPLETE");
    assert.deepEqual(outputsOf(stack), { QueueName: `${name}-queue`, Size: "1" });
  });

  it("updates a stack with new parameter values and keeps the others", async (t: TestContext) => {
    if (skipWithout(t, missing)) return;
    const name = uniqueStackName("cli");
    await deploy(name, "template.yaml");
    await nextSecond();

    const outcome = await deploy(name, "template.yaml", "--parameter-overrides", "Size=3");

    assert.equal(outcome.exit, 0, outcome.stderr);
    const stack = await settled(h.cfn, name);
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    assert.equal(outputsOf(stack).Size, "3");
  });

  it("reports an unchanged template as no changes", async (t: TestContext) => {
    if (skipWithout(t, missing)) return;
    const name = uniqueStackName("cli");
    await deploy(name, "template.yaml");
    await nextSecond();

    const outcome = await deploy(name, "template.yaml");

    // CLI v1 fails an empty change set unless told not to (--no-fail-on-empty-changeset).
    assert.equal(outcome.exit, 255);
    assert.match(outcome.stderr, new RegExp(`No changes to deploy. Stack ${name} is up to date`));
    await nextSecond();
    const quiet = await deploy(name, "template.yaml", "--no-fail-on-empty-changeset");
    assert.equal(quiet.exit, 0, quiet.stderr);
  });

  it("fails when the deployment fails, leaving the events to read", async (t: TestContext) => {
    if (skipWithout(t, missing)) return;
    const name = uniqueStackName("cli");

    const outcome = await deploy(name, "broken.yaml");

    assert.notEqual(outcome.exit, 0);
    assert.match(outcome.stderr, /Failed to create\/update the stack/);
    const stack = await settled(h.cfn, name);
    assert.equal(stack.StackStatus, "ROLLBACK_COMPLETE");
    assert.ok((await eventLines(h.cfn, name)).includes("Queue CREATE_FAILED Queue name is taken"));
  });
});
