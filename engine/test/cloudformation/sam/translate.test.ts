/**
 * SAM resources → CloudFormation, case by case: each template is expanded and compared with the
 * CloudFormation AWS's translator produces for it (written out by hand from the translator's
 * documented behaviour and its tests/translator/output files).
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BASIC_EXECUTION, expand, LAMBDA_TRUST, SAM_TAG, samTemplate } from "./support.ts";

const FUNCTION = "AWS::Serverless::Function";
const SQS_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
const DDB_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole";
const s3Code = {
  CodeUri: "s3://sam-demo-bucket/orders.zip",
  Handler: "index.handler",
  Runtime: "nodejs22.x",
};
const lambdaS3Code = {
  Code: { S3Bucket: "sam-demo-bucket", S3Key: "orders.zip" },
  Handler: "index.handler",
  Runtime: "nodejs22.x",
};
const roleOf = (id: string) => ({ "Fn::GetAtt": [`${id}Role`, "Arn"] });

interface Case {
  name: string;
  resources: Record<string, unknown>;
  expected: Record<string, unknown>;
  region?: string;
}

const cases: Case[] = [
  {
    name: "a function from S3 with an SQS event: function, role with the SQS poller policy, mapping",
    resources: {
      SQSFunction: {
        Type: FUNCTION,
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Retain",
        Properties: {
          CodeUri: "s3://sam-demo-bucket/queues.zip?versionId=3",
          Handler: "queue.sqs_handler",
          Runtime: "python3.12",
          Events: {
            MySqsQueue: {
              Type: "SQS",
              Properties: {
                Queue: "arn:aws:sqs:us-west-2:012345678901:my-queue",
                BatchSize: 10,
                Enabled: false,
              },
            },
          },
        },
      },
    },
    expected: {
      SQSFunction: {
        Type: "AWS::Lambda::Function",
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Retain",
        Properties: {
          Code: { S3Bucket: "sam-demo-bucket", S3Key: "queues.zip", S3ObjectVersion: "3" },
          Handler: "queue.sqs_handler",
          Role: roleOf("SQSFunction"),
          Runtime: "python3.12",
          Tags: [SAM_TAG],
        },
      },
      SQSFunctionRole: {
        Type: "AWS::IAM::Role",
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Retain",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [BASIC_EXECUTION, SQS_EXECUTION],
          Tags: [SAM_TAG],
        },
      },
      SQSFunctionMySqsQueue: {
        Type: "AWS::Lambda::EventSourceMapping",
        DeletionPolicy: "Delete",
        UpdateReplacePolicy: "Retain",
        Properties: {
          BatchSize: 10,
          Enabled: false,
          EventSourceArn: "arn:aws:sqs:us-west-2:012345678901:my-queue",
          FunctionName: { Ref: "SQSFunction" },
        },
      },
    },
  },
  {
    name: "every SQS event property reaches the mapping; the queue's intrinsic stays as written",
    resources: {
      Worker: {
        Type: FUNCTION,
        Properties: {
          ...s3Code,
          Events: {
            Orders: {
              Type: "SQS",
              Properties: {
                Queue: { "Fn::GetAtt": ["OrdersQueue", "Arn"] },
                BatchSize: 25,
                MaximumBatchingWindowInSeconds: 2,
                FunctionResponseTypes: ["ReportBatchItemFailures"],
                ScalingConfig: { MaximumConcurrency: 2 },
                FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
                Enabled: true,
              },
            },
          },
        },
      },
    },
    expected: {
      Worker: {
        Type: "AWS::Lambda::Function",
        Properties: { ...lambdaS3Code, Role: roleOf("Worker"), Tags: [SAM_TAG] },
      },
      WorkerRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [BASIC_EXECUTION, SQS_EXECUTION],
          Tags: [SAM_TAG],
        },
      },
      WorkerOrders: {
        Type: "AWS::Lambda::EventSourceMapping",
        Properties: {
          FunctionName: { Ref: "Worker" },
          EventSourceArn: { "Fn::GetAtt": ["OrdersQueue", "Arn"] },
          BatchSize: 25,
          MaximumBatchingWindowInSeconds: 2,
          FunctionResponseTypes: ["ReportBatchItemFailures"],
          ScalingConfig: { MaximumConcurrency: 2 },
          FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
          Enabled: true,
        },
      },
    },
  },
  {
    name: "a DynamoDB event: stream properties, the stream policy, and an SQS OnFailure with its send policy",
    resources: {
      Projector: {
        Type: FUNCTION,
        Properties: {
          ...s3Code,
          Events: {
            Stream: {
              Type: "DynamoDB",
              Properties: {
                Stream: { "Fn::GetAtt": ["Orders", "StreamArn"] },
                StartingPosition: "TRIM_HORIZON",
                BatchSize: 100,
                MaximumBatchingWindowInSeconds: 1,
                ParallelizationFactor: 2,
                MaximumRetryAttempts: 3,
                MaximumRecordAgeInSeconds: 600,
                BisectBatchOnFunctionError: true,
                FunctionResponseTypes: ["ReportBatchItemFailures"],
                FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
                TumblingWindowInSeconds: 30,
                DestinationConfig: {
                  OnFailure: { Type: "SQS", Destination: { "Fn::GetAtt": ["Dlq", "Arn"] } },
                },
              },
            },
          },
        },
      },
    },
    expected: {
      Projector: {
        Type: "AWS::Lambda::Function",
        Properties: { ...lambdaS3Code, Role: roleOf("Projector"), Tags: [SAM_TAG] },
      },
      ProjectorRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [BASIC_EXECUTION, DDB_EXECUTION],
          Policies: [
            {
              PolicyName: "ProjectorStreamSQSPolicy",
              PolicyDocument: {
                Statement: [
                  { Action: "sqs:SendMessage", Effect: "Allow", Resource: { "Fn::GetAtt": ["Dlq", "Arn"] } },
                ],
              },
            },
          ],
          Tags: [SAM_TAG],
        },
      },
      ProjectorStream: {
        Type: "AWS::Lambda::EventSourceMapping",
        Properties: {
          FunctionName: { Ref: "Projector" },
          EventSourceArn: { "Fn::GetAtt": ["Orders", "StreamArn"] },
          StartingPosition: "TRIM_HORIZON",
          BatchSize: 100,
          MaximumBatchingWindowInSeconds: 1,
          ParallelizationFactor: 2,
          MaximumRetryAttempts: 3,
          MaximumRecordAgeInSeconds: 600,
          BisectBatchOnFunctionError: true,
          FunctionResponseTypes: ["ReportBatchItemFailures"],
          FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
          TumblingWindowInSeconds: 30,
          DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": ["Dlq", "Arn"] } } },
        },
      },
    },
  },
  {
    name: "a function naming its Role gets no generated role, and its events add no policies",
    resources: {
      Greeter: {
        Type: FUNCTION,
        Properties: {
          FunctionName: "greeter",
          Description: "Says hello",
          InlineCode: "exports.handler = async () => 'hello';",
          Handler: "index.handler",
          Runtime: "nodejs22.x",
          Role: "arn:aws:iam::000000000000:role/existing",
          Timeout: 5,
          MemorySize: 256,
          Architectures: ["arm64"],
          ReservedConcurrentExecutions: 2,
          Environment: { Variables: { STAGE: "test" } },
          Tags: { team: "orders", empty: "" },
          Events: { Q: { Type: "SQS", Properties: { Queue: "arn:aws:sqs:us-east-1:000000000000:q" } } },
        },
      },
    },
    expected: {
      Greeter: {
        Type: "AWS::Lambda::Function",
        Properties: {
          FunctionName: "greeter",
          Description: "Says hello",
          Code: { ZipFile: "exports.handler = async () => 'hello';" },
          Handler: "index.handler",
          Runtime: "nodejs22.x",
          Role: "arn:aws:iam::000000000000:role/existing",
          Timeout: 5,
          MemorySize: 256,
          Architectures: ["arm64"],
          ReservedConcurrentExecutions: 2,
          Environment: { Variables: { STAGE: "test" } },
          Tags: [SAM_TAG, { Key: "team", Value: "orders" }, { Key: "empty", Value: "" }],
        },
      },
      GreeterQ: {
        Type: "AWS::Lambda::EventSourceMapping",
        Properties: {
          FunctionName: { Ref: "Greeter" },
          EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:q",
        },
      },
    },
  },
  {
    name: "events expand in name order; the role gets each poller policy once",
    resources: {
      Fan: {
        Type: FUNCTION,
        Properties: {
          ...s3Code,
          Events: {
            Second: { Type: "SQS", Properties: { Queue: "arn:aws:sqs:us-east-1:000000000000:b" } },
            First: { Type: "SQS", Properties: { Queue: "arn:aws:sqs:us-east-1:000000000000:a" } },
          },
        },
      },
    },
    expected: {
      Fan: {
        Type: "AWS::Lambda::Function",
        Properties: { ...lambdaS3Code, Role: roleOf("Fan"), Tags: [SAM_TAG] },
      },
      FanRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [BASIC_EXECUTION, SQS_EXECUTION],
          Tags: [SAM_TAG],
        },
      },
      FanFirst: {
        Type: "AWS::Lambda::EventSourceMapping",
        Properties: { FunctionName: { Ref: "Fan" }, EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:a" },
      },
      FanSecond: {
        Type: "AWS::Lambda::EventSourceMapping",
        Properties: { FunctionName: { Ref: "Fan" }, EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:b" },
      },
    },
  },
  {
    name: "DeadLetterQueue, Tracing and VpcConfig: their settings on the function, their policies on the role",
    resources: {
      Traced: {
        Type: FUNCTION,
        Properties: {
          ...s3Code,
          Tracing: "Active",
          VpcConfig: { SubnetIds: ["subnet-1"], SecurityGroupIds: ["sg-1"] },
          DeadLetterQueue: { Type: "SQS", TargetArn: { "Fn::GetAtt": ["Dead", "Arn"] } },
        },
      },
    },
    expected: {
      Traced: {
        Type: "AWS::Lambda::Function",
        Properties: {
          ...lambdaS3Code,
          Role: roleOf("Traced"),
          Tags: [SAM_TAG],
          TracingConfig: { Mode: "Active" },
          VpcConfig: { SubnetIds: ["subnet-1"], SecurityGroupIds: ["sg-1"] },
          DeadLetterConfig: { TargetArn: { "Fn::GetAtt": ["Dead", "Arn"] } },
        },
      },
      TracedRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [
            BASIC_EXECUTION,
            "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
            "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
          ],
          Policies: [
            {
              PolicyName: "DeadLetterQueuePolicy",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  { Action: "sqs:SendMessage", Resource: { "Fn::GetAtt": ["Dead", "Arn"] }, Effect: "Allow" },
                ],
              },
            },
          ],
          Tags: [SAM_TAG],
        },
      },
    },
  },
  {
    name: "EventInvokeConfig: the config on $LATEST, a generated queue for an SQS destination without ARN",
    resources: {
      Async: {
        Type: FUNCTION,
        Properties: {
          ...s3Code,
          EventInvokeConfig: {
            MaximumRetryAttempts: 1,
            MaximumEventAgeInSeconds: 120,
            DestinationConfig: {
              OnSuccess: { Type: "SQS" },
              OnFailure: {
                Type: "Lambda",
                Destination: "arn:aws:lambda:us-east-1:000000000000:function:audit",
              },
            },
          },
        },
      },
    },
    expected: {
      Async: {
        Type: "AWS::Lambda::Function",
        Properties: { ...lambdaS3Code, Role: roleOf("Async"), Tags: [SAM_TAG] },
      },
      AsyncEventInvokeConfigOnSuccessQueue: { Type: "AWS::SQS::Queue", Properties: {} },
      AsyncEventInvokeConfig: {
        Type: "AWS::Lambda::EventInvokeConfig",
        Properties: {
          FunctionName: { Ref: "Async" },
          Qualifier: "$LATEST",
          MaximumRetryAttempts: 1,
          MaximumEventAgeInSeconds: 120,
          DestinationConfig: {
            OnSuccess: { Destination: { "Fn::GetAtt": ["AsyncEventInvokeConfigOnSuccessQueue", "Arn"] } },
            OnFailure: { Destination: "arn:aws:lambda:us-east-1:000000000000:function:audit" },
          },
        },
      },
      AsyncRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [BASIC_EXECUTION],
          Policies: [
            {
              PolicyName: "AsyncEventInvokeConfigOnSuccessSQSPolicy",
              PolicyDocument: {
                Statement: [
                  {
                    Action: "sqs:SendMessage",
                    Effect: "Allow",
                    Resource: { "Fn::GetAtt": ["AsyncEventInvokeConfigOnSuccessQueue", "Arn"] },
                  },
                ],
              },
            },
            {
              PolicyName: "AsyncEventInvokeConfigOnFailureLambdaPolicy",
              PolicyDocument: {
                Statement: [
                  {
                    Action: "lambda:InvokeFunction",
                    Effect: "Allow",
                    Resource: "arn:aws:lambda:us-east-1:000000000000:function:audit",
                  },
                ],
              },
            },
          ],
          Tags: [SAM_TAG],
        },
      },
    },
  },
  {
    name: "DependsOn and Metadata stay on the function; Condition and policies reach what it generates",
    resources: {
      Guarded: {
        Type: FUNCTION,
        Condition: "IsProd",
        DependsOn: ["Orders"],
        DeletionPolicy: "Retain",
        Metadata: { Owner: "orders-team" },
        Properties: {
          ...s3Code,
          Events: { Q: { Type: "SQS", Properties: { Queue: "arn:aws:sqs:us-east-1:000000000000:q" } } },
        },
      },
    },
    expected: {
      Guarded: {
        Type: "AWS::Lambda::Function",
        Condition: "IsProd",
        DependsOn: ["Orders"],
        DeletionPolicy: "Retain",
        Metadata: { Owner: "orders-team" },
        Properties: { ...lambdaS3Code, Role: roleOf("Guarded"), Tags: [SAM_TAG] },
      },
      GuardedRole: {
        Type: "AWS::IAM::Role",
        Condition: "IsProd",
        DeletionPolicy: "Retain",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [BASIC_EXECUTION, SQS_EXECUTION],
          Tags: [SAM_TAG],
        },
      },
      GuardedQ: {
        Type: "AWS::Lambda::EventSourceMapping",
        Condition: "IsProd",
        DeletionPolicy: "Retain",
        Properties: {
          FunctionName: { Ref: "Guarded" },
          EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:q",
        },
      },
    },
  },
  {
    name: "managed policy ARNs follow the region's partition",
    region: "cn-north-1",
    resources: { China: { Type: FUNCTION, Properties: { ...s3Code, Tracing: "Active" } } },
    expected: {
      China: {
        Type: "AWS::Lambda::Function",
        Properties: {
          ...lambdaS3Code,
          Role: roleOf("China"),
          Tags: [SAM_TAG],
          TracingConfig: { Mode: "Active" },
        },
      },
      ChinaRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: LAMBDA_TRUST,
          ManagedPolicyArns: [
            "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess",
          ],
          Tags: [SAM_TAG],
        },
      },
    },
  },
  {
    name: "a SimpleTable with no properties: an `id` string key, billed on demand",
    resources: { Orders: { Type: "AWS::Serverless::SimpleTable" } },
    expected: {
      Orders: {
        Type: "AWS::DynamoDB::Table",
        Properties: {
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        },
      },
    },
  },
  {
    name: "a SimpleTable with its key, throughput, name, tags, encryption and backups",
    resources: {
      Orders: {
        Type: "AWS::Serverless::SimpleTable",
        DeletionPolicy: "Retain",
        Properties: {
          PrimaryKey: { Name: "orderId", Type: "Number" },
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 1 },
          TableName: { "Fn::Sub": "${AWS::StackName}-orders" },
          Tags: { team: "orders" },
          SSESpecification: { SSEEnabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      },
    },
    expected: {
      Orders: {
        Type: "AWS::DynamoDB::Table",
        DeletionPolicy: "Retain",
        Properties: {
          AttributeDefinitions: [{ AttributeName: "orderId", AttributeType: "N" }],
          KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 1 },
          TableName: { "Fn::Sub": "${AWS::StackName}-orders" },
          Tags: [{ Key: "team", Value: "orders" }],
          SSESpecification: { SSEEnabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      },
    },
  },
];

describe("SAM translation", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const output = await expand(samTemplate(c.resources), c.region ? { region: c.region } : {});
      assert.deepEqual(output.Resources, c.expected);
    });
  }
});

describe("the template around SAM resources", () => {
  it("keeps Parameters, Conditions, Outputs and plain resources, and drops Transform and Globals", async () => {
    const template = samTemplate(
      {
        Queue: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 20 } },
        Table: { Type: "AWS::Serverless::SimpleTable" },
      },
      {
        Description: "orders",
        Parameters: { Stage: { Type: "String", Default: "dev" } },
        Conditions: { IsProd: { "Fn::Equals": [{ Ref: "Stage" }, "prod"] } },
        Globals: { SimpleTable: { SSESpecification: { SSEEnabled: true } } },
        Outputs: { QueueUrl: { Value: { Ref: "Queue" } } },
      },
    );

    const output = await expand(template);

    assert.deepEqual(Object.keys(output).sort(), [
      "AWSTemplateFormatVersion",
      "Conditions",
      "Description",
      "Outputs",
      "Parameters",
      "Resources",
    ]);
    assert.deepEqual(output.Parameters, template.Parameters);
    assert.deepEqual(output.Outputs, template.Outputs);
    assert.deepEqual((output.Resources as Record<string, unknown>).Queue, template.Resources.Queue);
  });

  it("leaves the other transforms of a Transform list in place", async () => {
    const template = {
      ...samTemplate({ Table: { Type: "AWS::Serverless::SimpleTable" } }),
      Transform: ["AWS::Serverless-2016-10-31", "AWS::LanguageExtensions"],
    };

    const output = await expand(template);

    assert.deepEqual(output.Transform, ["AWS::LanguageExtensions"]);
  });

  it("returns a template without the SAM transform unchanged, as a copy", async () => {
    const template = { Resources: { Queue: { Type: "AWS::SQS::Queue" } } };

    const output = await expand(template);

    assert.deepEqual(output, template);
    assert.notEqual(output, template);
  });

  it("does not change the template it is given", async () => {
    const template = samTemplate({ Fn: { Type: FUNCTION, Properties: s3Code } });
    const before = structuredClone(template);

    await expand(template);

    assert.deepEqual(template, before);
  });
});
