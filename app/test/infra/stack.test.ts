/** The synthesized stack: its resources, their settings, the grants between them, its interface. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { type SynthesizedStack, synthesizeStack } from "../support/synth.ts";

type Resource = { Type: string; Properties: Record<string, unknown> };

describe("Orderflow stack", () => {
  let synthesized: SynthesizedStack;
  let template: Template;

  before(() => {
    synthesized = synthesizeStack();
    template = synthesized.template;
  });
  after(() => synthesized.dispose());

  const logicalIdOf = (type: string, properties: Record<string, unknown> = {}): string => {
    const ids = Object.keys(template.findResources(type, { Properties: properties }));
    assert.equal(ids.length, 1, `one ${type} matching ${JSON.stringify(properties)}, found ${ids.length}`);
    return ids[0]!;
  };
  const ingressQueueId = () => logicalIdOf("AWS::SQS::Queue", { RedrivePolicy: Match.anyValue() });
  const deadLetterQueueId = () => logicalIdOf("AWS::SQS::Queue", { RedrivePolicy: Match.absent() });
  const tableId = () => logicalIdOf("AWS::DynamoDB::Table");
  const functionId = () => logicalIdOf("AWS::Lambda::Function");

  it("declares the write buffer's resources and nothing more", () => {
    const types = Object.values(template.toJSON().Resources as Record<string, Resource>)
      .map((resource) => resource.Type)
      .sort();

    assert.deepEqual(types, [
      "AWS::CDK::Metadata",
      "AWS::DynamoDB::Table",
      "AWS::IAM::Policy",
      "AWS::IAM::Role",
      "AWS::Lambda::EventSourceMapping",
      "AWS::Lambda::Function",
      "AWS::Logs::LogGroup",
      "AWS::SQS::Queue",
      "AWS::SQS::Queue",
    ]);
  });

  describe("queues", () => {
    it("sends a record to the dead-letter queue after 20 receives (seed 001)", () => {
      template.hasResourceProperties("AWS::SQS::Queue", {
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [deadLetterQueueId(), "Arn"] },
          maxReceiveCount: 20,
        },
      });
    });

    it("hides a received record for six function timeouts plus the batching window", () => {
      template.hasResourceProperties("AWS::SQS::Queue", {
        RedrivePolicy: Match.anyValue(),
        VisibilityTimeout: 6 * 10 + 2,
      });
    });

    it("keeps orders for 4 days", () => {
      template.hasResourceProperties("AWS::SQS::Queue", {
        RedrivePolicy: Match.anyValue(),
        MessageRetentionPeriod: 4 * 24 * 3600,
      });
    });

    it("keeps dead letters for the 14 days SQS allows", () => {
      template.hasResourceProperties("AWS::SQS::Queue", {
        RedrivePolicy: Match.absent(),
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
    });
  });

  describe("orders table", () => {
    it("has seed 000's key: hash id (S), range timestamp (N)", () => {
      template.hasResourceProperties("AWS::DynamoDB::Table", {
        KeySchema: [
          { AttributeName: "id", KeyType: "HASH" },
          { AttributeName: "timestamp", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "id", AttributeType: "S" },
          { AttributeName: "timestamp", AttributeType: "N" },
        ],
      });
    });

    it("is provisioned at 1 RCU and the write capacity the parameter gives", () => {
      template.hasResourceProperties("AWS::DynamoDB::Table", {
        BillingMode: Match.absent(),
        ProvisionedThroughput: {
          ReadCapacityUnits: 1,
          WriteCapacityUnits: { Ref: "OrdersTableWriteCapacity" },
        },
      });
    });

    it("takes its write capacity from a Number parameter that defaults to 1 WCU", () => {
      template.hasParameter("OrdersTableWriteCapacity", { Type: "Number", Default: 1, MinValue: 1 });
    });
  });

  describe("buffer writer", () => {
    it("runs the bundled handler on nodejs22.x with the seed's 10 s timeout", () => {
      template.hasResourceProperties("AWS::Lambda::Function", {
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Timeout: 10,
      });
    });

    it("finds the orders table through ORDERS_TABLE_NAME", () => {
      template.hasResourceProperties("AWS::Lambda::Function", {
        Environment: { Variables: Match.objectLike({ ORDERS_TABLE_NAME: { Ref: tableId() } }) },
      });
    });

    it("logs to a log group kept for a week", () => {
      const logGroup = logicalIdOf("AWS::Logs::LogGroup", { RetentionInDays: 7 });
      template.hasResourceProperties("AWS::Lambda::Function", {
        LoggingConfig: { LogGroup: { Ref: logGroup } },
      });
    });

    it("is fed by the ingress queue in batches of 10 with a 2 s window, at most 2 at a time", () => {
      template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        EventSourceArn: { "Fn::GetAtt": [ingressQueueId(), "Arn"] },
        FunctionName: { Ref: functionId() },
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 2,
        ScalingConfig: { MaximumConcurrency: 2 },
      });
    });

    it("reports batch item failures", () => {
      template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        FunctionResponseTypes: ["ReportBatchItemFailures"],
      });
    });

    it("bundles the handler with the AWS SDK left to the runtime", () => {
      const bundle = readFileSync(join(synthesized.codeDirOf(functionId()), "index.js"), "utf8");

      assert.match(bundle, /require\("@aws-sdk\/client-dynamodb"\)/);
      assert.match(bundle, /attribute_not_exists/);
    });
  });

  describe("grants", () => {
    const statementsOfTheFunctionRole = () => {
      const role = logicalIdOf("AWS::IAM::Role");
      const policies = Object.values(
        template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: role }] } }),
      ) as Resource[];
      return policies.flatMap(
        (policy) => (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
      );
    };

    it("lets the function put items into the orders table and do nothing else with it", () => {
      const onTable = statementsOfTheFunctionRole().filter((s) =>
        JSON.stringify(s.Resource).includes(tableId()),
      );

      assert.deepEqual(onTable, [
        { Action: "dynamodb:PutItem", Effect: "Allow", Resource: { "Fn::GetAtt": [tableId(), "Arn"] } },
      ]);
    });

    it("lets the function consume the ingress queue and touch nothing else", () => {
      const others = statementsOfTheFunctionRole().filter(
        (s) => !JSON.stringify(s.Resource).includes(tableId()),
      );

      assert.deepEqual(others, [
        {
          Action: [
            "sqs:ChangeMessageVisibility",
            "sqs:DeleteMessage",
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl",
            "sqs:ReceiveMessage",
          ],
          Effect: "Allow",
          Resource: { "Fn::GetAtt": [ingressQueueId(), "Arn"] },
        },
      ]);
    });

    it("gives the function Lambda's basic execution role for its logs", () => {
      template.hasResourceProperties("AWS::IAM::Role", {
        AssumeRolePolicyDocument: Match.objectLike({
          Statement: [Match.objectLike({ Principal: { Service: "lambda.amazonaws.com" } })],
        }),
        ManagedPolicyArns: [
          {
            "Fn::Join": [
              "",
              [
                "arn:",
                { Ref: "AWS::Partition" },
                ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
              ],
            ],
          },
        ],
      });
    });
  });

  describe("outputs", () => {
    it("names the queues, the table and the function", () => {
      const outputs = template.findOutputs("*") as Record<string, { Value: unknown }>;

      assert.deepEqual(
        Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.Value])),
        {
          IngressQueueUrl: { Ref: ingressQueueId() },
          DeadLetterQueueUrl: { Ref: deadLetterQueueId() },
          OrdersTableName: { Ref: tableId() },
          BufferWriterFunctionName: { Ref: functionId() },
        },
      );
    });
  });
});
