/** Helpers for the SAM transform's tests: a context on a scratch build directory, and its errors. */
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  expandSamTemplate,
  type SamContext,
  SamTransformError,
} from "../../../src/services/cloudformation/sam/index.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures");

const scratchDirs: string[] = [];
process.once("exit", () => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/** A directory of its own under tmp, removed when the test process ends. */
export function scratchDir(prefix = "orderflow-sam-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(dir);
  return dir;
}

/** A copy of a fixture, for tests that change its files. */
export function fixtureCopy(name: string): string {
  const dir = join(scratchDir(), name);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/** CodeUri paths resolve against `baseDir`, as the template's own directory; builds go to tmp. */
export function samContext(baseDir = FIXTURES, overrides: Partial<SamContext> = {}): SamContext {
  return {
    region: "us-east-1",
    accountId: "000000000000",
    stackName: "sam-test",
    resolveLocalCode: (path) => resolve(baseDir, path),
    buildDir: scratchDir("orderflow-sam-build-"),
    ...overrides,
  };
}

/** A SAM template around `resources`. */
export const samTemplate = (
  resources: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { Resources: Record<string, unknown> } => ({
  AWSTemplateFormatVersion: "2010-09-09",
  Transform: "AWS::Serverless-2016-10-31",
  ...extra,
  Resources: resources,
});

/** Expands a template whose functions' code is in S3 or inline (no build directory needed). */
export const expand = (template: Record<string, unknown>, ctx: Partial<SamContext> = {}) =>
  expandSamTemplate(template, samContext(FIXTURES, ctx));

/** Asserts that expanding fails with exactly these causes, in CloudFormation's wording. */
export async function assertTransformFails(
  template: Record<string, unknown>,
  causes: string[],
  ctx: Partial<SamContext> = {},
): Promise<void> {
  await assert.rejects(expand(template, ctx), (error: unknown) => {
    assert.ok(error instanceof SamTransformError, `expected a SamTransformError, got ${String(error)}`);
    assert.deepEqual(error.causes, causes);
    assert.equal(
      error.message,
      "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless Application Specification document. " +
        `Number of errors found: ${causes.length}. ${causes.join(" ")}`,
    );
    return true;
  });
}

/** What SAM generates for every execution role it makes, before anything is added. */
export const LAMBDA_TRUST = {
  Version: "2012-10-17",
  Statement: [
    { Action: ["sts:AssumeRole"], Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] } },
  ],
};
export const BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
export const SAM_TAG = { Key: "lambda:createdBy", Value: "SAM" };
