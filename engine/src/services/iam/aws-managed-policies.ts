/**
 * The AWS managed policies the engine knows (arn:aws:iam::aws:policy/…): the ones Lambda's
 * documentation, SAM and the CDK attach to execution roles. They can be read and attached, never
 * changed; any other arn:aws:iam::aws:policy/… ARN is not attachable, as for a policy AWS never
 * published.
 *
 * `--iam` evaluates a role's attached AWS managed policies by these documents, so a policy missing
 * here cannot be attached (as on AWS for a name that does not exist) rather than granting nothing
 * silently.
 *
 * Documents follow the published policies (Lambda Developer Guide, "AWS managed policies for AWS
 * Lambda"; IAM's AWS managed policy reference); AWSLambdaBasicExecutionRole's v1 is as recorded
 * from IAM (LocalStack snapshot, 2026). The other version ids and dates are not verified against
 * IAM.
 */
import { createHash } from "node:crypto";

export interface AwsManagedPolicy {
  name: string;
  path: string;
  description: string;
  versionId: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  document: string;
}

const LOG_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"];

const allow = (actions: string[]): string =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] });

const CATALOGUE: readonly AwsManagedPolicy[] = [
  {
    name: "AWSLambdaBasicExecutionRole",
    path: "/service-role/",
    description: "Provides write permissions to CloudWatch Logs.",
    versionId: "v1",
    createdAt: Date.parse("2015-04-09T15:03:43Z"),
    updatedAt: Date.parse("2015-04-09T15:03:43Z"),
    document: allow(LOG_ACTIONS),
  },
  {
    name: "AWSLambdaSQSQueueExecutionRole",
    path: "/service-role/",
    description:
      "Provides receive message, delete message, and read attribute access to SQS queues, and write permissions to CloudWatch logs.",
    versionId: "v2",
    createdAt: Date.parse("2016-06-14T21:18:30Z"),
    updatedAt: Date.parse("2022-02-14T19:00:00Z"),
    document: allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", ...LOG_ACTIONS]),
  },
  {
    name: "AWSLambdaDynamoDBExecutionRole",
    path: "/service-role/",
    description:
      "Provides list and read access to DynamoDB streams and write permissions to CloudWatch logs.",
    versionId: "v1",
    createdAt: Date.parse("2015-04-09T15:09:29Z"),
    updatedAt: Date.parse("2015-04-09T15:09:29Z"),
    document: allow([
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
      "dynamodb:ListStreams",
      ...LOG_ACTIONS,
    ]),
  },
  {
    name: "AWSLambdaKinesisExecutionRole",
    path: "/service-role/",
    description: "Provides list and read access to Kinesis streams and write permissions to CloudWatch logs.",
    versionId: "v1",
    createdAt: Date.parse("2015-04-09T15:14:16Z"),
    updatedAt: Date.parse("2015-04-09T15:14:16Z"),
    document: allow([
      "kinesis:DescribeStream",
      "kinesis:DescribeStreamSummary",
      "kinesis:GetRecords",
      "kinesis:GetShardIterator",
      "kinesis:ListShards",
      "kinesis:ListStreams",
      "kinesis:SubscribeToShard",
      ...LOG_ACTIONS,
    ]),
  },
  {
    name: "AWSLambdaVPCAccessExecutionRole",
    path: "/service-role/",
    description:
      "Provides minimum permissions for a Lambda function to execute while accessing a resource within a VPC - create, describe, delete network interfaces and write permissions to CloudWatch Logs.",
    versionId: "v3",
    createdAt: Date.parse("2016-02-11T23:15:26Z"),
    updatedAt: Date.parse("2024-01-05T00:00:00Z"),
    document: allow([
      ...LOG_ACTIONS,
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]),
  },
  {
    name: "AWSLambdaRole",
    path: "/service-role/",
    description: "Default policy for AWS Lambda service role.",
    versionId: "v2",
    createdAt: Date.parse("2015-02-06T18:41:28Z"),
    updatedAt: Date.parse("2018-05-31T18:04:08Z"),
    document: allow(["lambda:InvokeFunction"]),
  },
  {
    name: "AdministratorAccess",
    path: "/",
    description: "Provides full access to AWS services and resources.",
    versionId: "v1",
    createdAt: Date.parse("2015-02-06T18:39:46Z"),
    updatedAt: Date.parse("2015-02-06T18:39:46Z"),
    document: allow(["*"]),
  },
  {
    name: "AmazonSQSFullAccess",
    path: "/",
    description: "Provides full access to Amazon SQS via the AWS Management Console.",
    versionId: "v1",
    createdAt: Date.parse("2015-02-06T18:41:07Z"),
    updatedAt: Date.parse("2015-02-06T18:41:07Z"),
    document: allow(["sqs:*"]),
  },
  {
    name: "AmazonSQSReadOnlyAccess",
    path: "/",
    description: "Provides read only access to Amazon SQS via the AWS Management Console.",
    versionId: "v3",
    createdAt: Date.parse("2015-02-06T18:41:08Z"),
    updatedAt: Date.parse("2023-06-12T00:00:00Z"),
    document: allow([
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:ListDeadLetterSourceQueues",
      "sqs:ListQueues",
      "sqs:ListMessageMoveTasks",
      "sqs:ListQueueTags",
    ]),
  },
  {
    name: "AWSXrayWriteOnlyAccess",
    path: "/",
    description: "AWS X-Ray write only managed policy",
    versionId: "v1",
    createdAt: Date.parse("2016-12-01T18:19:53Z"),
    updatedAt: Date.parse("2016-12-01T18:19:53Z"),
    document: allow([
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
      "xray:GetSamplingRules",
      "xray:GetSamplingTargets",
      "xray:GetSamplingStatisticSummaries",
    ]),
  },
];

export const awsManagedPolicyArn = (policy: Pick<AwsManagedPolicy, "path" | "name">): string =>
  `arn:aws:iam::aws:policy${policy.path}${policy.name}`;

const BY_ARN = new Map(CATALOGUE.map((policy) => [awsManagedPolicyArn(policy), policy]));

export const findAwsManagedPolicy = (arn: string): AwsManagedPolicy | undefined => BY_ARN.get(arn);

export const awsManagedPolicies = (): readonly AwsManagedPolicy[] => CATALOGUE;

/** A stable policy id (ANPA + 17 characters), the same on every engine. */
export function awsManagedPolicyId(policy: AwsManagedPolicy): string {
  const digest = createHash("sha256").update(policy.name).digest();
  return `ANPA${idCharacters(digest, 17)}`;
}

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Upper-case letters and digits 2–7, as IAM's unique ids use. */
export function idCharacters(bytes: Uint8Array, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += ID_ALPHABET[bytes[i % bytes.length]! % ID_ALPHABET.length];
  return out;
}
