/**
 * What a Node.js handler sees: Lambda's context object and the environment variables Lambda
 * defines, the function's own variables, and the engine's endpoint for its SDK.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fixtureDir, functionSpec, payloadOf, type RuntimeHarness, startRuntime } from "./support.ts";

interface Inspection {
  context: Record<string, unknown>;
  remainingMs: number;
  hasLegacyMethods: boolean;
  env: Record<string, string>;
  cwd: string;
}

const STREAM_NAME = /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/;

describe("Node.js context and environment", () => {
  let h: RuntimeHarness;
  before(() => {
    h = startRuntime();
  });
  after(() => h.close());

  const inspect = async (overrides: Parameters<typeof functionSpec>[0] = {}, clientContext?: unknown) => {
    const spec = functionSpec({ handler: "index.inspect", ...overrides });
    const outcome = await h.invoke(
      spec,
      {},
      {
        requestId: "c0ffee00-0000-4000-8000-000000000001",
        ...(clientContext
          ? { clientContext: Buffer.from(JSON.stringify(clientContext)).toString("base64") }
          : {}),
      },
    );
    return { spec, inspection: payloadOf(outcome) as Inspection };
  };

  it("gives the handler Lambda's context, in Lambda's key order", async () => {
    const { spec, inspection } = await inspect({ memorySize: 256 });

    assert.deepEqual(Object.keys(inspection.context), [
      "callbackWaitsForEmptyEventLoop",
      "functionVersion",
      "functionName",
      "memoryLimitInMB",
      "logGroupName",
      "logStreamName",
      "invokedFunctionArn",
      "awsRequestId",
    ]);
    assert.deepEqual(
      { ...inspection.context, logStreamName: undefined },
      {
        callbackWaitsForEmptyEventLoop: true,
        functionVersion: "$LATEST",
        functionName: spec.functionName,
        memoryLimitInMB: "256",
        logGroupName: spec.logGroupName,
        logStreamName: undefined,
        invokedFunctionArn: spec.functionArn,
        awsRequestId: "c0ffee00-0000-4000-8000-000000000001",
      },
    );
    assert.match(String(inspection.context.logStreamName), STREAM_NAME);
    assert.equal(inspection.hasLegacyMethods, true);
  });

  it("counts the remaining time down from the function's timeout", async () => {
    const { inspection } = await inspect({ timeoutSeconds: 7 });

    assert.ok(
      inspection.remainingMs <= 7_000 && inspection.remainingMs > 6_000,
      String(inspection.remainingMs),
    );
  });

  it("passes the caller's client context, decoded", async () => {
    const { inspection } = await inspect({}, { custom: { foo: "bar" }, env: { fizz: "buzz" } });

    assert.deepEqual(inspection.context.clientContext, { custom: { foo: "bar" }, env: { fizz: "buzz" } });
  });

  it("shows the version the environment was built for, and the qualified ARN", async () => {
    const { spec, inspection } = await inspect({ version: "3" });

    assert.equal(inspection.context.functionVersion, "3");
    assert.equal(inspection.context.invokedFunctionArn, `${spec.functionArn}:3`);
    assert.match(String(inspection.context.logStreamName), /^\d{4}\/\d{2}\/\d{2}\/\[3\][0-9a-f]{32}$/);
  });

  it("sets the environment variables Lambda defines", async () => {
    const { spec, inspection } = await inspect({ memorySize: 512, handler: "index.inspect" });

    assert.deepEqual(
      {
        _HANDLER: inspection.env._HANDLER,
        AWS_REGION: inspection.env.AWS_REGION,
        AWS_DEFAULT_REGION: inspection.env.AWS_DEFAULT_REGION,
        AWS_EXECUTION_ENV: inspection.env.AWS_EXECUTION_ENV,
        AWS_LAMBDA_FUNCTION_NAME: inspection.env.AWS_LAMBDA_FUNCTION_NAME,
        AWS_LAMBDA_FUNCTION_VERSION: inspection.env.AWS_LAMBDA_FUNCTION_VERSION,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: inspection.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
        AWS_LAMBDA_LOG_GROUP_NAME: inspection.env.AWS_LAMBDA_LOG_GROUP_NAME,
        AWS_LAMBDA_INITIALIZATION_TYPE: inspection.env.AWS_LAMBDA_INITIALIZATION_TYPE,
        AWS_ACCESS_KEY_ID: inspection.env.AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY: inspection.env.AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN: inspection.env.AWS_SESSION_TOKEN,
        AWS_ENDPOINT_URL: inspection.env.AWS_ENDPOINT_URL,
        LAMBDA_TASK_ROOT: inspection.env.LAMBDA_TASK_ROOT,
        TZ: inspection.env.TZ,
        LANG: inspection.env.LANG,
      },
      {
        _HANDLER: "index.inspect",
        AWS_REGION: "us-east-1",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
        AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
        AWS_LAMBDA_LOG_GROUP_NAME: spec.logGroupName,
        AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
        AWS_ACCESS_KEY_ID: "ASIAFIXTURE",
        AWS_SECRET_ACCESS_KEY: "fixture-secret",
        AWS_SESSION_TOKEN: "fixture-token",
        AWS_ENDPOINT_URL: spec.engineEndpoint,
        LAMBDA_TASK_ROOT: spec.codeDir,
        TZ: ":UTC",
        LANG: "en_US.UTF-8",
      },
    );
    assert.equal(inspection.env.AWS_LAMBDA_LOG_STREAM_NAME, inspection.context.logStreamName);
    assert.ok(inspection.env.LAMBDA_RUNTIME_DIR, "LAMBDA_RUNTIME_DIR is set");
    assert.ok(inspection.env.PATH, "PATH is set");
  });

  it("gives each environment the function's own variables and none of the engine's", async () => {
    process.env.ORDERFLOW_ENGINE_ONLY = "secret";
    try {
      const { inspection } = await inspect({ environment: { TABLE_NAME: "orders" } });

      assert.equal(inspection.env.TABLE_NAME, "orders");
      assert.equal(inspection.env.ORDERFLOW_ENGINE_ONLY, undefined);
    } finally {
      delete process.env.ORDERFLOW_ENGINE_ONLY;
    }
  });

  it("lets the function's variables replace defaults but not reserved variables", async () => {
    const { spec, inspection } = await inspect({
      environment: { TZ: "Europe/Paris", AWS_REGION: "eu-west-3", AWS_LAMBDA_FUNCTION_NAME: "impostor" },
    });

    assert.equal(inspection.env.TZ, "Europe/Paris");
    assert.equal(inspection.env.AWS_REGION, "us-east-1");
    assert.equal(inspection.env.AWS_LAMBDA_FUNCTION_NAME, spec.functionName);
  });

  it("reports the function's directory as the working directory", async () => {
    const { spec, inspection } = await inspect();

    assert.equal(inspection.cwd, spec.codeDir);
  });

  it("gives nodejs24.x handlers that runtime's context, without the callback members", async () => {
    const { inspection } = await inspect({ runtime: "nodejs24.x", codeDir: fixtureDir("node-cjs") });

    assert.equal(inspection.context.callbackWaitsForEmptyEventLoop, undefined);
    assert.equal(inspection.hasLegacyMethods, false);
    assert.equal(inspection.env.AWS_EXECUTION_ENV, "AWS_Lambda_nodejs24.x");
  });
});
