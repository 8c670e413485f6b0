/**
 * Bad-input support: requests sent raw (the SDK would refuse or reshape most of them), the error
 * each must get, and a check that the engine still serves a good request afterwards.
 */
import assert from "node:assert/strict";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { TestEngine } from "../../support/engine.ts";
import { rawJsonCall } from "../../support/raw-json.ts";
import { REGION } from "../control-plane/support.ts";

export interface ExpectedError {
  status: number;
  /** The `__type`, namespace included. */
  type: string;
  /** Exact text, a pattern, or undefined for "no message member". */
  message?: string | RegExp;
}

export const VALIDATION = "com.amazon.coral.validate#ValidationException";
export const SERIALIZATION = "com.amazon.coral.service#SerializationException";

export const validation = (message: string | RegExp): ExpectedError => ({
  status: 400,
  type: VALIDATION,
  message,
});
export const serialization = (message: string | RegExp): ExpectedError => ({
  status: 400,
  type: SERIALIZATION,
  message,
});

/** One DynamoDB_20120810 call without the SDK, to see the body as sent. */
export const send = (endpoint: string, operation: string, body: unknown) =>
  rawJsonCall(endpoint, `DynamoDB_20120810.${operation}`, body, REGION);

/** Sends the request and asserts DynamoDB's error: status, `__type` and message. */
export async function expectError(
  endpoint: string,
  operation: string,
  body: unknown,
  expected: ExpectedError,
): Promise<void> {
  const response = await send(endpoint, operation, body);
  assert.equal(response.status, expected.status, JSON.stringify(response.body).slice(0, 500));
  assert.equal(response.body.__type, expected.type);
  const message = response.body.message ?? response.body.Message;
  if (expected.message === undefined) assert.equal(message, undefined);
  else if (typeof expected.message === "string") assert.equal(message, expected.message);
  else assert.match(String(message), expected.message);
}

/** A good write and read still work: the bad request left the engine serving. */
export async function assertServing(t: TestEngine, table: string): Promise<void> {
  const Item = { pk: { S: "still-serving" }, at: { N: String(Date.now()) } };
  await t.dynamodb.send(new PutItemCommand({ TableName: table, Item }));
  const output = await t.dynamodb.send(
    new GetItemCommand({ TableName: table, Key: { pk: Item.pk }, ConsistentRead: true }),
  );
  assert.deepEqual(output.Item, Item);
}
