/**
 * `--iam`: a function's own SDK calls run with its role's credentials and are evaluated against the
 * role's policies and the queue's policy; the caller (the account's root) never is.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { CreateQueueCommand, ReceiveMessageCommand, SetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createNodeFunction, invokeJson } from "../lambda/support.ts";
import {
  type IamTestEngine,
  SEND_MESSAGE_HANDLER,
  type SendOutcome,
  startIamEngine,
} from "./enforcement-support.ts";
import { BASIC_EXECUTION_ROLE, LAMBDA_TRUST_POLICY } from "./support.ts";

const ACCOUNT = "000000000000";

let names = 0;

/** A role Lambda may assume, with AWSLambdaBasicExecutionRole (as CDK and SAM make them). */
async function functionRole(t: IamTestEngine): Promise<{ name: string; arn: string }> {
  const name = `fn-role-${++names}`;
  const { Role } = await t.iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
  );
  await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION_ROLE }));
  return { name, arn: Role!.Arn! };
}

async function queue(t: IamTestEngine): Promise<{ url: string; arn: string; name: string }> {
  const name = `orders-${++names}`;
  const { QueueUrl } = await t.sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { url: QueueUrl!, name, arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}` };
}

const sendPolicy = (effect: "Allow" | "Deny", action: string, resource: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: effect, Action: action, Resource: resource }],
  });

async function sendFrom(t: IamTestEngine, roleArn: string, queueUrl: string) {
  const fn = await createNodeFunction(t.lambda, SEND_MESSAGE_HANDLER, { Role: roleArn });
  const { body } = await invokeJson(t.lambda, fn.FunctionName, { queueUrl });
  return { fn, outcome: body as SendOutcome };
}

describe("--iam enforce", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("enforce");
  });
  after(() => t.stop());

  it("answers a function whose role lacks sqs:SendMessage with SQS's AccessDenied", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    const { fn, outcome } = await sendFrom(t, role.arn, q.url);
    assert.deepEqual(outcome, {
      error: "AccessDenied",
      message:
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${fn.FunctionName} is not authorized to perform: ` +
        `sqs:sendmessage on resource: ${q.arn} because no identity-based policy allows the sqs:sendmessage action`,
      status: 403,
    });
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
    assert.equal(Messages, undefined);
  });

  it("lets the call through once the role is granted sqs:SendMessage on the queue", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    const { fn } = await sendFrom(t, role.arn, q.url);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "send",
        PolicyDocument: sendPolicy("Allow", "sqs:SendMessage", q.arn),
      }),
    );
    const { body } = await invokeJson(t.lambda, fn.FunctionName, { queueUrl: q.url, body: "granted" });
    assert.match((body as SendOutcome).sent ?? "", /^[0-9a-f-]{36}$/);
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
    assert.equal(Messages?.[0]?.Body, "granted");
  });

  it("denies again when the grant is removed (policies are read on every call)", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "send",
        PolicyDocument: sendPolicy("Allow", "sqs:*", "*"),
      }),
    );
    const { fn, outcome } = await sendFrom(t, role.arn, q.url);
    assert.ok(outcome.sent);
    await t.iam.send(new DeleteRolePolicyCommand({ RoleName: role.name, PolicyName: "send" }));
    const { body } = await invokeJson(t.lambda, fn.FunctionName, { queueUrl: q.url });
    assert.equal((body as SendOutcome).error, "AccessDenied");
  });

  it("lets an explicit Deny win over an Allow", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "all-sqs",
        PolicyDocument: sendPolicy("Allow", "sqs:*", "*"),
      }),
    );
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "no-send",
        PolicyDocument: sendPolicy("Deny", "sqs:Send*", q.arn),
      }),
    );
    const { fn, outcome } = await sendFrom(t, role.arn, q.url);
    assert.equal(outcome.error, "AccessDenied");
    assert.equal(
      outcome.message,
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/${role.name}/${fn.FunctionName} is not authorized to perform: ` +
        `sqs:sendmessage on resource: ${q.arn} with an explicit deny in an identity-based policy`,
    );
  });

  it("lets a queue policy naming the role grant what its identity policies do not", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: role.arn }, Action: "sqs:SendMessage", Resource: q.arn },
      ],
    });
    await t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: policy } }));
    const { outcome } = await sendFrom(t, role.arn, q.url);
    assert.ok(outcome.sent, JSON.stringify(outcome));
  });

  it("lets a queue policy's Deny win over the role's Allow", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    await t.iam.send(
      new PutRolePolicyCommand({
        RoleName: role.name,
        PolicyName: "send",
        PolicyDocument: sendPolicy("Allow", "sqs:SendMessage", q.arn),
      }),
    );
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: q.arn }],
    });
    await t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: q.url, Attributes: { Policy: policy } }));
    const { outcome } = await sendFrom(t, role.arn, q.url);
    assert.match(outcome.message ?? "", /with an explicit deny in a resource-based policy$/);
  });

  it("never evaluates the account's root (the test's own clients hold no policy)", async () => {
    const q = await queue(t);
    const { Messages } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url }));
    assert.equal(Messages, undefined);
  });
});

describe("--iam warn", () => {
  let t: IamTestEngine;
  before(async () => {
    t = await startIamEngine("warn");
  });
  after(() => t.stop());

  it("lets a denied call through and logs one line naming the principal, action and resource", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    const { fn, outcome } = await sendFrom(t, role.arn, q.url);
    assert.ok(outcome.sent, JSON.stringify(outcome));
    const lines = t.warnings.filter((w) => w.includes(q.arn));
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      new RegExp(
        `assumed-role/${role.name}/${fn.FunctionName} is not authorized to perform: sqs:sendmessage on resource: ${q.arn}`,
      ),
    );
  });

  it("repeats a recurring denial at most once a minute, counting the calls in between", async () => {
    const role = await functionRole(t);
    const q = await queue(t);
    const { fn } = await sendFrom(t, role.arn, q.url);
    const send = () => invokeJson(t.lambda, fn.FunctionName, { queueUrl: q.url });

    await send();
    await send();
    const withinTheMinute = t.warnings.filter((w) => w.includes(q.arn)).length;
    t.clock.advance(60_000);
    await send();
    const lines = t.warnings.filter((w) => w.includes(q.arn));

    assert.equal(withinTheMinute, 1);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /\(2 more times since the last warning\)$/);
  });
});
