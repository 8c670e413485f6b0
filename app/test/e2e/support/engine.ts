/**
 * An engine process for one end-to-end scenario, with the SDK clients that drive it and its
 * virtual clock. Each scenario gets its own engine: fresh state, and a clock no other test moves.
 */
import { fileURLToPath } from "node:url";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ENGINE_ENV, type EngineProcess, startEngine } from "../../support/engine.ts";

export const APP_DIR = fileURLToPath(new URL("../../../", import.meta.url));
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

export interface Clients {
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  cloudformation: CloudFormationClient;
}

export interface E2eEngine extends EngineProcess {
  clients: Clients;
  /** Stops the engine and closes the clients. */
  close(): Promise<void>;
}

/**
 * Starts an engine whose working directory is `dir`, as a user starts it in their project: it
 * reads local code (SAM CodeUri, CDK assets) from there, and resolves relative CodeUri against it.
 * startEngine spawns the process before its first await, so the working directory is put back at
 * once.
 */
export async function startEngineIn(dir: string, args: readonly string[] = []): Promise<E2eEngine> {
  const previous = process.cwd();
  let starting: Promise<EngineProcess>;
  process.chdir(dir);
  try {
    starting = startEngine(args);
  } finally {
    process.chdir(previous);
  }
  const engine = await starting;
  const config = {
    endpoint: engine.endpoint,
    region: ENGINE_ENV.AWS_REGION,
    credentials: {
      accessKeyId: ENGINE_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: ENGINE_ENV.AWS_SECRET_ACCESS_KEY,
    },
  };
  const clients: Clients = {
    sqs: new SQSClient(config),
    dynamodb: new DynamoDBClient(config),
    lambda: new LambdaClient(config),
    logs: new CloudWatchLogsClient(config),
    cloudformation: new CloudFormationClient(config),
  };
  return {
    ...engine,
    clients,
    async close() {
      for (const client of Object.values(clients)) client.destroy();
      await engine.stop();
    },
  };
}
