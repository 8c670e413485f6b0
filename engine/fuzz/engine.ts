/**
 * The engine under fuzz: in memory, on a free port, with a flowing virtual clock the run pushes
 * forward (a 20-second long poll ends in a moment of real time) and a logger that keeps every
 * error, so a 500's cause is in the report. The resources the hints name are created first.
 */
import { zipSync } from "fflate";
import { createEngine, type Engine, VirtualClock } from "../src/index.ts";
import type { Logger } from "../src/shared/logger.ts";
import {
  ACCOUNT,
  FIFO_QUEUE,
  FUNCTION,
  LOG_GROUP,
  LOG_STREAM,
  QUEUE,
  type Resources,
  ROLE,
  TABLE,
} from "./families.ts";

export interface LoggedError {
  message: string;
  fields?: Record<string, unknown>;
}

export interface FuzzEngine {
  engine: Engine;
  clock: VirtualClock;
  resources: Resources;
  /** Errors the engine logged (each InternalFailure logs its cause). */
  errors: LoggedError[];
  /** (Re)creates the resources the hints name; a fuzzed request may have deleted them. */
  setUp(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFuzzEngine(): Promise<FuzzEngine> {
  const errors: LoggedError[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error(message, fields) {
      if (errors.length < 1000) errors.push({ message, fields });
    },
  };
  const clock = new VirtualClock();
  const engine = await createEngine({ port: 0, inMemory: true, clock, control: true, logger });
  const resources: Resources = { endpoint: engine.endpoint };
  const attempt = async (service: string, operation: string, input: Record<string, unknown>) => {
    try {
      return await engine.client.call(service, operation, input);
    } catch {
      return undefined;
    }
  };
  const setUp = async () => {
    await attempt("sqs", "CreateQueue", { QueueName: QUEUE });
    await attempt("sqs", "CreateQueue", { QueueName: FIFO_QUEUE, Attributes: { FifoQueue: "true" } });
    await attempt("dynamodb", "CreateTable", {
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
    const table = (await attempt("dynamodb", "DescribeTable", { TableName: TABLE })) as
      | { Table?: { LatestStreamArn?: string } }
      | undefined;
    resources.streamArn = table?.Table?.LatestStreamArn;
    if (resources.streamArn) {
      const stream = (await attempt("dynamodbstreams", "DescribeStream", {
        StreamArn: resources.streamArn,
      })) as { StreamDescription?: { Shards?: { ShardId?: string }[] } } | undefined;
      const shardId = stream?.StreamDescription?.Shards?.[0]?.ShardId;
      if (shardId) {
        const iterator = (await attempt("dynamodbstreams", "GetShardIterator", {
          StreamArn: resources.streamArn,
          ShardId: shardId,
          ShardIteratorType: "TRIM_HORIZON",
        })) as { ShardIterator?: string } | undefined;
        resources.shardIterator = iterator?.ShardIterator;
      }
    }
    await attempt("logs", "CreateLogGroup", { logGroupName: LOG_GROUP });
    await attempt("logs", "CreateLogStream", { logGroupName: LOG_GROUP, logStreamName: LOG_STREAM });
    await attempt("iam", "CreateRole", {
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    await attempt("lambda", "CreateFunction", {
      FunctionName: FUNCTION,
      Runtime: "nodejs22.x",
      Role: `arn:aws:iam::${ACCOUNT}:role/${ROLE}`,
      Handler: "index.handler",
      Code: {
        ZipFile: Buffer.from(
          zipSync({ "index.js": Buffer.from("exports.handler = async (event) => event;") }),
        ),
      },
    });
  };
  await setUp();
  return { engine, clock, resources, errors, setUp, stop: () => engine.stop() };
}
