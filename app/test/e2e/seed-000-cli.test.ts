/**
 * Seed 000 as its reader runs it, with the AWS CLI against the engine: its create-table and
 * create-queue commands verbatim, its IAM policy and role, its Python handler zipped and created
 * with `aws lambda create-function`, the SQS trigger with `aws lambda create-event-source-mapping`,
 * then orders from its producer (orders.py, boto3).
 *
 * The seed's handler ignores its event: it polls the queue itself, writing and deleting what it
 * receives, until it times out. The batch its trigger delivered stays in flight meanwhile, out of
 * its own loop's reach; after the visibility timeout the trigger receives it again, for an
 * invocation that cannot see it either — on AWS as here. So the orders its loop receives land in
 * the table, and the ones its trigger holds stay in flight: none is lost, and "the SQS queue is
 * empty" as the console's Messages available shows it.
 */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { itemsOf } from "../support/tables.ts";
import {
  awsCli,
  awsCliJson,
  CliError,
  missingAwsCli,
  missingBoto3,
  runClient,
  skipWithout,
} from "./support/aws-cli.ts";
import { advanceFor, type Pace } from "./support/clock.ts";
import { type E2eEngine, FIXTURES_DIR, startEngineIn } from "./support/engine.ts";
import { engineMetrics, queueDepth, type TableMetrics } from "./support/observe.ts";

/** The seed's commands, as it prints them. */
const CREATE_TABLE = String.raw`aws dynamodb create-table --table-name orders \
  --attribute-definitions AttributeName=id,AttributeType=S \
                          AttributeName=timestamp,AttributeType=N \
  --key-schema AttributeName=id,KeyType=HASH \
               AttributeName=timestamp,KeyType=RANGE \
  --provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1`;
const CREATE_QUEUE = "aws sqs create-queue --queue-name orders";

/** A command line as the shell splits it (the seed's use no quotes): the arguments after `aws`. */
const argsOf = (commandLine: string) => commandLine.replace(/\\\n/g, " ").trim().split(/\s+/).slice(1);

const FUNCTION_NAME = "SQSWriteBuffer";
const POLICY_NAME = "Lambda-SQSWriteBuffer-Policy";
const ROLE_NAME = "Lambda-SQSWriteBuffer-Role";
/**
 * The seed asks for Python 3.7, which Lambda no longer lets anyone create a function with; its
 * own error names the runtime to use instead.
 */
const SEED_RUNTIME = "python3.7";
const RUNTIME = "python3.13";
/** "set function timeout = 15 sec", less than the queue's (default 30 s) visibility timeout. */
const FUNCTION_TIMEOUT_SECONDS = "15";

/**
 * Two seconds of the seed's producer at 10/s. Whether the 1-WCU table throttles them depends on
 * how long it stood unused before (its burst credit), so this test does not count on it; the app's
 * stack and seed 001's template, with their bigger loads, do.
 */
const ORDER_COUNT = 20;
/**
 * Until the handler's loop writes its first order, time runs at the real rate: the five Python
 * environments the trigger starts at once take a second or more to start, and their init
 * timeout (10 s) runs on the engine's clock.
 */
const FIRST_WRITE_TIME_LIMIT_MS = 30_000;
const FIRST_WRITE_POLL_MS = 50;
/**
 * Then ten times faster: two visibility timeouts and more (60 s), enough for the orders the loop
 * received to be written at 1 WCU. A Python environment starting meanwhile (for the trigger's
 * redelivered batch) may time out in its init; its batch comes back all the same.
 */
const RUN: Pace = { stepSeconds: 2, pauseMs: 200, limitSeconds: 60 };

interface Order {
  id: string;
  [field: string]: unknown;
}

describe("seed 000's own commands against the engine", () => {
  let engine: E2eEngine;
  let workDir: string;
  before(async () => {
    workDir = mkdtempSync(join(tmpdir(), "orderflow-seed-000-"));
    cpSync(join(FIXTURES_DIR, "seed-000"), workDir, { recursive: true });
    engine = await startEngineIn(workDir);
  });
  after(async () => {
    await engine?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  const aws = (args: readonly string[]) => awsCli(engine.endpoint, args, workDir);
  const awsJson = <T>(args: readonly string[]) => awsCliJson<T>(engine.endpoint, args, workDir);

  async function createExecutionRole(): Promise<string> {
    const { Policy } = await awsJson<{ Policy: { Arn: string } }>([
      "iam",
      "create-policy",
      "--policy-name",
      POLICY_NAME,
      "--policy-document",
      "file://lambda_execution_role.json",
    ]);
    const { Role } = await awsJson<{ Role: { Arn: string } }>([
      "iam",
      "create-role",
      "--role-name",
      ROLE_NAME,
      "--assume-role-policy-document",
      "file://lambda_trust_policy.json",
    ]);
    await aws(["iam", "attach-role-policy", "--role-name", ROLE_NAME, "--policy-arn", Policy.Arn]);
    return Role.Arn;
  }

  const createFunctionArgs = (runtime: string, roleArn: string) => [
    "lambda",
    "create-function",
    "--function-name",
    FUNCTION_NAME,
    "--runtime",
    runtime,
    "--role",
    roleArn,
    "--handler",
    "lambda_function.lambda_handler",
    "--timeout",
    FUNCTION_TIMEOUT_SECONDS,
    "--environment",
    "Variables={QUEUE_NAME=orders,DYNAMODB_TABLE=orders}",
    "--zip-file",
    "fileb://function.zip",
  ];

  const zipHandler = () =>
    runClient(
      "python3",
      ["-m", "zipfile", "-c", "function.zip", "lambda_function.py"],
      engine.endpoint,
      workDir,
    );

  it("refuses the seed's Python 3.7 as Lambda does today, naming the runtime to use", async (t) => {
    if (skipWithout(t, (await missingAwsCli()) ?? (await missingBoto3()))) return;
    await zipHandler();

    const refused = await aws(createFunctionArgs(SEED_RUNTIME, "arn:aws:iam::000000000000:role/any")).then(
      () => undefined,
      (error: unknown) => error,
    );

    assert.ok(refused instanceof CliError, "python3.7 was accepted");
    assert.match(
      refused.stderr,
      /\(InvalidParameterValueException\).*The runtime parameter of python3\.7 is no longer supported.*\(python3\.13\)/,
    );
  });

  it("writes the orders from seed 000's producer that its handler receives, losing none", async (t) => {
    if (skipWithout(t, (await missingAwsCli()) ?? (await missingBoto3()))) return;
    const [{ TableDescription: table }, { QueueUrl: queueUrl }, roleArn] = await Promise.all([
      awsJson<{ TableDescription: { TableArn: string; ProvisionedThroughput: Record<string, number> } }>(
        argsOf(CREATE_TABLE),
      ),
      awsJson<{ QueueUrl: string }>(argsOf(CREATE_QUEUE)),
      createExecutionRole(),
      zipHandler(),
    ]);
    const created = await awsJson<{ State: string; Environment: unknown }>(
      createFunctionArgs(RUNTIME, roleArn),
    );
    const { Attributes } = await awsJson<{ Attributes: { QueueArn: string } }>([
      "sqs",
      "get-queue-attributes",
      "--queue-url",
      queueUrl,
      "--attribute-names",
      "QueueArn",
    ]);
    const { UUID } = await awsJson<{ UUID: string }>([
      "lambda",
      "create-event-source-mapping",
      "--function-name",
      FUNCTION_NAME,
      "--event-source-arn",
      Attributes.QueueArn,
    ]);
    const mapping = await awsJson<{ State: string; BatchSize: number }>([
      "lambda",
      "get-event-source-mapping",
      "--uuid",
      UUID,
    ]);
    assert.deepEqual(
      [table.ProvisionedThroughput.ReadCapacityUnits, table.ProvisionedThroughput.WriteCapacityUnits],
      [1, 1],
    );
    assert.match(queueUrl, /\/orders$/);
    assert.equal(created.State, "Active");
    assert.deepEqual(created.Environment, { Variables: { QUEUE_NAME: "orders", DYNAMODB_TABLE: "orders" } });
    assert.deepEqual([mapping.State, mapping.BatchSize], ["Enabled", 10]);
    const { dynamodb, sqs } = engine.clients;
    // Watched through its metrics: scanning a 1-RCU table this often would throttle the scans.
    const tableWritten = async () =>
      (await engineMetrics<TableMetrics>(engine.endpoint, table.TableArn)).consumedWrite > 0;

    const produced = await runClient(
      "python3",
      ["orders.py", "-q", "orders", "-i", "0", "-n", String(ORDER_COUNT)],
      engine.endpoint,
      workDir,
    );
    const sent = produced.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Order);
    const firstWriteBy = Date.now() + FIRST_WRITE_TIME_LIMIT_MS;
    while (!(await tableWritten()) && Date.now() < firstWriteBy) await sleep(FIRST_WRITE_POLL_MS);
    await advanceFor(engine, RUN);

    assert.equal(sent.length, ORDER_COUNT);
    const stored = (await itemsOf(dynamodb, "orders")) as Order[];
    const depth = await queueDepth(sqs, queueUrl);
    assert.ok(stored.length > 0, "no order reached the table");
    assert.equal(depth.visible, 0, "orders are still waiting in the queue");
    assert.ok(
      stored.length + depth.inFlight >= sent.length,
      `${sent.length} orders sent, ${stored.length} stored and ${depth.inFlight} in flight: some were lost`,
    );
    const sentById = new Map(sent.map((order) => [order.id, order]));
    assert.deepEqual(
      stored,
      stored.map((order) => sentById.get(order.id)),
      "the table holds what was not sent",
    );
  });
});
