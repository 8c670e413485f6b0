/** Factories shared by the DynamoDB value and expression unit tests. */
import assert from "node:assert/strict";
import { ValidationException } from "../../../src/services/dynamodb/errors.ts";
import { ExpressionUsage } from "../../../src/services/dynamodb/expressions/index.ts";
import type { AttributeValueInput } from "../../../src/services/dynamodb/values/index.ts";

/** An ExpressionUsage from a request's ExpressionAttributeNames and ExpressionAttributeValues. */
export const usage = (
  names?: Record<string, string>,
  values?: Record<string, AttributeValueInput>,
): ExpressionUsage => new ExpressionUsage(names, values);

/** Asserts `run` throws DynamoDB's ValidationException with exactly `message`. */
export function assertValidation(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ValidationException, `expected a ValidationException, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

export const S = (s: string) => ({ S: s });
export const N = (n: string) => ({ N: n });
