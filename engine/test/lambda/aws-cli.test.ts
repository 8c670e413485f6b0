/**
 * Lambda through the AWS CLI (v1, current botocore): create-function with `--zip-file fileb://`,
 * invoke with a payload and a log tail, create-event-source-mapping, and an error's exit status
 * and message. Skipped where `aws` is missing, except in CI.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { AWS_CLI_V1, type CliOutcome, clientEnv, run, runCli, skipWithout } from "../clients/real-clients.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";
import { createQueue, queueArn } from "../support/sqs.ts";
import { ROLE, zipOf } from "./support.ts";

const CLI_TIME_LIMIT_MS = 30_000;

describe("Lambda through the AWS CLI", () => {
  let t: TestEngine;
  let dir: string;
  let missing: string | undefined;

  before(async () => {
    t = await startTestEngine();
    dir = await mkdtemp(join(tmpdir(), "orderflow-lambda-cli-"));
    await writeFile(
      join(dir, "function.zip"),
      zipOf({
        "index.mjs":
          "export const handler = async (event) => { console.log('got', event.n); return { doubled: event.n * 2 }; };",
      }),
    );
    try {
      await run(AWS_CLI_V1, ["--version"], { env: clientEnv() });
    } catch {
      missing = "the AWS CLI (aws) is not installed on this machine";
    }
  });
  after(async () => {
    await t.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const aws = (args: string[]) =>
    runCli(AWS_CLI_V1, t.endpoint, args, { timeoutMs: CLI_TIME_LIMIT_MS, cwd: dir });
  const json = (outcome: CliOutcome) => {
    assert.equal(outcome.exit, 0, outcome.stderr);
    return JSON.parse(outcome.stdout) as Record<string, unknown>;
  };

  it("creates a function from a zip file, invokes it and maps a queue to it", async (test: TestContext) => {
    if (skipWithout(test, missing)) return;
    const created = json(
      await aws([
        "lambda",
        "create-function",
        "--function-name",
        "doubler",
        "--runtime",
        "nodejs22.x",
        "--handler",
        "index.handler",
        "--role",
        ROLE,
        "--zip-file",
        "fileb://function.zip",
      ]),
    );
    assert.equal(created.FunctionName, "doubler");
    assert.equal(created.Runtime, "nodejs22.x");

    const invoked = json(
      await aws([
        "lambda",
        "invoke",
        "--function-name",
        "doubler",
        "--payload",
        '{"n": 21}',
        "--log-type",
        "Tail",
        "out.json",
      ]),
    );
    assert.equal(invoked.StatusCode, 200);
    assert.equal(invoked.ExecutedVersion, "$LATEST");
    assert.match(Buffer.from(String(invoked.LogResult), "base64").toString(), /INFO\tgot 21/);
    assert.deepEqual(JSON.parse(await readFile(join(dir, "out.json"), "utf8")), { doubled: 42 });

    const queue = await queueArn(t.sqs, await createQueue(t.sqs, "cli-mapped"));
    const mapping = json(
      await aws([
        "lambda",
        "create-event-source-mapping",
        "--function-name",
        "doubler",
        "--event-source-arn",
        queue,
        "--batch-size",
        "5",
        "--function-response-types",
        "ReportBatchItemFailures",
      ]),
    );
    assert.equal(mapping.BatchSize, 5);
    assert.deepEqual(mapping.FunctionResponseTypes, ["ReportBatchItemFailures"]);
    assert.equal(mapping.State, "Creating");
  });

  it("prints Lambda's error and exits 255 for a function that is not there", async (test: TestContext) => {
    if (skipWithout(test, missing)) return;
    const outcome = await aws(["lambda", "get-function", "--function-name", "nowhere"]);
    assert.equal(outcome.exit, 255);
    assert.match(
      outcome.stderr,
      /An error occurred \(ResourceNotFoundException\) when calling the GetFunction operation: Function not found: arn:aws:lambda:us-east-1:000000000000:function:nowhere/,
    );
  });
});
