/**
 * DynamoDB data-plane test support: table and item factories (the seed's `orders` table among
 * them), the throttling error as an SDK v3 caller sees it, and stream readers.
 */
import assert from "node:assert/strict";
import {
  type AttributeValue,
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  PutItemCommand,
  type StreamViewType,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type ShardIteratorType,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { rawJsonCall } from "./raw-json.ts";

let tableCounter = 0;
export const uniqueName = (prefix: string): string => `${prefix}-${++tableCounter}`;

/** The seed-000 table: hash `id` (S), range `timestamp` (N), 1 RCU / 1 WCU. */
export function ordersTableInput(overrides: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: uniqueName("orders"),
    AttributeDefinitions: [
      { AttributeName: "id", AttributeType: "S" },
      { AttributeName: "timestamp", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "id", KeyType: "HASH" },
      { AttributeName: "timestamp", KeyType: "RANGE" },
    ],
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    ...overrides,
  };
}

/** An on-demand table keyed on `pk` (S). */
export function onDemandTableInput(
  overrides: Partial<CreateTableCommandInput> = {},
): CreateTableCommandInput {
  return {
    TableName: uniqueName("on-demand"),
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
    ...overrides,
  };
}

/** An on-demand table keyed on `pk` (S) and `sk` (N) with a stream of `viewType`. */
export function streamTableInput(
  viewType: StreamViewType,
  overrides: Partial<CreateTableCommandInput> = {},
): CreateTableCommandInput {
  return {
    TableName: uniqueName("streamed"),
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      { AttributeName: "sk", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
    StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    ...overrides,
  };
}

export async function createTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput,
): Promise<TableDescription> {
  const { TableDescription } = await client.send(new CreateTableCommand(input));
  return TableDescription!;
}

/** An order shaped like seed 000's producer's (a little under 1 KB unless `bytes` says more). */
export function order(n: number, bytes = 200): Record<string, AttributeValue> {
  return {
    id: { S: `order-${n}` },
    timestamp: { N: String(1_700_000_000_000 + n) },
    amount: { N: "12.5" },
    email: { S: `buyer${n}@example.com` },
    notes: { S: "x".repeat(bytes) },
  };
}

export const putOrder = (client: DynamoDBClient, table: string, n: number, bytes?: number) =>
  client.send(new PutItemCommand({ TableName: table, Item: order(n, bytes) }));

// ---- errors ------------------------------------------------------------------------------------

interface ThrottleError extends Error {
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  ThrottlingReasons?: Array<{ reason?: string; resource?: string }>;
}

/** Runs `action`, which must be throttled with `name` and exactly these ThrottlingReasons. */
export async function assertThrottled(
  action: Promise<unknown>,
  name: "ProvisionedThroughputExceededException" | "ThrottlingException",
  reasons: Array<{ reason: string; resource: string }>,
): Promise<void> {
  const error = await action.then(
    () => assert.fail(`expected ${name}, but the call succeeded`),
    (caught: ThrottleError) => caught,
  );
  assert.equal(error.name, name, `wrong error: ${error.name}: ${error.message}`);
  assert.equal(error.$metadata?.httpStatusCode, 400);
  assert.equal(error.$fault, "client");
  assert.deepEqual(error.ThrottlingReasons, reasons);
}

/** Whether `error` is DynamoDB throttling (either exception). */
export const isThrottle = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === "ProvisionedThroughputExceededException" || error.name === "ThrottlingException");

/**
 * Runs `write(n)` for n = 0, 1, … until it is throttled or `max` calls succeeded; returns how many
 * succeeded. Any other error fails the test.
 */
export async function countUntilThrottled(
  write: (n: number) => Promise<unknown>,
  max: number,
): Promise<number> {
  for (let n = 0; n < max; n++) {
    try {
      await write(n);
    } catch (error) {
      if (isThrottle(error)) return n;
      throw error;
    }
  }
  return max;
}

/**
 * Runs `work` and reports how many seconds of virtual time it took, rounded up: the virtual clock
 * flows with real time, so a bucket earns that much while a test makes its requests.
 */
export async function timed<T>(
  clock: { now(): number },
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number }> {
  const start = clock.now();
  const result = await work();
  return { result, seconds: Math.ceil((clock.now() - start) / 1000) };
}

/** Asserts `count` is `expected`, or up to `perSecond` more for each second that passed. */
export function assertAbout(count: number, expected: number, perSecond: number, seconds: number): void {
  assert.ok(
    count >= expected && count <= expected + perSecond * seconds,
    `${count} is not within ${expected}..${expected + perSecond * seconds}`,
  );
}

// ---- streams -----------------------------------------------------------------------------------

export async function onlyShardId(streams: DynamoDBStreamsClient, streamArn: string): Promise<string> {
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  assert.equal(StreamDescription!.Shards!.length, 1);
  return StreamDescription!.Shards![0]!.ShardId!;
}

export async function shardIterator(
  streams: DynamoDBStreamsClient,
  streamArn: string,
  type: ShardIteratorType = "TRIM_HORIZON",
  sequenceNumber?: string,
): Promise<string> {
  const { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: await onlyShardId(streams, streamArn),
      ShardIteratorType: type,
      SequenceNumber: sequenceNumber,
    }),
  );
  return ShardIterator!;
}

/** Every record from `iterator` on, following NextShardIterator until a call returns none. */
export async function readFrom(
  streams: DynamoDBStreamsClient,
  iterator: string,
): Promise<{ records: StreamRecord[]; next: string | undefined }> {
  const records: StreamRecord[] = [];
  let next: string | undefined = iterator;
  while (next) {
    const page: GetRecordsCommandOutput = await streams.send(new GetRecordsCommand({ ShardIterator: next }));
    next = page.NextShardIterator;
    if (page.Records!.length === 0) break;
    records.push(...page.Records!);
  }
  return { records, next };
}

/** Every record of a single-shard stream, from its trim horizon. */
export async function streamRecords(
  streams: DynamoDBStreamsClient,
  streamArn: string,
): Promise<StreamRecord[]> {
  return (await readFrom(streams, await shardIterator(streams, streamArn))).records;
}

/** One DynamoDBStreams_20120810 call without the SDK, to see the body as sent. */
export const rawStreamsCall = (endpoint: string, operation: string, body: unknown) =>
  rawJsonCall(endpoint, `DynamoDBStreams_20120810.${operation}`, body);

interface SdkError extends Error {
  $metadata?: { httpStatusCode?: number };
}

/** Expects the call to fail with a 400 of this error name (and message, when given). */
export async function assertFails(
  action: Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<void> {
  const error = await action.then(
    () => assert.fail(`expected ${name}, but the call succeeded`),
    (caught: SdkError) => caught,
  );
  assert.equal(error.name, name, `wrong error: ${error.name}: ${error.message}`);
  assert.equal(error.$metadata?.httpStatusCode, 400);
  if (typeof message === "string") assert.equal(error.message, message);
  else if (message) assert.match(error.message, message);
}
