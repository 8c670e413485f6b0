/**
 * Lambda through boto3: boto3_lambda_scenario.py creates a Python function from a zip, invokes it
 * with a log tail and reads a missing function as boto3's modelled ResourceNotFoundException.
 * Skipped where python3 with boto3 is missing, except in CI (CI=true), where that fails.
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { clientEnv, missingBoto3, run, skipWithout } from "../clients/real-clients.ts";
import { startTestEngine, type TestEngine } from "../support/engine.ts";

const SCENARIO = fileURLToPath(new URL("./boto3_lambda_scenario.py", import.meta.url));

interface Outcome {
  create: { State: string; Runtime: string; Handler: string };
  invoke: { StatusCode: number; Payload: unknown; Log: string };
  missing: { code: string; message: string; status: number };
}

describe("Lambda through boto3", () => {
  let t: TestEngine | undefined;
  let missing: string | undefined;
  let outcome: Outcome | undefined;

  before(async () => {
    missing = await missingBoto3();
    if (missing) return;
    t = await startTestEngine();
    const { stdout } = await run("python3", [SCENARIO, t.endpoint], { env: clientEnv(), timeout: 60_000 });
    outcome = JSON.parse(stdout) as Outcome;
  });
  after(() => t?.stop());

  it("creates a Python function from a zip", (context: TestContext) => {
    if (skipWithout(context, missing)) return;
    assert.deepEqual(outcome!.create, { State: "Active", Runtime: "python3.12", Handler: "app.handler" });
  });

  it("invokes it and returns the result with the log's tail", (context: TestContext) => {
    if (skipWithout(context, missing)) return;
    assert.equal(outcome!.invoke.StatusCode, 200);
    assert.deepEqual(outcome!.invoke.Payload, { sum: 42, function: "boto3-adder" });
    assert.match(outcome!.invoke.Log, /\[INFO\]\t\S+\t\S+\tadding 2 and 40/);
    assert.match(outcome!.invoke.Log, /REPORT RequestId: /);
  });

  it("raises boto3's ResourceNotFoundException for a missing function", (context: TestContext) => {
    if (skipWithout(context, missing)) return;
    assert.deepEqual(outcome!.missing, {
      code: "ResourceNotFoundException",
      message: "Function not found: arn:aws:lambda:us-east-1:000000000000:function:not-there",
      status: 404,
    });
  });
});
