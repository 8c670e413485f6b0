/** Which IAM action and resource each operation is authorized as (pure: no engine). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serviceAccess } from "../../src/services/iam/resources/index.ts";

const scope = { accountId: "000000000000", region: "eu-west-1" };
const checks = (service: string, operation: string, input: Record<string, unknown>) =>
  serviceAccess({ name: service, signingNames: [service] }).checks(operation, input, scope);

describe("SQS", () => {
  it("authorizes a batch as its single action on the queue named by its URL", () => {
    assert.deepEqual(
      checks("sqs", "DeleteMessageBatch", { QueueUrl: "http://localhost:4566/000000000000/jobs.fifo" }),
      [{ action: "sqs:DeleteMessage", resource: "arn:aws:sqs:eu-west-1:000000000000:jobs.fifo" }],
    );
  });

  it("names the queue of GetQueueUrl by name and owner, and no resource for ListQueues", () => {
    assert.deepEqual(
      checks("sqs", "GetQueueUrl", { QueueName: "q", QueueOwnerAWSAccountId: "111122223333" }),
      [{ action: "sqs:GetQueueUrl", resource: "arn:aws:sqs:eu-west-1:111122223333:q" }],
    );
    assert.deepEqual(checks("sqs", "ListQueues", {}), [{ action: "sqs:ListQueues", resource: "*" }]);
  });
});

describe("DynamoDB", () => {
  const table = (name: string) => `arn:aws:dynamodb:eu-west-1:000000000000:table/${name}`;

  it("checks a batch's action on every table it names", () => {
    assert.deepEqual(
      checks("dynamodb", "BatchWriteItem", { RequestItems: { a: [], b: [] } }).map((c) => c.resource),
      [table("a"), table("b")],
    );
  });

  it("takes a table's ARN where its name is expected", () => {
    assert.deepEqual(checks("dynamodb", "GetItem", { TableName: table("t") }), [
      { action: "dynamodb:GetItem", resource: table("t") },
    ]);
  });

  it("authorizes TransactGetItems as GetItem on each table", () => {
    const input = { TransactItems: [{ Get: { TableName: "a" } }, { Get: { TableName: "b" } }] };
    assert.deepEqual(checks("dynamodb", "TransactGetItems", input), [
      { action: "dynamodb:GetItem", resource: table("a") },
      { action: "dynamodb:GetItem", resource: table("b") },
    ]);
  });

  it("authorizes PartiQL statements by their verb on their table or index", () => {
    assert.deepEqual(
      checks("dynamodb", "ExecuteStatement", { Statement: `SELECT * FROM "orders"."by-day" WHERE d = ?` }),
      [{ action: "dynamodb:PartiQLSelect", resource: `${table("orders")}/index/by-day` }],
    );
    assert.deepEqual(
      checks("dynamodb", "ExecuteStatement", { Statement: `insert into orders value {'pk': 1}` }),
      [{ action: "dynamodb:PartiQLInsert", resource: table("orders") }],
    );
    assert.deepEqual(
      checks("dynamodb", "BatchExecuteStatement", {
        Statements: [
          { Statement: `UPDATE "a" SET x = 1 WHERE pk = 1` },
          { Statement: `DELETE FROM b WHERE pk = 1` },
        ],
      }),
      [
        { action: "dynamodb:PartiQLUpdate", resource: table("a") },
        { action: "dynamodb:PartiQLDelete", resource: table("b") },
      ],
    );
  });

  it("authorizes DynamoDB Streams reads under the dynamodb prefix on the stream", () => {
    const stream = `${table("t")}/stream/2024-01-01T00:00:00.000`;
    assert.deepEqual(checks("dynamodbstreams", "DescribeStream", { StreamArn: stream }), [
      { action: "dynamodb:DescribeStream", resource: stream },
    ]);
    assert.deepEqual(checks("dynamodbstreams", "ListStreams", { TableName: "t" }), [
      { action: "dynamodb:ListStreams", resource: "*" },
    ]);
  });
});

describe("Lambda", () => {
  const fn = "arn:aws:lambda:eu-west-1:000000000000:function:f";

  it("reads FunctionName as a name, a partial ARN or a full ARN, with its qualifier", () => {
    for (const FunctionName of ["f", "000000000000:function:f", fn]) {
      assert.deepEqual(checks("lambda", "Invoke", { FunctionName }), [
        { action: "lambda:InvokeFunction", resource: fn },
      ]);
    }
    assert.deepEqual(checks("lambda", "Invoke", { FunctionName: "f", Qualifier: "live" }), [
      { action: "lambda:InvokeFunction", resource: `${fn}:live` },
    ]);
    assert.deepEqual(checks("lambda", "GetFunction", { FunctionName: "f:3" }), [
      { action: "lambda:GetFunction", resource: `${fn}:3` },
    ]);
  });

  it("supplies lambda:FunctionArn for CreateEventSourceMapping, which names no resource", () => {
    assert.deepEqual(checks("lambda", "CreateEventSourceMapping", { FunctionName: "f" }), [
      { action: "lambda:CreateEventSourceMapping", resource: "*", context: { "lambda:FunctionArn": fn } },
    ]);
  });

  it("names an event source mapping by its UUID", () => {
    assert.deepEqual(checks("lambda", "DeleteEventSourceMapping", { UUID: "u-1" }), [
      {
        action: "lambda:DeleteEventSourceMapping",
        resource: "arn:aws:lambda:eu-west-1:000000000000:event-source-mapping:u-1",
      },
    ]);
  });
});

describe("CloudWatch Logs and the others", () => {
  it("authorizes stream operations on the stream and group operations on the group", () => {
    const group = "arn:aws:logs:eu-west-1:000000000000:log-group:/aws/lambda/f";
    assert.deepEqual(
      checks("logs", "CreateLogStream", { logGroupName: "/aws/lambda/f", logStreamName: "s" }),
      [{ action: "logs:CreateLogStream", resource: `${group}:log-stream:s` }],
    );
    assert.deepEqual(checks("logs", "DescribeLogStreams", { logGroupIdentifier: `${group}:*` }), [
      { action: "logs:DescribeLogStreams", resource: `${group}:log-stream:` },
    ]);
  });

  it("names IAM roles and otherwise falls back to <prefix>:<Operation> on *", () => {
    assert.deepEqual(checks("iam", "GetRole", { RoleName: "r" }), [
      { action: "iam:GetRole", resource: "arn:aws:iam::000000000000:role/r" },
    ]);
    assert.deepEqual(checks("cloudformation", "ListStacks", {}), [
      { action: "cloudformation:ListStacks", resource: "*" },
    ]);
  });
});
