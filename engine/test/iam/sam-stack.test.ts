/**
 * The proof: a SAM stack whose function lacks sqs:SendMessage fails under `--iam enforce`
 * exactly as on AWS (the handler gets AccessDenied), and passes once the SAM policy template
 * SQSSendMessagePolicy is added to the function's Policies.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeStacksCommand, UpdateStackCommand } from "@aws-sdk/client-cloudformation";
import { GetRoleCommand, ListAttachedRolePoliciesCommand } from "@aws-sdk/client-iam";
import { GetFunctionConfigurationCommand } from "@aws-sdk/client-lambda";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { createAndSettle, json, settled } from "../cloudformation/support.ts";
import { invokeJson } from "../lambda/support.ts";
import {
  type IamTestEngine,
  SEND_MESSAGE_HANDLER,
  type SendOutcome,
  startIamEngine,
} from "./enforcement-support.ts";

const STACK = "order-sender";
const CAPABILITIES = { Capabilities: ["CAPABILITY_IAM" as const, "CAPABILITY_AUTO_EXPAND" as const] };

function template(policies?: unknown[]) {
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Transform: "AWS::Serverless-2016-10-31",
    Resources: {
      Orders: { Type: "AWS::SQS::Queue" },
      Sender: {
        Type: "AWS::Serverless::Function",
        Properties: {
          Runtime: "nodejs22.x",
          Handler: "index.handler",
          InlineCode: SEND_MESSAGE_HANDLER,
          ...(policies && { Policies: policies }),
        },
      },
    },
    Outputs: {
      FunctionName: { Value: { Ref: "Sender" } },
      QueueUrl: { Value: { Ref: "Orders" } },
    },
  };
}

const SEND_POLICY = [{ SQSSendMessagePolicy: { QueueName: { "Fn::GetAtt": ["Orders", "QueueName"] } } }];

describe("a SAM stack under --iam enforce", () => {
  let t: IamTestEngine;
  let functionName: string;
  let queueUrl: string;

  before(async () => {
    t = await startIamEngine("enforce");
    const stack = await createAndSettle(t.cloudformation, STACK, template(), {}, CAPABILITIES);
    assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
    const output = (key: string) => stack.Outputs?.find((o) => o.OutputKey === key)?.OutputValue ?? "";
    functionName = output("FunctionName");
    queueUrl = output("QueueUrl");
  });
  after(() => t.stop());

  it("gives the function a role Lambda can assume, with AWSLambdaBasicExecutionRole", async () => {
    const { Role } = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    const roleName = Role!.slice(Role!.lastIndexOf("/") + 1);
    await t.iam.send(new GetRoleCommand({ RoleName: roleName }));
    const { AttachedPolicies } = await t.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: roleName }),
    );
    assert.deepEqual(
      AttachedPolicies?.map((p) => p.PolicyName),
      ["AWSLambdaBasicExecutionRole"],
    );
  });

  it("fails the function's SendMessage with AccessDenied while Policies lacks it", async () => {
    const { body } = await invokeJson(t.lambda, functionName, { queueUrl });
    const outcome = body as SendOutcome;
    assert.equal(outcome.error, "AccessDenied");
    assert.match(
      outcome.message ?? "",
      new RegExp(
        `^User: arn:aws:sts::000000000000:assumed-role/${STACK}-SenderRole-[A-Za-z0-9]+/${functionName} is not authorized to perform: sqs:sendmessage on resource: arn:aws:sqs:us-east-1:000000000000:`,
      ),
    );
  });

  it("passes once SQSSendMessagePolicy is added and the stack updated", async () => {
    await t.cloudformation.send(
      new UpdateStackCommand({
        StackName: STACK,
        TemplateBody: json(template(SEND_POLICY)),
        ...CAPABILITIES,
      }),
    );
    const stack = await settled(t.cloudformation, STACK);
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE", stack.StackStatusReason);
    const { body } = await invokeJson(t.lambda, functionName, { queueUrl, body: "from the stack" });
    assert.ok((body as SendOutcome).sent, JSON.stringify(body));
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
    assert.equal(Messages?.[0]?.Body, "from the stack");
    const { Stacks } = await t.cloudformation.send(new DescribeStacksCommand({ StackName: STACK }));
    assert.equal(Stacks?.[0]?.StackStatus, "UPDATE_COMPLETE");
  });
});
