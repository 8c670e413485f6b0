/**
 * A SAM template written the way seed 001's is (SimpleTable, a TypeScript Function fed by an SQS
 * queue and built with esbuild, Outputs): the CloudFormation it expands to, and the built handler
 * running on the engine's Lambda against its DynamoDB.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { CreateTableCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import { expandSamTemplate } from "../../../src/services/cloudformation/sam/index.ts";
import { parseTemplate } from "../../../src/services/cloudformation/template/parse.ts";
import { createNodeFunction, invokeJson, zipOf } from "../../lambda/support.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";
import { BASIC_EXECUTION, FIXTURES, LAMBDA_TRUST, SAM_TAG, samContext } from "./support.ts";

const TEMPLATE_DIR = join(FIXTURES, "write-buffer");
const sub = (pattern: string, variables: Record<string, unknown>) => ({ "Fn::Sub": [pattern, variables] });

async function expandSeedTemplate() {
  const template = parseTemplate(readFileSync(join(TEMPLATE_DIR, "template.yaml"), "utf8"));
  const output = await expandSamTemplate(template as Record<string, unknown>, samContext(TEMPLATE_DIR));
  const fn = (output.Resources as Record<string, { Metadata: Record<string, unknown> }>)
    .IngressProcessingFunction!;
  return { output, codeDir: fn.Metadata["orderflow:local-code"] as string };
}

describe("seed 001's SAM template", () => {
  it("expands to the queues, the table, the function, its role and its SQS mapping", async () => {
    const { output, codeDir } = await expandSeedTemplate();

    assert.deepEqual(output, {
      AWSTemplateFormatVersion: "2010-09-09",
      Description: "SQS write buffer in front of a throttled DynamoDB table",
      Resources: {
        IngressQueue: {
          Type: "AWS::SQS::Queue",
          Properties: {
            VisibilityTimeout: 20,
            RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": ["Dlq", "Arn"] }, maxReceiveCount: 20 },
          },
        },
        Dlq: { Type: "AWS::SQS::Queue" },
        DestinationTable: {
          Type: "AWS::DynamoDB::Table",
          Properties: {
            AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
            KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 1 },
          },
        },
        IngressProcessingFunction: {
          Type: "AWS::Lambda::Function",
          Metadata: {
            BuildMethod: "esbuild",
            BuildProperties: {
              Format: "esm",
              Minify: true,
              OutExtension: [".js=.mjs"],
              Sourcemap: false,
              MainFields: "module,main",
              EntryPoints: ["app.ts"],
            },
            "orderflow:local-code": codeDir,
          },
          Properties: {
            Description: "Writes the messages of the IngressQueue into the DestinationTable",
            Handler: "app.handler",
            Runtime: "nodejs18.x",
            Code: { S3Bucket: "orderflow-local", S3Key: codeDir },
            Timeout: 10,
            MemorySize: 128,
            Architectures: ["arm64"],
            Environment: { Variables: { DESTINATION_TABLE_NAME: { Ref: "DestinationTable" } } },
            Role: { "Fn::GetAtt": ["IngressProcessingFunctionRole", "Arn"] },
            Tags: [SAM_TAG],
          },
        },
        IngressProcessingFunctionRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: LAMBDA_TRUST,
            ManagedPolicyArns: [
              BASIC_EXECUTION,
              "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole",
            ],
            Policies: [
              {
                PolicyName: "IngressProcessingFunctionRolePolicy1",
                PolicyDocument: {
                  Statement: [
                    {
                      Action: [
                        "sqs:ChangeMessageVisibility",
                        "sqs:ChangeMessageVisibilityBatch",
                        "sqs:DeleteMessage",
                        "sqs:DeleteMessageBatch",
                        "sqs:GetQueueAttributes",
                        "sqs:ReceiveMessage",
                      ],
                      Effect: "Allow",
                      Resource: sub(
                        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
                        {
                          queueName: { "Fn::GetAtt": ["IngressQueue", "QueueName"] },
                        },
                      ),
                    },
                  ],
                },
              },
              {
                PolicyName: "IngressProcessingFunctionRolePolicy2",
                PolicyDocument: {
                  Statement: [
                    {
                      Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
                      Effect: "Allow",
                      Resource: [
                        sub(
                          "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
                          {
                            tableName: { Ref: "DestinationTable" },
                          },
                        ),
                        sub(
                          "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
                          {
                            tableName: { Ref: "DestinationTable" },
                          },
                        ),
                      ],
                    },
                  ],
                },
              },
            ],
            Tags: [SAM_TAG],
          },
        },
        IngressProcessingFunctionIngressSQSEvent: {
          Type: "AWS::Lambda::EventSourceMapping",
          Properties: {
            FunctionName: { Ref: "IngressProcessingFunction" },
            EventSourceArn: { "Fn::GetAtt": ["IngressQueue", "Arn"] },
            FunctionResponseTypes: ["ReportBatchItemFailures"],
            MaximumBatchingWindowInSeconds: 2,
            ScalingConfig: { MaximumConcurrency: 2 },
          },
        },
      },
      Outputs: {
        QueueURL: { Value: { Ref: "IngressQueue" } },
        TableName: { Value: { Ref: "DestinationTable" } },
        Region: { Value: { Ref: "AWS::Region" } },
      },
    });
  });

  it("builds the handler as the ES module the template asks for", async () => {
    const { codeDir } = await expandSeedTemplate();

    assert.deepEqual(readdirSync(codeDir).sort(), ["app.mjs", "package.json"]);
  });

  describe("its built handler on the engine", () => {
    let t: TestEngine;
    before(async () => {
      t = await startTestEngine();
    });
    after(() => t.stop());

    it("writes every record of an SQS batch into the table and reports no failure", async () => {
      const { codeDir } = await expandSeedTemplate();
      const tableName = `orders-${process.pid}`;
      await t.dynamodb.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
      const files = Object.fromEntries(
        readdirSync(codeDir).map((f) => [f, readFileSync(join(codeDir, f), "utf8")]),
      );
      const fn = await createNodeFunction(t.lambda, "", {
        Runtime: "nodejs18.x",
        Handler: "app.handler",
        Code: { ZipFile: zipOf(files) },
        Environment: { Variables: { DESTINATION_TABLE_NAME: tableName } },
      });
      const records = ["1", "2"].map((id) => ({
        messageId: `m-${id}`,
        body: JSON.stringify({ id, item: `order ${id}` }),
        attributes: { SentTimestamp: "1700000000000" },
      }));

      const { body } = await invokeJson(t.lambda, fn.FunctionName, { Records: records });

      assert.deepEqual(body, { batchItemFailures: [] });
      const items = await t.dynamodb.send(new ScanCommand({ TableName: tableName }));
      assert.deepEqual(items.Items?.map((i) => i.id?.S).sort(), ["1", "2"]);
      assert.equal(items.Items?.[0]?.sqsTimestamp?.S, "2023-11-14T22:13:20.000Z");
    });
  });
});
