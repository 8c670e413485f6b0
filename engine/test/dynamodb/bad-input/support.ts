/**
 * Bad-input support: requests sent raw (the SDK would refuse or reshape most of them), the error
 * each must get, and a check that the engine still serves a good request afterwards.
 */
import assert from "node:assert/strict";
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { TestEngine } from "../../support/engine.ts";
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

/** Sends a raw awsJson request (a string body as is) and returns status and parsed body. */
export async function send(
  endpoint: string,
  operation: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

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
