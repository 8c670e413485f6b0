/**
 * A strict-auth engine (`auth: "strict"`) on the virtual clock, and real SDK clients signing with
 * whatever credentials a test hands them.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createEngine, type Engine, VirtualClock } from "../../src/index.ts";
import type { AccessKeyPair } from "../../src/server/credentials.ts";

export const REGION = "us-east-1";
/** The keys the strict engine under test is configured with. */
export const CONFIGURED: AccessKeyPair = {
  accessKeyId: "AKIAORDERFLOWTEST01",
  secretAccessKey: "s3cr3t/Key+value",
};

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface StrictEngine {
  engine: Engine;
  endpoint: string;
  clock: VirtualClock;
  sqs(credentials: Credentials): SQSClient;
  dynamodb(credentials: Credentials): DynamoDBClient;
  lambda(credentials: Credentials): LambdaClient;
  logs(credentials: Credentials): CloudWatchLogsClient;
  iam(credentials: Credentials): IAMClient;
  cloudformation(credentials: Credentials): CloudFormationClient;
  stop(): Promise<void>;
}

export async function startStrictEngine(
  options: { auth?: "off" | "strict"; credentials?: AccessKeyPair[] } = {},
): Promise<StrictEngine> {
  const clock = new VirtualClock({ flowing: false });
  const engine = await createEngine({
    port: 0,
    inMemory: true,
    clock,
    control: true,
    logLevel: "error",
    auth: options.auth ?? "strict",
    credentials: options.credentials ?? [CONFIGURED],
  });
  const clients: { destroy(): void }[] = [];
  const make =
    <T extends { destroy(): void }>(
      Client: new (config: {
        endpoint: string;
        region: string;
        credentials: Credentials;
        maxAttempts: number;
      }) => T,
    ) =>
    (credentials: Credentials): T => {
      const client = new Client({ endpoint: engine.endpoint, region: REGION, credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    };
  return {
    engine,
    endpoint: engine.endpoint,
    clock,
    sqs: make(SQSClient),
    dynamodb: make(DynamoDBClient),
    lambda: make(LambdaClient),
    logs: make(CloudWatchLogsClient),
    iam: make(IAMClient),
    cloudformation: make(CloudFormationClient),
    async stop() {
      for (const client of clients) client.destroy();
      await engine.stop();
    },
  };
}

export interface AwsFailure {
  name: string;
  message: string;
  status: number | undefined;
}

/** The AWS error `fn` fails with (fails the test if it succeeds). */
export async function failure(fn: () => Promise<unknown>): Promise<AwsFailure> {
  try {
    await fn();
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

export const wrongSecret = (pair: AccessKeyPair): Credentials => ({
  ...pair,
  secretAccessKey: "not-the-secret",
});
export const UNKNOWN_KEY: Credentials = { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: "whatever" };
