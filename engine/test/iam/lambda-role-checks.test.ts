/**
 * What Lambda checks of an execution role under `--iam`: that Lambda may assume it (CreateFunction,
 * enforce only) and that it may read an event source (CreateEventSourceMapping); and the IAM
 * simulator those checks ask.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  PutRolePolicyCommand,
  SimulatePrincipalPolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateEventSourceMappingCommand } from "@aws-sdk/client-lambda";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import { createNodeFunction, ECHO } from "../lambda/support.ts";
import { awsError } from "../support/engine.ts";
import {
  DYNAMODB_EXECUTION_ROLE,
  type IamTestEngine,
  SQS_EXECUTION_ROLE,
  startIamEngine,
  streamArn,
} from "./enforcement-support.ts";
import { BASIC_EXECUTION_ROLE, LAMBDA_TRUST_POLICY } from "./support.ts";

const ACCOUNT = "000000000000";
const CANNOT_ASSUME = "The role defined for the function cannot be assumed by Lambda.";

let names = 0;

async function role(t: IamTestEngine, trust = LAMBDA_TRUST_POLICY): Promise<{ name: string; arn: string }> {
  const name = `checked-role-${++names}`;
  const { Role } = await t.iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }),
  );
  await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION_ROLE }));
  return { name, arn: Role!.Arn! };
}

async function queueArn(t: IamTestEngine): Promise<string> {
  const name = `source-${++names}`;
  await t.sqs.send(new CreateQueueCommand({ QueueName: name }));
  return `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
}

const mapping = (t: IamTestEngine, functionName: string, source: string) =>
  t.lambda.send(
    new CreateEventSourceMappingCommand({
      FunctionName: functionName,
      EventSourceArn: source,
      ...(source.includes(":dynamodb:") && { StartingPosition: "LATEST" }),
    }),
  );

describe("--iam enforce: Lambda's role checks", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("enforce");
  });
  after(() => t.stop());

  it("refuses CreateFunction with a role IAM does not have", async () => {
    const error = await awsError(() =>
      createNodeFunction(t.lambda, ECHO, { Role: `arn:aws:iam::${ACCOUNT}:role/no-such-role` }),
    );
    assert.equal(error.name, "InvalidParameterValueException");
    assert.equal(error.message, CANNOT_ASSUME);
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });

  it("refuses CreateFunction with a role whose trust policy is for another service", async () => {
    const ec2Trust = LAMBDA_TRUST_POLICY.replace("lambda.amazonaws.com", "ec2.amazonaws.com");
    const { arn } = await role(t, ec2Trust);
    const error = await awsError(() => createNodeFunction(t.lambda, ECHO, { Role: arn }));
    assert.equal(error.message, CANNOT_ASSUME);
  });

  it("refuses a role named with the wrong path", async () => {
    const { name } = await role(t);
    const error = await awsError(() =>
      createNodeFunction(t.lambda, ECHO, { Role: `arn:aws:iam::${ACCOUNT}:role/other/${name}` }),
    );
    assert.equal(error.message, CANNOT_ASSUME);
  });

  it("refuses a mapping whose function's role cannot receive from the queue", async () => {
    const { arn } = await role(t);
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const denied = await awsError(async () => mapping(t, fn.FunctionName, await queueArn(t)));
    assert.equal(denied.name, "InvalidParameterValueException");
    assert.equal(
      denied.message,
      "The function execution role does not have permissions to call ReceiveMessage on SQS",
    );
    assert.equal(denied.$metadata?.httpStatusCode, 400);
  });

  it("names the first SQS action the role lacks", async () => {
    const { name, arn } = await role(t);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: name,
        PolicyName: "receive-only",
        PolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: "*" }],
        }),
      }),
    );
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const denied = await awsError(async () => mapping(t, fn.FunctionName, await queueArn(t)));
    assert.equal(
      denied.message,
      "The function execution role does not have permissions to call DeleteMessage on SQS",
    );
  });

  it("creates the mapping once AWSLambdaSQSQueueExecutionRole is attached", async () => {
    const { name, arn } = await role(t);
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: SQS_EXECUTION_ROLE }));
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const created = await mapping(t, fn.FunctionName, await queueArn(t));
    assert.equal(created.State, "Creating");
  });

  it("refuses a stream mapping whose role cannot read the stream, with Lambda's message", async () => {
    const { arn } = await role(t);
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const stream = await streamArn(t);
    const denied = await awsError(() => mapping(t, fn.FunctionName, stream));
    assert.equal(denied.name, "InvalidParameterValueException");
    assert.equal(
      denied.message,
      `Cannot access stream ${stream}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`,
    );
  });

  it("creates a stream mapping once AWSLambdaDynamoDBExecutionRole is attached", async () => {
    const { name, arn } = await role(t);
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: DYNAMODB_EXECUTION_ROLE }));
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const created = await mapping(t, fn.FunctionName, await streamArn(t));
    assert.equal(created.State, "Creating");
  });

  it("simulates a role's policies through IAM's SimulatePrincipalPolicy", async () => {
    const { name, arn } = await role(t);
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: SQS_EXECUTION_ROLE }));
    const { EvaluationResults } = await t.iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: arn,
        ActionNames: ["sqs:ReceiveMessage", "sqs:SendMessage", "logs:PutLogEvents"],
        ResourceArns: ["arn:aws:sqs:us-east-1:000000000000:q"],
      }),
    );
    assert.deepEqual(
      EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision]),
      [
        ["sqs:ReceiveMessage", "allowed"],
        ["sqs:SendMessage", "implicitDeny"],
        ["logs:PutLogEvents", "allowed"],
      ],
    );
    assert.deepEqual(EvaluationResults?.[0]?.MatchedStatements?.[0], {
      SourcePolicyId: "AWSLambdaSQSQueueExecutionRole",
      SourcePolicyType: "aws-managed",
    });
  });
});

describe("--iam warn: Lambda's role checks", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("warn");
  });
  after(() => t.stop());

  it("creates functions with made-up roles, as without --iam", async () => {
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: `arn:aws:iam::${ACCOUNT}:role/made-up` });
    assert.equal(fn.Role, `arn:aws:iam::${ACCOUNT}:role/made-up`);
  });

  it("creates a mapping the role could not read, and logs why AWS would refuse it", async () => {
    const { arn } = await role(t);
    const fn = await createNodeFunction(t.lambda, ECHO, { Role: arn });
    const created = await mapping(t, fn.FunctionName, await queueArn(t));
    assert.equal(created.State, "Creating");
    assert.ok(
      t.warnings.some((w) =>
        w.includes("The function execution role does not have permissions to call ReceiveMessage on SQS"),
      ),
    );
  });
});
