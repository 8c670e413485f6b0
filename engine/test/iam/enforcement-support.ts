/**
 * IAM enforcement test support: an in-memory engine with `--iam <mode>` whose warnings are kept,
 * real SDK clients signed as the account's root, and a function that reports what its own SDK
 * call (made with its role's credentials) answered.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createEngine, type Engine, VirtualClock } from "../../src/index.ts";
import type { IamMode } from "../../src/services/iam/enforcement.ts";
import type { Logger } from "../../src/shared/logger.ts";
import { TEST_CREDENTIALS, TEST_REGION } from "../support/engine.ts";

export interface IamTestEngine {
  engine: Engine;
  clock: VirtualClock;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  lambda: LambdaClient;
  iam: IAMClient;
  cloudformation: CloudFormationClient;
  /** Every warning the engine logged. */
  warnings: string[];
  stop(): Promise<void>;
}

export async function startIamEngine(mode: IamMode): Promise<IamTestEngine> {
  const warnings: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (message) => warnings.push(message),
    error: () => {},
  };
  const clock = new VirtualClock({ flowing: false });
  const engine = await createEngine({ port: 0, inMemory: true, clock, control: true, iam: mode, logger });
  const config = {
    endpoint: engine.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  };
  const clients = {
    sqs: new SQSClient(config),
    dynamodb: new DynamoDBClient(config),
    lambda: new LambdaClient(config),
    iam: new IAMClient(config),
    cloudformation: new CloudFormationClient(config),
  };
  return {
    engine,
    clock,
    ...clients,
    warnings,
    async stop() {
      for (const client of Object.values(clients)) client.destroy();
      await engine.stop();
    },
  };
}

/**
 * A handler that sends `event.body` to `event.queueUrl` with its own credentials and returns the
 * outcome: `{ sent: MessageId }` or the SDK error's name, message and status.
 */
export const SEND_MESSAGE_HANDLER = `
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const sqs = new SQSClient({ maxAttempts: 1 });
exports.handler = async (event) => {
  try {
    const out = await sqs.send(new SendMessageCommand({ QueueUrl: event.queueUrl, MessageBody: event.body ?? "hello" }));
    return { sent: out.MessageId };
  } catch (error) {
    return { error: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
};`;

export interface SendOutcome {
  sent?: string;
  error?: string;
  message?: string;
  status?: number;
}

export const SQS_EXECUTION_ROLE = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
export const DYNAMODB_EXECUTION_ROLE = "arn:aws:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole";

let tables = 0;

/** A new on-demand table with a NEW_IMAGE stream; returns the stream's ARN. */
export async function streamArn(t: IamTestEngine): Promise<string> {
  const { TableDescription } = await t.dynamodb.send(
    new CreateTableCommand({
      TableName: `streamed-${++tables}`,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    }),
  );
  return TableDescription!.LatestStreamArn!;
}
