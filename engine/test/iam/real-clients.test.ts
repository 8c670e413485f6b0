/**
 * `--iam enforce` through the other real clients: boto3 inside a Python function (seed 000's
 * Lambdas are Python), and the AWS CLI and boto3 outside, signing with a role session the engine
 * issued. Each sees the denial as it would from AWS, then the call succeeds once granted.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AttachRolePolicyCommand, CreateRoleCommand, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { CreateQueueCommand, GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { clientEnv, missingBoto3, run, skipWithout } from "../clients/real-clients.ts";
import { createNodeFunction, invokeJson, zipOf } from "../lambda/support.ts";
import { type IamTestEngine, startIamEngine } from "./enforcement-support.ts";
import { BASIC_EXECUTION_ROLE, identityPolicy, LAMBDA_TRUST_POLICY } from "./support.ts";

/** Sends one message with boto3 and reports the botocore error code, or the message id. */
const BOTO3_SEND = `
import os, sys, boto3
from botocore.exceptions import ClientError
sqs = boto3.client("sqs", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
try:
    print("sent " + sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody="hi")["MessageId"])
except ClientError as error:
    print(error.response["Error"]["Code"] + " " + str(error.response["ResponseMetadata"]["HTTPStatusCode"]))
`;

describe("--iam enforce through boto3 and the AWS CLI", () => {
  let t: IamTestEngine;
  let queueUrl: string;
  before(async () => {
    t = await startIamEngine("enforce");
    ({ QueueUrl: queueUrl } = (await t.sqs.send(new CreateQueueCommand({ QueueName: "cli-orders" }))) as {
      QueueUrl: string;
    });
  });
  after(() => t.stop());

  let roles = 0;
  async function role(): Promise<{ name: string; arn: string }> {
    const name = `clients-role-${++roles}`;
    const { Role } = await t.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }),
    );
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: BASIC_EXECUTION_ROLE }));
    return { name, arn: Role!.Arn! };
  }
  const grantSend = (roleName: string) =>
    t.iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: "send",
        PolicyDocument: identityPolicy("sqs:SendMessage", "*"),
      }),
    );
  const depth = async () => {
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["ApproximateNumberOfMessages"] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages);
  };

  it("gives boto3 in a Python function AccessDenied (403), then sends once granted", async (ctx) => {
    if (skipWithout(ctx, await missingBoto3())) return;
    const { name, arn } = await role();
    const fn = await createNodeFunction(t.lambda, "", {
      Role: arn,
      Runtime: "python3.12",
      Handler: "app.handler",
      Environment: { Variables: { QUEUE_URL: queueUrl } },
      Code: {
        ZipFile: zipOf({
          "app.py": `import os, boto3
from botocore.exceptions import ClientError
sqs = boto3.client("sqs")
def handler(event, context):
    try:
        return {"sent": sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody="py")["MessageId"]}
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"], "message": error.response["Error"]["Message"]}
`,
        }),
      },
    });

    const denied = (await invokeJson(t.lambda, fn.FunctionName)).body as Record<string, unknown>;
    await grantSend(name);
    const granted = (await invokeJson(t.lambda, fn.FunctionName)).body as Record<string, unknown>;

    assert.equal(denied.code, "AccessDenied");
    assert.equal(denied.status, 403);
    assert.match(
      String(denied.message),
      new RegExp(`assumed-role/${name}/${fn.FunctionName} is not authorized to perform: sqs:sendmessage`),
    );
    assert.match(String(granted.sent), /^[0-9a-f-]{36}$/);
  });

  it("refuses the AWS CLI and boto3 signing with a role session, and lets them through once granted", async (ctx) => {
    if (skipWithout(ctx, await missingBoto3())) return;
    const { name, arn } = await role();
    const session = t.engine.credentials.issueRoleSession(arn, "cli-session");
    const env = clientEnv({
      AWS_ACCESS_KEY_ID: session.accessKeyId,
      AWS_SECRET_ACCESS_KEY: session.secretAccessKey,
      AWS_SESSION_TOKEN: session.sessionToken!,
      ENDPOINT: t.engine.endpoint,
      QUEUE_URL: queueUrl,
    });
    const cli = () =>
      run(
        "aws",
        [
          "--endpoint-url",
          t.engine.endpoint,
          "sqs",
          "send-message",
          "--queue-url",
          queueUrl,
          "--message-body",
          "cli",
        ],
        { env },
      ).then(
        () => "sent",
        (error: { stderr?: string }) => error.stderr ?? "",
      );
    const boto3 = async () => (await run("python3", ["-c", BOTO3_SEND], { env })).stdout.trim();
    const before = await depth();

    const cliDenied = await cli();
    const boto3Denied = await boto3();
    await grantSend(name);
    const cliGranted = await cli();
    const boto3Granted = await boto3();

    assert.match(
      cliDenied,
      /\(AccessDenied\) when calling the SendMessage operation: User: arn:aws:sts::000000000000:assumed-role\/clients-role-\d+\/cli-session is not authorized/,
    );
    assert.equal(boto3Denied, "AccessDenied 403");
    assert.equal(cliGranted, "sent");
    assert.match(boto3Granted, /^sent [0-9a-f-]{36}$/);
    assert.equal(await depth(), before + 2);
  });
});
