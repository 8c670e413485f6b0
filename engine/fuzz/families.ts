/**
 * What the fuzzer speaks: one family per service and protocol the engine serves, each building a
 * valid request for an operation of its model, with hints that name the resources the run set up.
 */
import cloudformationModel from "../src/models/cloudformation.json" with { type: "json" };
import dynamodbModel from "../src/models/dynamodb.json" with { type: "json" };
import streamsModel from "../src/models/dynamodbstreams.json" with { type: "json" };
import iamModel from "../src/models/iam.json" with { type: "json" };
import lambdaModel from "../src/models/lambda.json" with { type: "json" };
import logsModel from "../src/models/logs.json" with { type: "json" };
import sqsModel from "../src/models/sqs.json" with { type: "json" };
import type { ServiceModel } from "../src/protocol/model.ts";
import { jsonRequest, queryRequest, restRequest } from "./encode.ts";
import type { Random } from "./prng.ts";
import type { RawRequest } from "./raw-request.ts";
import { generateValue, type Hints } from "./values.ts";

export const ACCOUNT = "000000000000";
export const QUEUE = "fuzz-q";
export const FIFO_QUEUE = "fuzz-q.fifo";
export const TABLE = "fuzz-table";
export const FUNCTION = "fuzz-fn";
export const LOG_GROUP = "fuzz-group";
export const LOG_STREAM = "fuzz-stream";
export const ROLE = "fuzz-role";

/** What the run's setup made, for hints. */
export interface Resources {
  endpoint: string;
  streamArn?: string;
  shardIterator?: string;
}

export interface Family {
  name: string;
  protocol: "json" | "query" | "rest";
  model: ServiceModel;
  /** The value for `operation`, then the request carrying it. */
  build(operation: string, value: Record<string, unknown>, rng: Random): RawRequest;
}

const scope = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`;

const POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sqs:*", Resource: "*" }],
});
const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const TEMPLATES = [
  JSON.stringify({ Resources: { Q: { Type: "AWS::SQS::Queue" } } }),
  "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      DelaySeconds: !Ref Nope\n",
  "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  "Resources: {Fn: {Type: 'AWS::Lambda::Function', Properties: {Code: {ZipFile: 'x'}}}}",
  "{",
];

export function hintsFor(resources: Resources): Hints {
  const { endpoint } = resources;
  const key = (rng: Random) => ({ pk: { S: `k${rng.int(0, 20)}` } });
  return {
    QueueUrl: (rng) =>
      rng.pick([
        `${endpoint}/${ACCOUNT}/${QUEUE}`,
        `${endpoint}/${ACCOUNT}/${FIFO_QUEUE}`,
        `${endpoint}/${ACCOUNT}/nope`,
      ]),
    QueueName: (rng) => rng.pick([QUEUE, FIFO_QUEUE, `fuzz-${rng.int(0, 5)}`]),
    WaitTimeSeconds: (rng) => rng.pick([0, 0, 1, 2, 20]),
    MessageGroupId: () => "g",
    TableName: (rng) => rng.pick([TABLE, TABLE, "nope"]),
    Key: key,
    Item: (rng) => ({ ...key(rng), v: { N: String(rng.int(0, 99)) } }),
    ExclusiveStartKey: key,
    ExpressionAttributeValues: (rng) => ({ ":v": { S: rng.text(8) } }),
    ExpressionAttributeNames: () => ({ "#n": "pk" }),
    KeyConditionExpression: (rng) =>
      rng.pick(["pk = :v", "#n = :v", "pk = :v AND begins_with(sk, :v)", "pk =", "((("]),
    ConditionExpression: (rng) =>
      rng.pick(["attribute_exists(pk)", "size(#n) > :v", "v < :v OR NOT v = :v", "a.b[9999999999]"]),
    FilterExpression: (rng) => rng.pick(["v = :v", "contains(#n, :v)", "v IN (:v, :v)", ")"]),
    UpdateExpression: (rng) =>
      rng.pick(["SET v = :v", "SET #n = :v", "ADD v :v", "REMOVE v, v", "SET a = list_append(a, :v)", "SET"]),
    ProjectionExpression: (rng) => rng.pick(["pk, v", "#n", "a[0].b", "a..b"]),
    Statement: (rng) =>
      rng.pick([
        `SELECT * FROM "${TABLE}"`,
        `INSERT INTO "${TABLE}" VALUE {'pk': 'p'}`,
        "SELECT",
        "DELETE FROM x WHERE",
      ]),
    StreamArn: () => resources.streamArn,
    ShardIterator: (rng) => (rng.chance(0.7) ? resources.shardIterator : undefined),
    logGroupName: (rng) => rng.pick([LOG_GROUP, LOG_GROUP, "nope"]),
    logStreamName: () => LOG_STREAM,
    logEvents: (rng) => [{ timestamp: Date.now() - rng.int(0, 1000), message: rng.text(40) }],
    filterPattern: (rng) => rng.pick(["ERROR", '{ $.a = "b" }', "[a, b, c]", "{ $.a = ", "?x ?y", ""]),
    FunctionName: (rng) =>
      rng.pick([FUNCTION, FUNCTION, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${FUNCTION}`, "nope"]),
    Qualifier: (rng) => rng.pick(["$LATEST", "1", "nope"]),
    Payload: (rng) => Buffer.from(JSON.stringify({ n: rng.int(0, 9) })).toString("base64"),
    InvocationType: (rng) => rng.pick(["RequestResponse", "Event", "DryRun"]),
    RoleName: () => ROLE,
    PolicyDocument: () => POLICY,
    AssumeRolePolicyDocument: () => TRUST,
    StackName: (rng) => rng.pick(["fuzz-stack", "nope"]),
    TemplateBody: (rng) => rng.pick(TEMPLATES),
  };
}

export const FAMILIES: readonly Family[] = [
  {
    name: "sqs-json",
    protocol: "json",
    model: sqsModel as ServiceModel,
    build: (op, value) => jsonRequest(sqsModel as ServiceModel, op, value, scope("sqs")),
  },
  {
    name: "dynamodb-json",
    protocol: "json",
    model: dynamodbModel as ServiceModel,
    build: (op, value) => jsonRequest(dynamodbModel as ServiceModel, op, value, scope("dynamodb")),
  },
  {
    name: "dynamodbstreams-json",
    protocol: "json",
    model: streamsModel as ServiceModel,
    build: (op, value) => jsonRequest(streamsModel as ServiceModel, op, value, scope("dynamodb")),
  },
  {
    name: "logs-json",
    protocol: "json",
    model: logsModel as ServiceModel,
    build: (op, value) => jsonRequest(logsModel as ServiceModel, op, value, scope("logs")),
  },
  {
    name: "sqs-query",
    protocol: "query",
    model: sqsModel as ServiceModel,
    build: (op, value, rng) => {
      // SQS's query clients often post to the queue URL instead of naming it in the body.
      const onPath = rng.chance(0.3) && typeof value.QueueUrl === "string" && URL.canParse(value.QueueUrl);
      const path = onPath ? new URL(value.QueueUrl as string).pathname : "/";
      if (onPath) delete value.QueueUrl;
      return queryRequest(sqsModel as ServiceModel, op, value, scope("sqs"), path);
    },
  },
  {
    name: "iam-query",
    protocol: "query",
    model: iamModel as ServiceModel,
    build: (op, value) => queryRequest(iamModel as ServiceModel, op, value, scope("iam")),
  },
  {
    name: "cloudformation-query",
    protocol: "query",
    model: cloudformationModel as ServiceModel,
    build: (op, value) =>
      queryRequest(cloudformationModel as ServiceModel, op, value, scope("cloudformation")),
  },
  {
    name: "lambda-rest",
    protocol: "rest",
    model: lambdaModel as ServiceModel,
    build: (op, value) => restRequest(lambdaModel as ServiceModel, op, value, scope("lambda")),
  },
];

/** A valid input for `operation` of `family`'s model. */
export function validInput(
  family: Family,
  operation: string,
  rng: Random,
  hints: Hints,
): Record<string, unknown> {
  const input = family.model.operations[operation]?.input;
  if (!input) return {};
  return generateValue(family.model, input, rng, hints) as Record<string, unknown>;
}
