/**
 * Seed 001's SAM template (SimpleTable, a TypeScript function built by esbuild with an SQS event,
 * Outputs) deployed with `aws cloudformation deploy`, as its README deploys it with `sam deploy`,
 * then driven by its test.sh: the 10-message batch sent five times with `aws sqs
 * send-message-batch`. The engine runs in the template's directory, where a user starts it, so
 * the relative CodeUri resolves as `sam build` resolves it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { DescribeStackResourceCommand } from "@aws-sdk/client-cloudformation";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { itemsOf } from "../support/tables.ts";
import { awsCli, awsCliJson, missingAwsCli, skipWithout } from "./support/aws-cli.ts";
import { advanceUntil, functionsIdle, type Pace } from "./support/clock.ts";
import { type E2eEngine, FIXTURES_DIR, startEngineIn } from "./support/engine.ts";
import { isEmpty, logGroupOf, logMessages, queueDepth } from "./support/observe.ts";

const TEMPLATE_DIR = `${FIXTURES_DIR}sam-write-buffer`;
/** test.sh's STACK_NAME, the name the seed's README deploys under. */
const STACK_NAME = "sqs-lambda-ddb-sam-ts";
const SEED_001_BATCH = fileURLToPath(new URL("../../data/write-buffer-test-batch.json", import.meta.url));
const SEED_001_SENDS = 5;
/** What the seed's README tells its reader to look for in the function's log. */
const THROTTLE_MESSAGE = "The level of configured provisioned throughput for the table was exceeded";

/**
 * Fifty 4 KB puts at 1 WCU (the seed's handler puts every delivery) take minutes of virtual time;
 * steps of half the function's 10 s timeout.
 */
const DRAIN: Pace = { stepSeconds: 5, pauseMs: 25, limitSeconds: 900 };

interface StackOutputs {
  Stacks: { StackStatus: string; Outputs: { OutputKey: string; OutputValue: string }[] }[];
}

describe("seed 001's SAM template deployed with aws cloudformation deploy", () => {
  let engine: E2eEngine;
  before(async () => {
    engine = await startEngineIn(TEMPLATE_DIR);
  });
  after(() => engine?.close());

  it("stores the test batch sent five times to its queue in its table, throttled on the way, nothing lost", async (t) => {
    if (skipWithout(t, await missingAwsCli())) return;
    const aws = (args: readonly string[]) => awsCli(engine.endpoint, args, TEMPLATE_DIR);

    await aws([
      "cloudformation",
      "deploy",
      "--template-file",
      "template.yaml",
      "--stack-name",
      STACK_NAME,
      "--capabilities",
      "CAPABILITY_IAM",
    ]);
    const described = await awsCliJson<StackOutputs>(engine.endpoint, [
      "cloudformation",
      "describe-stacks",
      "--stack-name",
      STACK_NAME,
    ]);
    const [stack] = described.Stacks;
    const outputs = Object.fromEntries(stack!.Outputs.map((o) => [o.OutputKey, o.OutputValue]));
    assert.equal(stack!.StackStatus, "CREATE_COMPLETE");
    assert.deepEqual(Object.keys(outputs).sort(), ["QueueURL", "Region", "TableName"]);
    assert.equal(outputs.Region, "us-east-1");
    const queueUrl = outputs.QueueURL!;
    const { cloudformation, lambda, logs, sqs, dynamodb } = engine.clients;
    const physicalId = async (logicalId: string) =>
      (
        await cloudformation.send(
          new DescribeStackResourceCommand({ StackName: STACK_NAME, LogicalResourceId: logicalId }),
        )
      ).StackResourceDetail!.PhysicalResourceId!;
    const deadLetterQueueUrl = await physicalId("Dlq");
    const fn = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: await physicalId("IngressProcessingFunction") }),
    );

    await Promise.all(
      Array.from({ length: SEED_001_SENDS }, () =>
        aws(["sqs", "send-message-batch", "--queue-url", queueUrl, "--entries", `file://${SEED_001_BATCH}`]),
      ),
    );
    const drainedIn = await advanceUntil(
      engine,
      DRAIN,
      async () => isEmpty(await queueDepth(sqs, queueUrl)),
      functionsIdle(engine, [fn.FunctionArn!]),
    );

    assert.notEqual(drainedIn, undefined, `the queue still holds messages after ${DRAIN.limitSeconds} s`);
    const items = await itemsOf(dynamodb, outputs.TableName!);
    const bodies = (JSON.parse(readFileSync(SEED_001_BATCH, "utf8")) as { MessageBody: string }[]).map(
      (entry) => JSON.parse(entry.MessageBody) as { id: string },
    );
    assert.deepEqual(items.map((item) => item.id).sort(), bodies.map((body) => body.id).sort());
    for (const body of bodies) {
      const { timestamps, ...fields } = items.find((item) => item.id === body.id)!;
      assert.deepEqual(fields, body);
      assert.deepEqual(Object.keys(timestamps as object).sort(), ["ddb", "sqs"]);
    }
    assert.ok(isEmpty(await queueDepth(sqs, deadLetterQueueUrl)), "the dead-letter queue is not empty");
    const throttles = await logMessages(
      logs,
      await logGroupOf(lambda, fn.FunctionName!),
      `"${THROTTLE_MESSAGE}"`,
    );
    assert.ok(throttles.length > 0, "no throttled write in the function's log");
  });
});
