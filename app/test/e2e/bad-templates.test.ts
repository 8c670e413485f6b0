/**
 * Templates that cannot deploy fail clearly and leave nothing behind. As on AWS, a template
 * CloudFormation can reject as a whole (an unrecognized type, a reference to no resource, a
 * cycle) is refused by CreateStack itself with a ValidationError naming the problem, and no stack
 * exists; a resource that fails while the stack is created (a type the engine does not emulate, a
 * property its schema refuses) fails with a CREATE_FAILED event naming it, and the rollback
 * deletes what was created before it.
 *
 * Each template holds a queue, a table and a function (with its role) that the bad resource comes
 * after, so a failure found late has something to roll back.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { APP_DIR, type E2eEngine, startEngineIn } from "./support/engine.ts";

type Resources = Record<string, Record<string, unknown>>;

/** Created before the bad resource, when the failure is found that late. */
const GOOD_RESOURCES: Resources = {
  Orders: { Type: "AWS::SQS::Queue" },
  OrdersTable: {
    Type: "AWS::DynamoDB::Table",
    Properties: {
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    },
  },
  WriterRole: {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
    },
  },
  Writer: {
    Type: "AWS::Lambda::Function",
    Properties: {
      Runtime: "nodejs22.x",
      Handler: "index.handler",
      Role: { "Fn::GetAtt": ["WriterRole", "Arn"] },
      Code: { ZipFile: "exports.handler = async () => ({});" },
    },
  },
};
const AFTER_GOOD_RESOURCES = { DependsOn: ["Orders", "OrdersTable", "Writer"] };

const createStack = (stackName: string, bad: Resources) => ({
  StackName: stackName,
  TemplateBody: JSON.stringify({
    AWSTemplateFormatVersion: "2010-09-09",
    Resources: { ...GOOD_RESOURCES, ...bad },
  }),
  Capabilities: ["CAPABILITY_IAM" as const],
});

/** How long a stack operation may take in real time before the test gives up on it. */
const STACK_TIME_LIMIT_MS = 20_000;
const STACK_POLL_MS = 20;
const FINAL_STATUS = /_COMPLETE$|_FAILED$/;

async function settledStatus(cloudformation: CloudFormationClient, stackName: string): Promise<string> {
  const giveUpAt = Date.now() + STACK_TIME_LIMIT_MS;
  for (;;) {
    const { Stacks = [] } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    const status = Stacks[0]?.StackStatus ?? "";
    if (FINAL_STATUS.test(status) || Date.now() > giveUpAt) return status;
    await sleep(STACK_POLL_MS);
  }
}

async function eventsOf(cloudformation: CloudFormationClient, stackName: string): Promise<StackEvent[]> {
  const { StackEvents = [] } = await cloudformation.send(
    new DescribeStackEventsCommand({ StackName: stackName }),
  );
  return StackEvents;
}

describe("templates that cannot deploy", () => {
  let engine: E2eEngine;
  before(async () => {
    engine = await startEngineIn(APP_DIR);
  });
  after(() => engine?.close());

  /** Every queue, table and function in the engine. */
  async function inventory(): Promise<string[]> {
    const { sqs, dynamodb, lambda } = engine.clients;
    const [{ QueueUrls = [] }, { TableNames = [] }, { Functions = [] }] = await Promise.all([
      sqs.send(new ListQueuesCommand({})),
      dynamodb.send(new ListTablesCommand({})),
      lambda.send(new ListFunctionsCommand({})),
    ]);
    return [...QueueUrls, ...TableNames, ...Functions.map((fn) => fn.FunctionName ?? "")].sort();
  }

  async function refusedBeforeCreating(stackName: string, bad: Resources): Promise<Error> {
    const { cloudformation } = engine.clients;
    const before = await inventory();
    const refused = await cloudformation.send(new CreateStackCommand(createStack(stackName, bad))).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    assert.ok(refused, "CreateStack accepted the template");
    assert.equal(refused.name, "ValidationError");
    await assert.rejects(eventsOf(cloudformation, stackName), {
      name: "ValidationError",
      message: `Stack with id ${stackName} does not exist`,
    });
    assert.deepEqual(await inventory(), before);
    return refused;
  }

  /** Creates the stack and waits for its rollback; returns its events, newest first. */
  async function rolledBack(stackName: string, bad: Resources): Promise<StackEvent[]> {
    const { cloudformation } = engine.clients;
    const before = await inventory();
    await cloudformation.send(new CreateStackCommand(createStack(stackName, bad)));
    const status = await settledStatus(cloudformation, stackName);

    assert.equal(status, "ROLLBACK_COMPLETE");
    const events = await eventsOf(cloudformation, stackName);
    const [badId] = Object.keys(bad);
    const failed = events.filter((e) => e.ResourceStatus === "CREATE_FAILED");
    assert.deepEqual(
      failed.map((e) => e.LogicalResourceId),
      [badId],
    );
    const rollback = events.find((e) => e.ResourceStatus === "ROLLBACK_IN_PROGRESS");
    assert.equal(
      rollback?.ResourceStatusReason,
      `The following resource(s) failed to create: [${badId}]. Rollback requested by user.`,
    );
    assert.deepEqual(await inventory(), before);
    return events;
  }

  const failureOf = (events: StackEvent[]) => events.find((e) => e.ResourceStatus === "CREATE_FAILED");
  const resourcesWith = (events: StackEvent[], status: string) =>
    events
      .filter((e) => e.ResourceStatus === status && e.ResourceType !== "AWS::CloudFormation::Stack")
      .map((e) => e.LogicalResourceId)
      .sort();

  it("refuses an unrecognized resource type, naming it", async () => {
    const refused = await refusedBeforeCreating("unrecognized-type", {
      Widget: { Type: "AWS::Orderflow::Widget", ...AFTER_GOOD_RESOURCES },
    });

    assert.equal(
      refused.message,
      "Template format error: Unrecognized resource types: [AWS::Orderflow::Widget]",
    );
  });

  it("fails a stack holding a type the engine does not emulate, naming the type, and leaves nothing", async () => {
    const events = await rolledBack("unemulated-type", {
      Alerts: { Type: "AWS::SNS::Topic", ...AFTER_GOOD_RESOURCES },
    });

    assert.match(
      failureOf(events)?.ResourceStatusReason ?? "",
      /AWS::SNS::Topic is not supported by the Orderflow engine/,
    );
  });

  it("refuses a Ref to a resource that does not exist, naming it", async () => {
    const refused = await refusedBeforeCreating("missing-ref", {
      Ingress: { Type: "AWS::SQS::Queue", Properties: { QueueName: { Ref: "IngressName" } } },
    });

    assert.match(refused.message, /Unresolved resource dependencies \[IngressName\] in the Resources block/);
  });

  it("refuses a GetAtt of a resource that does not exist, naming it", async () => {
    const refused = await refusedBeforeCreating("missing-getatt", {
      Ingress: {
        Type: "AWS::SQS::Queue",
        Properties: {
          RedrivePolicy: {
            deadLetterTargetArn: { "Fn::GetAtt": ["DeadLetters", "Arn"] },
            maxReceiveCount: 5,
          },
        },
      },
    });

    assert.match(refused.message, /Fn::GetAtt references undefined resource DeadLetters/);
  });

  it("refuses a cyclic dependency, naming the resources in the cycle", async () => {
    const redriveTo = (target: string) => ({
      Type: "AWS::SQS::Queue",
      Properties: {
        RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [target, "Arn"] }, maxReceiveCount: 5 },
      },
    });

    const refused = await refusedBeforeCreating("cycle", {
      Ping: redriveTo("Pong"),
      Pong: redriveTo("Ping"),
    });

    assert.match(refused.message, /^Circular dependency between resources: \[.*\]$/);
    assert.match(refused.message, /\bPing\b/);
    assert.match(refused.message, /\bPong\b/);
  });

  it("fails a resource whose property its schema refuses, naming the property, and rolls back", async () => {
    const events = await rolledBack("invalid-property", {
      Delayed: { Type: "AWS::SQS::Queue", ...AFTER_GOOD_RESOURCES, Properties: { DelaySeconds: "soon" } },
    });

    const good = Object.keys(GOOD_RESOURCES).sort();
    assert.deepEqual(resourcesWith(events, "CREATE_COMPLETE"), good);
    assert.deepEqual(resourcesWith(events, "DELETE_COMPLETE"), [...good, "Delayed"].sort());
    assert.equal(
      failureOf(events)?.ResourceStatusReason,
      "Properties validation failed for resource Delayed with message: [#/DelaySeconds: expected type: Integer, found: String]",
    );
  });
});
