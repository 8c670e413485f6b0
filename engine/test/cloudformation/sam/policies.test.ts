/**
 * The `Policies` property of a function: managed policies by name or ARN, inline documents and
 * SAM policy templates, each where SAM puts it on the generated execution role.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertTransformFails, BASIC_EXECUTION, expand, samTemplate } from "./support.ts";

type Resources = Record<string, { Properties: Record<string, unknown> }>;

const code = { CodeUri: "s3://bucket/code.zip", Handler: "index.handler", Runtime: "nodejs22.x" };
const sub = (pattern: string, variables: Record<string, unknown>) => ({ "Fn::Sub": [pattern, variables] });
const ARN = "arn:${AWS::Partition}:";
const IN_ACCOUNT = ":${AWS::Region}:${AWS::AccountId}:";

async function roleOf(policies: unknown) {
  const output = await expand(
    samTemplate({ Fn: { Type: "AWS::Serverless::Function", Properties: { ...code, Policies: policies } } }),
  );
  return (output.Resources as Resources).FnRole!.Properties;
}

/** The one inline policy a single template gives the role: `FnRolePolicy0`. */
async function templatePolicy(template: Record<string, unknown>) {
  const role = await roleOf([template]);
  assert.deepEqual(role.ManagedPolicyArns, [BASIC_EXECUTION]);
  const policies = role.Policies as { PolicyName: string; PolicyDocument: unknown }[];
  assert.equal(policies.length, 1);
  assert.equal(policies[0]!.PolicyName, "FnRolePolicy0");
  return policies[0]!.PolicyDocument;
}

describe("Policies: policy templates", () => {
  const queueName = { "Fn::GetAtt": ["Orders", "QueueName"] };
  const tableName = { Ref: "OrdersTable" };
  const table = sub(`${ARN}dynamodb${IN_ACCOUNT}table/\${tableName}`, { tableName });
  const indexes = sub(`${ARN}dynamodb${IN_ACCOUNT}table/\${tableName}/index/*`, { tableName });

  it("SQSPollerPolicy lets the function receive, delete and change visibility on the named queue", async () => {
    assert.deepEqual(await templatePolicy({ SQSPollerPolicy: { QueueName: queueName } }), {
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
          Resource: sub(`${ARN}sqs${IN_ACCOUNT}\${queueName}`, { queueName }),
        },
      ],
    });
  });

  it("SQSSendMessagePolicy allows sqs:SendMessage* on the queue", async () => {
    assert.deepEqual(await templatePolicy({ SQSSendMessagePolicy: { QueueName: "orders" } }), {
      Statement: [
        {
          Action: ["sqs:SendMessage*"],
          Effect: "Allow",
          Resource: sub(`${ARN}sqs${IN_ACCOUNT}\${queueName}`, { queueName: "orders" }),
        },
      ],
    });
  });

  it("DynamoDBCrudPolicy covers the table and its indexes", async () => {
    assert.deepEqual(await templatePolicy({ DynamoDBCrudPolicy: { TableName: tableName } }), {
      Statement: [
        {
          Action: [
            "dynamodb:GetItem",
            "dynamodb:DeleteItem",
            "dynamodb:PutItem",
            "dynamodb:Scan",
            "dynamodb:Query",
            "dynamodb:UpdateItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:BatchGetItem",
            "dynamodb:DescribeTable",
            "dynamodb:ConditionCheckItem",
          ],
          Effect: "Allow",
          Resource: [table, indexes],
        },
      ],
    });
  });

  it("DynamoDBWritePolicy allows the writes only", async () => {
    assert.deepEqual(await templatePolicy({ DynamoDBWritePolicy: { TableName: tableName } }), {
      Statement: [
        {
          Action: ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
          Effect: "Allow",
          Resource: [table, indexes],
        },
      ],
    });
  });

  it("DynamoDBReadPolicy allows the reads only", async () => {
    assert.deepEqual(await templatePolicy({ DynamoDBReadPolicy: { TableName: tableName } }), {
      Statement: [
        {
          Action: [
            "dynamodb:GetItem",
            "dynamodb:Scan",
            "dynamodb:Query",
            "dynamodb:BatchGetItem",
            "dynamodb:DescribeTable",
          ],
          Effect: "Allow",
          Resource: [table, indexes],
        },
      ],
    });
  });

  it("DynamoDBStreamReadPolicy reads the named stream and lists the table's streams", async () => {
    assert.deepEqual(
      await templatePolicy({ DynamoDBStreamReadPolicy: { TableName: tableName, StreamName: "*" } }),
      {
        Statement: [
          {
            Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
            Effect: "Allow",
            Resource: sub(`${ARN}dynamodb${IN_ACCOUNT}table/\${tableName}/stream/\${streamName}`, {
              tableName,
              streamName: "*",
            }),
          },
          {
            Action: ["dynamodb:ListStreams"],
            Effect: "Allow",
            Resource: sub(`${ARN}dynamodb${IN_ACCOUNT}table/\${tableName}/stream/*`, { tableName }),
          },
        ],
      },
    );
  });

  it("LambdaInvokePolicy allows invoking the function and its versions", async () => {
    assert.deepEqual(await templatePolicy({ LambdaInvokePolicy: { FunctionName: { Ref: "Audit" } } }), {
      Statement: [
        {
          Action: ["lambda:InvokeFunction"],
          Effect: "Allow",
          Resource: sub(`${ARN}lambda${IN_ACCOUNT}function:\${functionName}*`, {
            functionName: { Ref: "Audit" },
          }),
        },
      ],
    });
  });

  it("ignores parameter values a template does not declare", async () => {
    const document = await templatePolicy({
      SQSSendMessagePolicy: { QueueName: "orders", Extra: "ignored" },
    });

    assert.ok(!JSON.stringify(document).includes("ignored"));
  });

  it("accepts a single template given as the whole Policies value", async () => {
    const role = await roleOf({ SQSPollerPolicy: { QueueName: "orders" } });

    assert.equal((role.Policies as { PolicyName: string }[])[0]!.PolicyName, "FnRolePolicy0");
  });

  it("refuses a template without one of its parameters", async () => {
    await assertTransformFails(
      samTemplate({
        Fn: {
          Type: "AWS::Serverless::Function",
          Properties: { ...code, Policies: [{ DynamoDBCrudPolicy: {} }] },
        },
      }),
      [
        "Resource with id [Fn] is invalid. Following required parameters of template 'DynamoDBCrudPolicy' don't have values: ['TableName']",
      ],
    );
  });

  it("refuses a template whose parameter values are not a map", async () => {
    await assertTransformFails(
      samTemplate({
        Fn: {
          Type: "AWS::Serverless::Function",
          Properties: { ...code, Policies: [{ SQSPollerPolicy: "orders" }] },
        },
      }),
      [
        "Resource with id [Fn] is invalid. Must specify valid parameter values for policy template 'SQSPollerPolicy'",
      ],
    );
  });

  it("refuses by name a SAM template the engine does not carry", async () => {
    await assertTransformFails(
      samTemplate({
        Fn: {
          Type: "AWS::Serverless::Function",
          Properties: { ...code, Policies: [{ SESCrudPolicy: { IdentityName: "x" } }] },
        },
      }),
      [
        "Resource with id [Fn] is invalid. Policy template 'SESCrudPolicy' is not supported by the Orderflow engine; " +
          "write its statements inline instead.",
      ],
    );
  });
});

describe("Policies: managed policies and inline documents", () => {
  it("turns managed policy names into ARNs and keeps ARNs, without repeating one the role has", async () => {
    const role = await roleOf([
      "AWSLambdaBasicExecutionRole",
      "AmazonDynamoDBFullAccess",
      "arn:aws:iam::000000000000:policy/custom",
      "AWSLambdaRole",
    ]);

    assert.deepEqual(role.ManagedPolicyArns, [
      BASIC_EXECUTION,
      "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
      "arn:aws:iam::000000000000:policy/custom",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
    ]);
    assert.equal(role.Policies, undefined);
  });

  it("keeps an intrinsic naming a managed policy as it is", async () => {
    const role = await roleOf([{ "Fn::ImportValue": "shared-policy-arn" }]);

    assert.deepEqual(role.ManagedPolicyArns, [BASIC_EXECUTION, { "Fn::ImportValue": "shared-policy-arn" }]);
  });

  it("names inline documents after their place in the list (<Function>RolePolicy<index>)", async () => {
    const statement = {
      Statement: [{ Effect: "Allow", Action: ["sqs:SendMessage"], Resource: { "Fn::GetAtt": ["Q", "Arn"] } }],
    };

    const role = await roleOf(["AmazonSQSFullAccess", statement, { SQSPollerPolicy: { QueueName: "q" } }]);

    const policies = role.Policies as { PolicyName: string; PolicyDocument: unknown }[];
    assert.deepEqual(
      policies.map((p) => p.PolicyName),
      ["FnRolePolicy1", "FnRolePolicy2"],
    );
    assert.deepEqual(policies[0]!.PolicyDocument, statement);
  });

  it("names the documents of a conditional policy after its place too", async () => {
    const statement = { Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

    const role = await roleOf([{ "Fn::If": ["IsProd", statement, { Ref: "AWS::NoValue" }] }]);

    assert.deepEqual(role.Policies, [
      {
        "Fn::If": [
          "IsProd",
          { PolicyName: "FnRolePolicy0", PolicyDocument: statement },
          { Ref: "AWS::NoValue" },
        ],
      },
    ]);
  });

  it("refuses an entry that is neither a policy name, a document nor a template", async () => {
    await assertTransformFails(
      samTemplate({
        Fn: {
          Type: "AWS::Serverless::Function",
          Properties: { ...code, Policies: ["AmazonSQSFullAccess", { Version: "2012-10-17" }] },
        },
      }),
      ["Resource with id [Fn] is invalid. Policy at index 1 in the 'Policies' property is not valid"],
    );
  });
});
