/**
 * DynamoDB through boto3's resource API: boto3_resource_scenario.py drives Table.put_item,
 * get_item, update_item, query and scan with boto3.dynamodb.conditions, batch_writer and
 * 38-digit Decimals against a fresh engine, and reports every step; this file asserts them.
 * Skipped where python3 with boto3 is missing, except in CI (CI=true), where that fails.
 */
import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { clientEnv, missingBoto3, run, skipWithout } from "../../clients/real-clients.ts";
import { startTestEngine, type TestEngine } from "../../support/engine.ts";

const SCENARIO = fileURLToPath(new URL("./boto3_resource_scenario.py", import.meta.url));
const SCENARIO_TIME_LIMIT_MS = 60_000;

interface Step {
  step: string;
  result?: unknown;
  error?: { code: string; message: string; status: number; exception: string };
}

describe("DynamoDB through boto3's resource API", () => {
  let t: TestEngine | undefined;
  let missing: string | undefined;
  const steps = new Map<string, Step>();

  before(async () => {
    missing = await missingBoto3();
    if (missing) return;
    t = await startTestEngine();
    const { stdout } = await run("python3", [SCENARIO, t.endpoint], {
      env: clientEnv(),
      timeout: SCENARIO_TIME_LIMIT_MS,
    });
    for (const step of JSON.parse(stdout) as Step[]) steps.set(step.step, step);
  });
  after(() => t?.stop());

  const outcome = (context: TestContext, name: string): Step | undefined => {
    if (skipWithout(context, missing)) return undefined;
    const step = steps.get(name);
    assert.ok(step, `the scenario ran "${name}"`);
    return step;
  };
  const result = (context: TestContext, name: string) => {
    const step = outcome(context, name);
    if (step) assert.equal(step.error, undefined, `${name}: ${JSON.stringify(step.error)}`);
    return step?.result;
  };

  it("creates the table and waits for it", (context) => {
    if (skipWithout(context, missing)) return;
    assert.equal(steps.get("table status")?.result, "CREATING");
  });

  it("stores and returns a 38-digit Decimal exactly, with every other type", (context) => {
    const item = result(context, "get it back");
    if (item === undefined) return;

    assert.deepEqual(item, {
      customer: "ada",
      placed: "1",
      amount: "1234567890123456789012345678901234567.8",
      ratio: "0.1",
      tags: ["new", "vip"],
      lines: [{ sku: "a", qty: "2" }],
      note: "",
      gift: false,
      memo: null,
      raw: "00ff",
    });
  });

  it("writes 35 items through batch_writer", (context) => {
    const written = result(context, "batch_writer 35 items");
    if (written === undefined) return;

    assert.equal(written, "done");
  });

  it("queries with Key conditions: between, descending with a limit", (context) => {
    const between = result(context, "query between with Key");
    const descending = result(context, "query descending with limit");
    if (between === undefined) return;

    assert.deepEqual(between, ["5", "6", "7", "8"]);
    assert.deepEqual(descending, { placed: ["31", "30", "29"], last: { customer: "ada", placed: "29" } });
  });

  it("filters with Attr after reading: Count and ScannedCount", (context) => {
    const page = result(context, "query with filter Attr");
    if (page === undefined) return;

    // amount = placed / 4 for placed 2…31: only 31 / 4 = 7.75 is above 7.5.
    assert.deepEqual(page, { count: 1, scanned: 30 });
  });

  it("scans with combined Attr conditions", (context) => {
    const amounts = result(context, "scan with Attr conditions");
    if (amounts === undefined) return;

    assert.deepEqual(amounts, ["100", "101", "102", "103", "104"]);
  });

  it("adds exactly at 38 digits and returns UPDATED_NEW", (context) => {
    const updated = result(context, "update with arithmetic");
    if (updated === undefined) return;

    assert.deepEqual(updated, {
      amount: "1234567890123456789012345678901234568",
      tags: ["gold", "new", "vip"],
    });
  });

  it("raises the modelled ConditionalCheckFailedException, with the item for ALL_OLD", (context) => {
    const failed = outcome(context, "conditional put fails");
    const withItem = outcome(context, "modelled exception carries Item");
    if (!failed) return;

    assert.deepEqual(failed.error, {
      code: "ConditionalCheckFailedException",
      message: "The conditional request failed",
      status: 400,
      exception: "ConditionalCheckFailedException",
    });
    assert.deepEqual(withItem?.result, { customer: { S: "ada" }, placed: { N: "2" }, amount: { N: "0.5" } });
  });

  it("refuses 39 digits and a partial key with DynamoDB's errors", (context) => {
    const digits = outcome(context, "39 digits refused");
    const key = outcome(context, "key mismatch");
    if (!digits) return;

    assert.deepEqual(digits.error, {
      code: "ValidationException",
      message: "Attempting to store more than 38 significant digits in a Number",
      status: 400,
      exception: "ClientError",
    });
    assert.deepEqual(key?.error, {
      code: "ValidationException",
      message: "The provided key element does not match the schema",
      status: 400,
      exception: "ClientError",
    });
  });
});
