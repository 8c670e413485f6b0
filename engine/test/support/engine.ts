/**
 * Test harness: an in-memory engine on a free port with the virtual clock, and real AWS SDK v3
 * clients pointed at it. Tests advance the clock instead of sleeping.
 */

import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createEngine, type Engine, VirtualClock } from "../../src/index.ts";

export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
export const TEST_REGION = "us-east-1";

export interface TestEngine {
  engine: Engine;
  endpoint: string;
  clock: VirtualClock;
  sqs: SQSClient;
  /** Another SQS client, e.g. for a different region. */
  sqsClient(region?: string): SQSClient;
  dynamodb: DynamoDBClient;
  /** Another DynamoDB client, e.g. for a different region. */
  dynamodbClient(region?: string): DynamoDBClient;
  /** The DocumentClient (@aws-sdk/lib-dynamodb) over `dynamodb`: native JS values in and out. */
  doc: DynamoDBDocumentClient;
  /** DynamoDB Streams (GetRecords and friends) in the default region. */
  streams: DynamoDBStreamsClient;
  /** CloudWatch Logs in the default region. */
  logs: CloudWatchLogsClient;
  lambda: LambdaClient;
  cloudformation: CloudFormationClient;
  /** IAM (global; signed for us-east-1). */
  iam: IAMClient;
  stop(): Promise<void>;
}

export async function startTestEngine(options: { dataDir?: string } = {}): Promise<TestEngine> {
  // Time stands still unless a test advances it: no rule may depend on the machine's speed.
  const clock = new VirtualClock({ flowing: false });
  const engine = await createEngine({
    port: 0,
    inMemory: options.dataDir === undefined,
    dataDir: options.dataDir,
    clock,
    control: true,
    logLevel: "error",
  });
  const clients: { destroy(): void }[] = [];
  const sqsClient = (region = TEST_REGION) => {
    const client = new SQSClient({
      endpoint: engine.endpoint,
      region,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  };
  const sqs = sqsClient();
  const dynamodbClient = (region = TEST_REGION) => {
    const client = new DynamoDBClient({
      endpoint: engine.endpoint,
      region,
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  };
  const dynamodb = dynamodbClient();
  const doc = DynamoDBDocumentClient.from(dynamodb);
  const streams = new DynamoDBStreamsClient({
    endpoint: engine.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(streams);
  const logs = new CloudWatchLogsClient({
    endpoint: engine.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(logs);
  const lambda = new LambdaClient({
    endpoint: engine.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(lambda);
  const cloudformation = new CloudFormationClient({
    endpoint: engine.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(cloudformation);
  const iam = new IAMClient({
    endpoint: engine.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  clients.push(iam);
  return {
    engine,
    endpoint: engine.endpoint,
    clock,
    sqs,
    sqsClient,
    dynamodb,
    dynamodbClient,
    doc,
    streams,
    logs,
    lambda,
    cloudformation,
    iam,
    async stop() {
      for (const client of clients) client.destroy();
      await engine.stop();
    },
  };
}

/** Runs `fn` and returns the AWS error it throws (fails if it does not throw). */
export async function awsError(
  fn: () => Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number }; Code?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { name: string; $metadata?: { httpStatusCode?: number } };
  }
  throw new Error("expected the call to fail");
}
