/**
 * Control-plane test support: CreateTable input factories, the error an SDK v3 caller sees, and
 * raw awsJson calls for what the SDK hides (the `__type` namespace).
 */
import assert from "node:assert/strict";
import {
  type AttributeDefinition,
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { rawJsonCall } from "../../support/raw-json.ts";

export const ACCOUNT_ID = "000000000000";
export const REGION = "us-east-1";

let tableCounter = 0;

/** A table name unique within the test process. */
export function uniqueTableName(prefix = "table"): string {
  tableCounter += 1;
  return `${prefix}-${tableCounter}`;
}

export const hashKey = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: "HASH" });
export const rangeKey = (name: string): KeySchemaElement => ({ AttributeName: name, KeyType: "RANGE" });
export const attribute = (name: string, type: "S" | "N" | "B" = "S"): AttributeDefinition => ({
  AttributeName: name,
  AttributeType: type,
});

/** An on-demand table keyed on `pk` (S), with a unique name; fields are overridable. */
export function tableInput(overrides: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput {
  return {
    TableName: uniqueTableName(),
    AttributeDefinitions: [attribute("pk")],
    KeySchema: [hashKey("pk")],
    BillingMode: "PAY_PER_REQUEST",
    ...overrides,
  };
}

/** A provisioned table keyed on `pk` (S) and `sk` (N) at 5/5 capacity. */
export function provisionedTableInput(
  overrides: Partial<CreateTableCommandInput> = {},
): CreateTableCommandInput {
  return tableInput({
    AttributeDefinitions: [attribute("pk"), attribute("sk", "N")],
    KeySchema: [hashKey("pk"), rangeKey("sk")],
    BillingMode: undefined,
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    ...overrides,
  });
}

export async function createTable(
  client: DynamoDBClient,
  input: CreateTableCommandInput = tableInput(),
): Promise<TableDescription> {
  const { TableDescription } = await client.send(new CreateTableCommand(input));
  return TableDescription!;
}

interface SdkError extends Error {
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Runs `action`, which must fail with the named error and exact message (or pattern). */
export async function assertDynamoError(
  action: Promise<unknown>,
  name: string,
  message: string | RegExp,
): Promise<SdkError> {
  let caught: unknown;
  try {
    await action;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof Error, `expected ${name}, but the call succeeded`);
  const error = caught as SdkError;
  assert.equal(error.name, name, `wrong error: ${error.name}: ${error.message}`);
  if (typeof message === "string") assert.equal(error.message, message);
  else assert.match(error.message, message);
  assert.equal(error.$metadata?.httpStatusCode, 400);
  assert.equal(error.$fault, "client");
  return error;
}

export const validationError = (action: Promise<unknown>, message: string | RegExp) =>
  assertDynamoError(action, "ValidationException", message);

/** "One or more parameter values were invalid: <detail>" */
export const invalidParameter = (action: Promise<unknown>, detail: string) =>
  validationError(action, `One or more parameter values were invalid: ${detail}`);

/** One DynamoDB_20120810 call without the SDK, to see the body as sent. */
export const rawCall = (endpoint: string, operation: string, body: unknown) =>
  rawJsonCall(endpoint, `DynamoDB_20120810.${operation}`, body, REGION);
