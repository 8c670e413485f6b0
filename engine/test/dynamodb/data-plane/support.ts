/**
 * Data-plane test support: tables keyed the way a test needs, attribute-value factories, and the
 * errors a caller sees (through the SDK, or raw awsJson for what the SDK hides).
 */
import assert from "node:assert/strict";
import {
  type AttributeValue,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type LocalSecondaryIndex,
  type Projection,
  PutItemCommand,
  type ScalarAttributeType,
} from "@aws-sdk/client-dynamodb";
import {
  attribute,
  createTable,
  hashKey,
  rangeKey,
  rawCall,
  uniqueTableName,
} from "../control-plane/support.ts";

export {
  assertDynamoError,
  invalidParameter,
  rawCall,
  uniqueTableName,
  validationError,
} from "../control-plane/support.ts";

export type Item = Record<string, AttributeValue>;

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: string | number): AttributeValue => ({ N: String(value) });
export const B = (value: Uint8Array | string): AttributeValue => ({
  B: typeof value === "string" ? Buffer.from(value) : value,
});
export const BOOL = (value: boolean): AttributeValue => ({ BOOL: value });
export const L = (...values: AttributeValue[]): AttributeValue => ({ L: values });
export const M = (value: Item): AttributeValue => ({ M: value });

export interface IndexSpec {
  name: string;
  hash: string;
  range?: string;
  projection?: Projection;
}

export interface TableSpec {
  /** Partition key (name, type); default pk (S). */
  hash?: [string, ScalarAttributeType];
  /** Sort key (name, type); none by default. */
  range?: [string, ScalarAttributeType];
  /** Extra attribute definitions, for index keys. */
  attributes?: Array<[string, ScalarAttributeType]>;
  gsis?: IndexSpec[];
  lsis?: IndexSpec[];
  /** Provisioned capacity (table and each GSI); on-demand when absent. */
  provisioned?: { read: number; write: number };
  name?: string;
}

const ALL: Projection = { ProjectionType: "ALL" };

/** CreateTable input for a spec (a unique name unless one is given). */
export function tableSpecInput(spec: TableSpec = {}): CreateTableCommandInput {
  const [hashName, hashType] = spec.hash ?? ["pk", "S"];
  const definitions = new Map<string, ScalarAttributeType>([[hashName, hashType]]);
  if (spec.range) definitions.set(spec.range[0], spec.range[1]);
  for (const [name, type] of spec.attributes ?? []) definitions.set(name, type);
  const throughput = spec.provisioned
    ? { ReadCapacityUnits: spec.provisioned.read, WriteCapacityUnits: spec.provisioned.write }
    : undefined;
  const keySchema = (hash: string, range?: string) =>
    range ? [hashKey(hash), rangeKey(range)] : [hashKey(hash)];
  const gsis: GlobalSecondaryIndex[] | undefined = spec.gsis?.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.hash, index.range),
    Projection: index.projection ?? ALL,
    ProvisionedThroughput: throughput,
  }));
  const lsis: LocalSecondaryIndex[] | undefined = spec.lsis?.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.hash, index.range),
    Projection: index.projection ?? ALL,
  }));
  return {
    TableName: spec.name ?? uniqueTableName(),
    AttributeDefinitions: [...definitions].map(([name, type]) => attribute(name, type)),
    KeySchema: keySchema(hashName, spec.range?.[0]),
    BillingMode: throughput ? "PROVISIONED" : "PAY_PER_REQUEST",
    ProvisionedThroughput: throughput,
    GlobalSecondaryIndexes: gsis,
    LocalSecondaryIndexes: lsis,
  };
}

/** Creates a table (ACTIVE at once in the engine) and returns its name. */
export async function makeTable(client: DynamoDBClient, spec: TableSpec = {}): Promise<string> {
  const input = tableSpecInput(spec);
  await createTable(client, input);
  return input.TableName!;
}

/** Puts each item (low-level client). */
export async function putItems(client: DynamoDBClient, table: string, items: Item[]): Promise<void> {
  for (const item of items) await client.send(new PutItemCommand({ TableName: table, Item: item }));
}

/** A string attribute value of exactly `bytes` UTF-8 bytes. */
export const filler = (bytes: number): string => "x".repeat(bytes);

/** An awsJson error as sent: status, `__type` and message. */
export async function rawError(
  endpoint: string,
  operation: string,
  body: unknown,
): Promise<{ status: number; type: string; message: string; body: Record<string, unknown> }> {
  const response = await rawCall(endpoint, operation, body);
  assert.notEqual(response.status, 200, `expected ${operation} to fail: ${JSON.stringify(response.body)}`);
  return {
    status: response.status,
    type: String(response.body.__type),
    message: String(response.body.message ?? response.body.Message ?? ""),
    body: response.body,
  };
}

export const VALIDATION_TYPE = "com.amazon.coral.validate#ValidationException";
export const SERIALIZATION_TYPE = "com.amazon.coral.service#SerializationException";
export const DYNAMODB_TYPE = (code: string) => `com.amazonaws.dynamodb.v20120810#${code}`;

/** Asserts a raw awsJson answer is DynamoDB's ValidationException with exactly `message`. */
export async function assertRawValidation(
  endpoint: string,
  operation: string,
  body: unknown,
  message: string | RegExp,
): Promise<void> {
  const error = await rawError(endpoint, operation, body);
  assert.equal(error.status, 400);
  assert.equal(error.type, VALIDATION_TYPE, `${error.type}: ${error.message}`);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
}
