/**
 * AccessDenied on the wire, per service, for a client holding a function's role session (the
 * credentials a function's environment receives): code, status and AWS's message naming the
 * principal, the action under its IAM name and the resource's ARN.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AddPermissionCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createNodeFunction, ECHO, invokeJson } from "../lambda/support.ts";
import { awsError, TEST_REGION } from "../support/engine.ts";
import { type IamTestEngine, startIamEngine } from "./enforcement-support.ts";
import { LAMBDA_TRUST_POLICY } from "./support.ts";

const ACCOUNT = "000000000000";
const ROLE = "wire-role";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const FUNCTION = "credential-source";
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/${FUNCTION}`;

const denied = (action: string, resource: string, shown = action) =>
  `User: ${SESSION} is not authorized to perform: ${shown} on resource: ${resource} because no identity-based policy allows the ${shown} action`;

describe("AccessDenied per service, for a function's role session", () => {
  let t: IamTestEngine;
  let credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
  const clients: { destroy(): void }[] = [];
  const as = <C extends { destroy(): void }>(make: (config: object) => C): C => {
    const client = make({ endpoint: t.engine.endpoint, region: TEST_REGION, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  before(async () => {
    t = await startIamEngine("enforce");
    await t.iam.send(
      new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
    );
    await createNodeFunction(
      t.lambda,
      `exports.handler = async () => ({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN });`,
      { FunctionName: FUNCTION, Role: ROLE_ARN },
    );
    credentials = (await invokeJson(t.lambda, FUNCTION)).body as typeof credentials;
  });
  after(async () => {
    for (const client of clients) client.destroy();
    await t.stop();
  });

  it("gives the environment a role session of its own (ASIA key and session token)", () => {
    assert.match(credentials.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
    assert.ok(credentials.sessionToken.length > 0);
  });

  it("SQS (JSON): AccessDenied, 403; a batch is authorized as sqs:SendMessage", async () => {
    const { QueueUrl } = await t.sqs.send(new CreateQueueCommand({ QueueName: "wire-queue" }));
    const sqs = as((c) => new SQSClient(c));
    const error = await awsError(() =>
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: "1", MessageBody: "x" }] })),
    );
    assert.equal(error.name, "AccessDenied");
    assert.equal(error.$metadata?.httpStatusCode, 403);
    const queueArn = `arn:aws:sqs:${TEST_REGION}:${ACCOUNT}:wire-queue`;
    assert.equal(error.message, denied("sqs:SendMessage", queueArn, "sqs:sendmessage"));
  });

  it("SQS (query): <Code>AccessDenied</Code>, Sender, 403", async () => {
    const { QueueUrl } = await t.sqs.send(new CreateQueueCommand({ QueueName: "wire-query" }));
    const response = await fetch(t.engine.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20240101/${TEST_REGION}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({
        Action: "SendMessage",
        QueueUrl: QueueUrl!,
        MessageBody: "x",
        Version: "2012-11-05",
      }),
    });
    const text = await response.text();
    assert.equal(response.status, 403);
    assert.match(text, /<Type>Sender<\/Type>\s*<Code>AccessDenied<\/Code>/);
    assert.match(
      text,
      /is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:wire-query/,
    );
  });

  describe("DynamoDB", () => {
    let dynamodb: DynamoDBClient;
    const tableArn = (name: string) => `arn:aws:dynamodb:${TEST_REGION}:${ACCOUNT}:table/${name}`;
    before(async () => {
      dynamodb = as((c) => new DynamoDBClient(c));
      for (const TableName of ["wire-a", "wire-b"]) {
        await t.dynamodb.send(
          new CreateTableCommand({
            TableName,
            AttributeDefinitions: [
              { AttributeName: "pk", AttributeType: "S" },
              { AttributeName: "gsi", AttributeType: "S" },
            ],
            KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
            GlobalSecondaryIndexes: [
              {
                IndexName: "by-gsi",
                KeySchema: [{ AttributeName: "gsi", KeyType: "HASH" }],
                Projection: { ProjectionType: "ALL" },
              },
            ],
            BillingMode: "PAY_PER_REQUEST",
          }),
        );
      }
    });

    it("PutItem: AccessDeniedException, 400, on the table's ARN", async () => {
      const error = await awsError(() =>
        dynamodb.send(new PutItemCommand({ TableName: "wire-a", Item: { pk: { S: "1" } } })),
      );
      assert.equal(error.name, "AccessDeniedException");
      assert.equal(error.$metadata?.httpStatusCode, 400);
      assert.equal(error.message, denied("dynamodb:PutItem", tableArn("wire-a")));
    });

    it("Query on an index is authorized on the index's ARN", async () => {
      const error = await awsError(() =>
        dynamodb.send(
          new QueryCommand({
            TableName: "wire-a",
            IndexName: "by-gsi",
            KeyConditionExpression: "gsi = :g",
            ExpressionAttributeValues: { ":g": { S: "x" } },
          }),
        ),
      );
      assert.equal(error.message, denied("dynamodb:Query", `${tableArn("wire-a")}/index/by-gsi`));
    });

    it("TransactWriteItems needs each item's own action on its table", async () => {
      await t.iam.send(
        new PutRolePolicyCommand({
          RoleName: ROLE,
          PolicyName: "put-a",
          PolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "dynamodb:PutItem", Resource: tableArn("wire-a") }],
          }),
        }),
      );
      const error = await awsError(() =>
        dynamodb.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName: "wire-a", Item: { pk: { S: "1" } } } },
              { Delete: { TableName: "wire-b", Key: { pk: { S: "1" } } } },
            ],
          }),
        ),
      );
      assert.equal(error.message, denied("dynamodb:DeleteItem", tableArn("wire-b")));
    });
  });

  describe("Lambda", () => {
    it("Invoke: AccessDeniedException, 403, as lambda:InvokeFunction on the function's ARN", async () => {
      const target = await createNodeFunction(t.lambda, ECHO, { Role: ROLE_ARN });
      const lambda = as((c) => new LambdaClient(c));
      const error = await awsError(() =>
        lambda.send(new InvokeCommand({ FunctionName: target.FunctionName })),
      );
      assert.equal(error.name, "AccessDeniedException");
      assert.equal(error.$metadata?.httpStatusCode, 403);
      assert.equal(error.message, denied("lambda:InvokeFunction", target.FunctionArn));
    });

    it("a function policy (AddPermission) naming the role grants Invoke", async () => {
      const target = await createNodeFunction(t.lambda, ECHO, { Role: ROLE_ARN });
      await t.lambda.send(
        new AddPermissionCommand({
          FunctionName: target.FunctionName,
          StatementId: "role-may-invoke",
          Action: "lambda:InvokeFunction",
          Principal: ROLE_ARN,
        }),
      );
      const lambda = as((c) => new LambdaClient(c));
      const response = await lambda.send(
        new InvokeCommand({ FunctionName: target.FunctionArn, Payload: Buffer.from('"ok"') }),
      );
      assert.equal(Buffer.from(response.Payload ?? []).toString(), '"ok"');
    });
  });

  it("CloudWatch Logs: AccessDeniedException, 400, on the log stream's ARN", async () => {
    await t.engine.client.call("logs", "CreateLogGroup", { logGroupName: "/wire/group" });
    const logs = as((c) => new CloudWatchLogsClient(c));
    const create = await awsError(() =>
      logs.send(new CreateLogGroupCommand({ logGroupName: "/wire/other" })),
    );
    assert.equal(
      create.message,
      denied(
        "logs:CreateLogGroup",
        `arn:aws:logs:${TEST_REGION}:${ACCOUNT}:log-group:/wire/other:log-stream:`,
      ),
    );
    const error = await awsError(() =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: "/wire/group",
          logStreamName: "s",
          logEvents: [{ timestamp: 0, message: "x" }],
        }),
      ),
    );
    assert.equal(error.name, "AccessDeniedException");
    assert.equal(error.$metadata?.httpStatusCode, 400);
    assert.equal(
      error.message,
      denied(
        "logs:PutLogEvents",
        `arn:aws:logs:${TEST_REGION}:${ACCOUNT}:log-group:/wire/group:log-stream:s`,
      ),
    );
  });
});
