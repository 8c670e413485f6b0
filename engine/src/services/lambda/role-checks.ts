/**
 * What Lambda checks of a function's execution role under `--iam` (off: nothing, as the engine
 * always did, since most tests name made-up roles):
 * - CreateFunction and UpdateFunctionConfiguration (enforce only): the role exists and its trust
 *   policy lets lambda.amazonaws.com assume it — else "The role defined for the function cannot be
 *   assumed by Lambda." (InvalidParameterValueException, 400; AWS's wording).
 * - A dead-letter queue or an on-failure destination (warn and enforce): the role may send there.
 * - CreateEventSourceMapping (warn and enforce): the role may read the source — SQS:
 *   ReceiveMessage, DeleteMessage, GetQueueAttributes ("The function execution role does not have
 *   permissions to call <Action> on SQS"); DynamoDB streams: GetRecords, GetShardIterator,
 *   DescribeStream, ListStreams ("Cannot access stream <arn>. Please ensure the role can perform
 *   the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in
 *   IAM."). AWS checks by calling the source with the role; the engine asks IAM's simulator, with
 *   the queue's policy as the resource policy.
 */
import type * as Iam from "@aws-sdk/client-iam";
import { parseArn } from "../../shared/arn.ts";
import { ROLE_ARN } from "../iam/constants.ts";
import { evaluate, type PolicyDocument } from "../iam/evaluate.ts";
import type { LambdaCore } from "./core.ts";
import { InvalidParameterValueException } from "./errors.ts";
import type { SourceKind } from "./mappings.ts";

const LAMBDA_SERVICE = "lambda.amazonaws.com";

const SQS_READ = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];
const STREAM_READ = ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"];
/** ListStreams names no stream: it is authorized on `*`. */
const STREAM_LIST = ["dynamodb:ListStreams"];

async function trustPolicyOf(core: LambdaCore, roleArn: string): Promise<PolicyDocument | undefined> {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) return undefined;
  try {
    const { Role } = await core.client.call<{ Role: Iam.Role }>("iam", "GetRole", { RoleName: match[2] });
    // A role is named by its exact ARN, path included.
    if (Role.Arn !== roleArn || !Role.AssumeRolePolicyDocument) return undefined;
    return JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument)) as PolicyDocument;
  } catch {
    return undefined;
  }
}

export async function checkRoleAssumable(
  core: LambdaCore,
  roleArn: string,
  functionArn: string,
): Promise<void> {
  if (core.iamMode !== "enforce") return;
  const trust = await trustPolicyOf(core, roleArn);
  const accountId = parseArn(functionArn)?.accountId ?? "";
  const allowed =
    trust !== undefined &&
    evaluate(
      {
        principal: { arn: LAMBDA_SERVICE, accountId, service: LAMBDA_SERVICE },
        action: "sts:AssumeRole",
        resource: roleArn,
        context: new Map([
          ["aws:sourceaccount", [accountId]],
          ["aws:sourcearn", [functionArn]],
        ]),
      },
      { identity: [], resource: { source: roleArn, document: trust } },
    ).decision === "allowed";
  if (!allowed) {
    throw new InvalidParameterValueException(
      "The role defined for the function cannot be assumed by Lambda.",
    );
  }
}

async function deniedActions(
  core: LambdaCore,
  roleArn: string,
  actions: string[],
  resource: string,
  resourcePolicy: string | undefined,
): Promise<string[]> {
  const region = parseArn(resource)?.region;
  try {
    const result = await core.client.call<Iam.SimulatePolicyResponse>("iam", "SimulatePrincipalPolicy", {
      PolicySourceArn: roleArn,
      ActionNames: actions,
      ResourceArns: [resource],
      ...(resourcePolicy && { ResourcePolicy: resourcePolicy }),
      ContextEntries: region
        ? [{ ContextKeyName: "aws:RequestedRegion", ContextKeyValues: [region], ContextKeyType: "string" }]
        : [],
    });
    return (result.EvaluationResults ?? [])
      .filter((r) => r.EvalDecision !== "allowed")
      .map((r) => r.EvalActionName ?? "");
  } catch {
    // A role IAM does not know has no permissions.
    return actions;
  }
}

async function queuePolicy(core: LambdaCore, queueArn: string): Promise<string | undefined> {
  const arn = parseArn(queueArn);
  if (!arn) return undefined;
  try {
    const { QueueUrl } = await core.client.call<{ QueueUrl: string }>(
      "sqs",
      "GetQueueUrl",
      { QueueName: arn.resource, QueueOwnerAWSAccountId: arn.accountId },
      { region: arn.region },
    );
    const { Attributes } = await core.client.call<{ Attributes?: Record<string, string> }>(
      "sqs",
      "GetQueueAttributes",
      { QueueUrl, AttributeNames: ["Policy"] },
      { region: arn.region },
    );
    return Attributes?.Policy;
  } catch {
    return undefined;
  }
}

export async function checkSourceReadable(
  core: LambdaCore,
  roleArn: string,
  kind: SourceKind,
  sourceArn: string,
): Promise<void> {
  if (core.iamMode === "off") return;
  let message: string | undefined;
  if (kind === "sqs") {
    const denied = await deniedActions(
      core,
      roleArn,
      SQS_READ,
      sourceArn,
      await queuePolicy(core, sourceArn),
    );
    if (denied[0]) {
      message = `The function execution role does not have permissions to call ${denied[0].slice("sqs:".length)} on SQS`;
    }
  } else {
    const denied = [
      ...(await deniedActions(core, roleArn, STREAM_READ, sourceArn, undefined)),
      ...(await deniedActions(core, roleArn, STREAM_LIST, "*", undefined)),
    ];
    if (denied.length > 0) {
      message = `Cannot access stream ${sourceArn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`;
    }
  }
  if (message === undefined) return;
  refuse(core, "CreateEventSourceMapping", message, { role: roleArn, source: sourceArn });
}

/** What a role needs to send to a destination of each kind, and the service's name in messages. */
const DESTINATION_SEND: Record<string, { action: string; service: string }> = {
  sqs: { action: "sqs:SendMessage", service: "SQS" },
  sns: { action: "sns:Publish", service: "SNS" },
};

/**
 * A function's dead-letter queue (CreateFunction, UpdateFunctionConfiguration) and a stream
 * mapping's on-failure destination (CreateEventSourceMapping, UpdateEventSourceMapping): Lambda
 * checks that the execution role may send there — "The provided execution role does not have
 * permissions to call SendMessage on SQS" (InvalidParameterValueException, 400; AWS's wording as
 * users report it).
 */
export async function checkDestinationWritable(
  core: LambdaCore,
  operation: string,
  roleArn: string,
  targetArn: string | undefined,
): Promise<void> {
  if (core.iamMode === "off" || !targetArn) return;
  const send = DESTINATION_SEND[parseArn(targetArn)?.service ?? ""];
  if (!send) return;
  const policy = send.service === "SQS" ? await queuePolicy(core, targetArn) : undefined;
  const denied = await deniedActions(core, roleArn, [send.action], targetArn, policy);
  if (denied.length === 0) return;
  const verb = send.action.slice(send.action.indexOf(":") + 1);
  refuse(
    core,
    operation,
    `The provided execution role does not have permissions to call ${verb} on ${send.service}`,
    { role: roleArn, destination: targetArn },
  );
}

/** `enforce` fails the call with Lambda's error; `warn` says it would and lets it through. */
function refuse(core: LambdaCore, operation: string, message: string, fields: Record<string, string>): void {
  if (core.iamMode === "enforce") throw new InvalidParameterValueException(message);
  core.logger.warn(`iam: ${operation} would fail (--iam warn lets it through): ${message}`, fields);
}
