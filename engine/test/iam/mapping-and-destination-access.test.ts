/**
 * Lambda acts with the function's execution role not only inside the function but when it reads a
 * mapping's source and when it sends to a dead-letter queue or an on-failure destination. Under
 * `--iam` the engine checks those grants when they are configured (CreateFunction,
 * UpdateFunctionConfiguration, Create/UpdateEventSourceMapping) and evaluates every such call as
 * it happens, so a grant removed later stops the flow as it would on AWS.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { AttachRolePolicyCommand, DeleteRolePolicyCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import {
  CreateEventSourceMappingCommand,
  InvokeCommand,
  PutFunctionEventInvokeConfigCommand,
  UpdateEventSourceMappingCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createNodeFunction, ECHO } from "../lambda/support.ts";
import { awsError } from "../support/engine.ts";
import { eventually } from "../support/eventually.ts";
import { messageCounts } from "../support/sqs.ts";
import {
  DYNAMODB_EXECUTION_ROLE,
  type IamTestEngine,
  startIamEngine,
  streamArn,
} from "./enforcement-support.ts";
import { BASIC_EXECUTION_ROLE, createRole, identityPolicy } from "./support.ts";

const ACCOUNT = "000000000000";
const CANNOT_SEND = "The provided execution role does not have permissions to call SendMessage on SQS";
const FAILS = "exports.handler = async () => { throw new Error('always fails'); };";
/** What the SQS poller waits between reads of a queue it cannot read (pollers/constants.ts). */
const SOURCE_RETRY_MS = 10_000;

let names = 0;

async function queue(t: IamTestEngine, prefix: string): Promise<{ url: string; arn: string }> {
  const name = `${prefix}-${++names}`;
  const { QueueUrl } = await t.sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { url: QueueUrl!, arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}` };
}

/** A role Lambda can assume that may write its logs, plus the given inline policies. */
async function roleWith(t: IamTestEngine, inline: Record<string, string> = {}) {
  const role = await createRole(t.iam);
  await t.iam.send(
    new AttachRolePolicyCommand({ RoleName: role.RoleName!, PolicyArn: BASIC_EXECUTION_ROLE }),
  );
  for (const [PolicyName, PolicyDocument] of Object.entries(inline))
    await t.iam.send(new PutRolePolicyCommand({ RoleName: role.RoleName!, PolicyName, PolicyDocument }));
  return { name: role.RoleName!, arn: role.Arn! };
}

/** Messages still in the queue, visible or in flight. */
const visibleMessages = async (t: IamTestEngine, url: string) => {
  const { visible, notVisible } = await messageCounts(t.sqs, url);
  return visible + notVisible;
};

describe("--iam enforce: grants Lambda needs to send failures somewhere", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("enforce");
  });
  after(() => t.stop());

  it("refuses CreateFunction with a dead-letter queue the role may not send to", async () => {
    const { arn } = await roleWith(t);
    const dlq = await queue(t, "dlq");
    const error = await awsError(() =>
      createNodeFunction(t.lambda, ECHO, { Role: arn, DeadLetterConfig: { TargetArn: dlq.arn } }),
    );
    assert.equal(error.name, "InvalidParameterValueException");
    assert.equal(error.message, CANNOT_SEND);
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });

  it("creates the function once the role may send to the queue", async () => {
    const dlq = await queue(t, "dlq");
    const { arn } = await roleWith(t, { "dlq-send": identityPolicy("sqs:SendMessage", dlq.arn) });
    const fn = await createNodeFunction(t.lambda, ECHO, {
      Role: arn,
      DeadLetterConfig: { TargetArn: dlq.arn },
    });
    assert.equal(fn.DeadLetterConfig?.TargetArn, dlq.arn);
  });

  it("refuses UpdateFunctionConfiguration that adds a dead-letter queue the role may not send to", async () => {
    const { arn } = await roleWith(t);
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const dlq = await queue(t, "dlq");
    const error = await awsError(() =>
      t.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: fn.FunctionName,
          DeadLetterConfig: { TargetArn: dlq.arn },
        }),
      ),
    );
    assert.equal(error.message, CANNOT_SEND);
  });

  it("refuses a stream mapping whose on-failure queue the role may not send to, and allows it once granted", async () => {
    const role = await roleWith(t);
    await t.iam.send(
      new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: DYNAMODB_EXECUTION_ROLE }),
    );
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: role.arn });
    const failures = await queue(t, "on-failure");
    const input = {
      FunctionName: fn.FunctionName,
      EventSourceArn: await streamArn(t),
      StartingPosition: "LATEST" as const,
      DestinationConfig: { OnFailure: { Destination: failures.arn } },
    };
    const error = await awsError(() => t.lambda.send(new CreateEventSourceMappingCommand(input)));
    assert.equal(error.name, "InvalidParameterValueException");
    assert.equal(error.message, CANNOT_SEND);

    const { UUID } = await t.lambda.send(
      new CreateEventSourceMappingCommand({ ...input, DestinationConfig: undefined }),
    );
    const update = new UpdateEventSourceMappingCommand({ UUID, DestinationConfig: input.DestinationConfig });
    assert.equal((await awsError(() => t.lambda.send(update))).message, CANNOT_SEND);

    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "failures",
        PolicyDocument: identityPolicy("sqs:SendMessage", failures.arn),
      }),
    );
    const updated = await t.lambda.send(update);
    assert.equal(updated.DestinationConfig?.OnFailure?.Destination, failures.arn);
  });

  it("drops a failed event's dead-letter message when the role has lost its grant, and says so", async () => {
    const dlq = await queue(t, "dlq");
    const role = await roleWith(t, { "dlq-send": identityPolicy("sqs:SendMessage", dlq.arn) });
    const fn = await createNodeFunction(t.lambda, FAILS, {
      Role: role.arn,
      DeadLetterConfig: { TargetArn: dlq.arn },
    });
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.FunctionName, MaximumRetryAttempts: 0 }),
    );
    const invokeEvent = () =>
      t.lambda.send(
        new InvokeCommand({ FunctionName: fn.FunctionName, InvocationType: "Event", Payload: "{}" }),
      );

    await t.iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: "dlq-send" }));
    await invokeEvent();
    await eventually(
      () => t.warnings.some((w) => w.includes("could not deliver to a Lambda destination")),
      "the dropped delivery's warning",
    );
    assert.equal(await visibleMessages(t, dlq.url), 0);

    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "dlq-send",
        PolicyDocument: identityPolicy("sqs:SendMessage", dlq.arn),
      }),
    );
    await invokeEvent();
    await eventually(async () => (await visibleMessages(t, dlq.url)) === 1, "the dead-letter message");
  });

  it("invokes a Lambda destination only when the role may invoke it", async () => {
    const recorder = await createNodeFunction(t.lambda, ECHO, { Role: (await roleWith(t)).arn });
    const role = await roleWith(t);
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: role.arn });
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: fn.FunctionName,
        DestinationConfig: { OnSuccess: { Destination: recorder.FunctionArn } },
      }),
    );
    const invokeEvent = () =>
      t.lambda.send(
        new InvokeCommand({ FunctionName: fn.FunctionName, InvocationType: "Event", Payload: "{}" }),
      );
    const recorded = () => t.engine.inspect.lambdaMetrics(recorder.FunctionArn).invocations;
    const dropped = () =>
      t.warnings.filter((w) => w.includes("could not deliver to a Lambda destination")).length;
    const droppedBefore = dropped();

    await invokeEvent();
    await eventually(() => dropped() > droppedBefore, "the dropped delivery's warning");
    assert.equal(recorded(), 0);

    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "invoke-recorder",
        PolicyDocument: identityPolicy("lambda:InvokeFunction", recorder.FunctionArn),
      }),
    );
    await invokeEvent();
    await eventually(() => recorded() === 1, "the destination's invocation");
  });

  it("stops an SQS mapping reading its queue when the role loses its grant, and resumes when it is back", async () => {
    const source = await queue(t, "source");
    const consume = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
          Resource: source.arn,
        },
      ],
    });
    const role = await roleWith(t, { consume });
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: role.arn });
    await t.lambda.send(
      new CreateEventSourceMappingCommand({ FunctionName: fn.FunctionName, EventSourceArn: source.arn }),
    );
    const invocations = () => t.engine.inspect.lambdaMetrics(fn.FunctionArn).invocations;
    await t.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: "granted" }));
    await eventually(
      async () => invocations() === 1 && (await visibleMessages(t, source.url)) === 0,
      "the first message processed",
    );

    await t.iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: "consume" }));
    // The long poll under way was authorized before; its end makes the poller receive again.
    const cannotRead = () => t.warnings.filter((w) => w.includes("cannot read its queue")).length;
    t.clock.advance(20_000);
    await eventually(() => cannotRead() >= 1, "the poller's refused receive");
    await t.sqs.send(new SendMessageCommand({ QueueUrl: source.url, MessageBody: "denied" }));
    const refusedSoFar = cannotRead();
    t.clock.advance(SOURCE_RETRY_MS);
    await eventually(() => cannotRead() > refusedSoFar, "the poller's next refused receive");
    assert.equal(invocations(), 1);
    assert.equal(await visibleMessages(t, source.url), 1);

    await t.iam.send(
      new PutRolePolicyCommand({ RoleName: role.name, PolicyName: "consume", PolicyDocument: consume }),
    );
    t.clock.advance(SOURCE_RETRY_MS);
    await eventually(
      async () => invocations() === 2 && (await visibleMessages(t, source.url)) === 0,
      "the held message processed",
    );
  });
});

describe("--iam warn: a destination the role may not send to", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("warn");
  });
  after(() => t.stop());

  it("creates the function, delivers the dead-letter message and names what AWS would refuse", async () => {
    const { arn } = await roleWith(t);
    const dlq = await queue(t, "dlq");
    const fn = await createNodeFunction(t.lambda, FAILS, {
      Role: arn,
      DeadLetterConfig: { TargetArn: dlq.arn },
    });
    assert.ok(
      t.warnings.some((w) => w.startsWith("iam: CreateFunction would fail") && w.includes(CANNOT_SEND)),
      t.warnings.join("\n"),
    );
    await t.lambda.send(
      new PutFunctionEventInvokeConfigCommand({ FunctionName: fn.FunctionName, MaximumRetryAttempts: 0 }),
    );
    await t.lambda.send(
      new InvokeCommand({ FunctionName: fn.FunctionName, InvocationType: "Event", Payload: "{}" }),
    );
    await eventually(async () => (await visibleMessages(t, dlq.url)) === 1, "the dead-letter message");
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.url }));
    assert.equal(Messages?.[0]?.Body, "{}");
    assert.ok(
      t.warnings.some(
        (w) =>
          w.startsWith("iam: would deny") && w.includes("sqs:sendmessage") && w.includes(fn.FunctionName),
      ),
      t.warnings.join("\n"),
    );
  });
});

// The stream on-failure path shares the SQS sender above; a stream mapping reads as the role too.
describe("--iam enforce: a stream mapping reads as its function's role", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("enforce");
  });
  after(() => t.stop());

  it("invokes the function for a change on the stream when the role may read it", async () => {
    const role = await roleWith(t);
    await t.iam.send(
      new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: DYNAMODB_EXECUTION_ROLE }),
    );
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: role.arn });
    const stream = await streamArn(t);
    await t.lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: fn.FunctionName,
        EventSourceArn: stream,
        StartingPosition: "LATEST",
      }),
    );
    const table = stream.split("/")[1]!;
    // LATEST starts where the stream is when the mapping first reads it: write until one is seen.
    await eventually(
      async () => {
        await t.dynamodb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `k${++names}` } } }));
        t.clock.advance(1_000);
        return t.engine.inspect.lambdaMetrics(fn.FunctionArn).invocations > 0;
      },
      "an invocation from the stream",
      { pollMs: 50 },
    );
    assert.deepEqual(
      t.warnings.filter((w) => w.includes("stream event source mapping")),
      [],
    );
  });
});
