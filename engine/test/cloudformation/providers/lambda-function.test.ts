/** AWS::Lambda::Function against the engine's Lambda: inline and local code, Ref/GetAtt, updates, errors. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
} from "@aws-sdk/client-lambda";
import { awsError } from "../../support/engine.ts";
import { create, failure, type Harness, handlerMessage, ROLE_ARN, startHarness } from "./support.ts";

const TYPE = "AWS::Lambda::Function";

const inline = (source: string, extra: Record<string, unknown> = {}) => ({
  Runtime: "nodejs22.x",
  Handler: "index.handler",
  Role: ROLE_ARN,
  Code: { ZipFile: source },
  ...extra,
});

describe("AWS::Lambda::Function", () => {
  let h: Harness;
  const invoke = async (name: string, event: unknown = {}) => {
    const response = await h.t.lambda.send(
      new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)) }),
    );
    return JSON.parse(Buffer.from(response.Payload ?? []).toString("utf8"));
  };
  const configuration = (name: string) =>
    h.t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));

  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("runs inline Node.js code as index.js and Refs to the function name", async () => {
    const state = await create(
      h,
      TYPE,
      "Echo",
      inline("exports.handler = async (event) => ({ echoed: event.value });"),
    );

    assert.match(state.physicalId, /^teststack-Echo-[A-Za-z0-9]{12}$/);
    assert.equal(state.attributes.Arn, `arn:aws:lambda:us-east-1:000000000000:function:${state.physicalId}`);
    assert.equal(state.attributes["SnapStartResponse.ApplyOn"], "None");
    assert.deepEqual(await invoke(state.physicalId, { value: 7 }), { echoed: 7 });
  });

  it("runs inline Python code as index.py", async () => {
    const state = await create(
      h,
      TYPE,
      "PyEcho",
      inline("def handler(event, context):\n    return {'lang': 'python', 'value': event['value']}\n", {
        FunctionName: "py-echo",
        Runtime: "python3.12",
      }),
    );

    assert.deepEqual(await invoke(state.physicalId, { value: 3 }), { lang: "python", value: 3 });
  });

  it("hands a CDK asset directory to the engine's local code, named by aws:asset:path", async () => {
    const asset = h.codeDirectory({ "index.js": "exports.handler = async () => 'from the asset';" });
    const properties = inline("", { FunctionName: "asset-fn" });
    properties.Code = { S3Bucket: "cdk-hnb659fds-assets-000000000000-us-east-1", S3Key: "abc.zip" } as never;

    await create(h, TYPE, "Asset", properties, { "aws:asset:path": asset, "aws:asset:property": "Code" });

    const call = h.localCalls.find((c) => c.functionName === "asset-fn");
    assert.equal(call?.kind, "create");
    assert.equal(call?.codeDir, `${h.workDir}/${asset}`);
    assert.equal(call?.input?.Handler, "index.handler");
    assert.equal(await invoke("asset-fn"), "from the asset");
  });

  it("takes the SAM transform's local code directory from orderflow:local-code", async () => {
    const dir = `${h.workDir}/${h.codeDirectory({ "index.js": "exports.handler = async () => 'sam';" })}`;
    const properties = {
      ...inline(""),
      FunctionName: "sam-fn",
      Code: { S3Bucket: "unused", S3Key: "unused" },
    };

    await create(h, TYPE, "SamFunction", properties, { "orderflow:local-code": dir });

    assert.equal(h.localCalls.find((c) => c.functionName === "sam-fn")?.codeDir, dir);
  });

  it("fails clearly for S3 code it has no local copy of", async () => {
    const properties = { ...inline(""), Code: { S3Bucket: "my-bucket", S3Key: "fn.zip" } };

    const error = await failure(() => create(h, TYPE, "FromS3", properties));

    assert.match(
      error.message,
      handlerMessage(
        "Code for FromS3 is in S3 (s3://my-bucket/fn.zip), which the Orderflow engine cannot read: use inline code (ZipFile), a CDK asset or a SAM CodeUri directory.",
      ),
    );
  });

  it("applies configuration, reserved concurrency and tags at creation", async () => {
    await create(
      h,
      TYPE,
      "Configured",
      inline("exports.handler = async () => process.env.TABLE;", {
        FunctionName: "configured",
        Timeout: "30",
        MemorySize: 256,
        Description: "writes orders",
        Environment: { Variables: { TABLE: "orders" } },
        ReservedConcurrentExecutions: 2,
        Tags: [{ Key: "app", Value: "orderflow" }],
      }),
    );

    const config = await configuration("configured");
    const fn = await h.t.lambda.send(new GetFunctionCommand({ FunctionName: "configured" }));
    assert.deepEqual([config.Timeout, config.MemorySize, config.Description], [30, 256, "writes orders"]);
    assert.equal(await invoke("configured"), "orders");
    assert.equal(fn.Concurrency?.ReservedConcurrentExecutions, 2);
    assert.deepEqual(fn.Tags, { app: "orderflow" });
  });

  it("updates configuration in place, a removed property returning to Lambda's default", async () => {
    const before = inline("exports.handler = async () => 1;", {
      FunctionName: "reconfigured",
      Timeout: 30,
      Environment: { Variables: { STAGE: "dev" } },
    });
    const state = await create(h, TYPE, "Reconfigured", before);
    const next = inline("exports.handler = async () => 1;", {
      FunctionName: "reconfigured",
      MemorySize: 512,
    });

    const result = await h.provider(TYPE).update(state, next, before, h.context("Reconfigured"));

    assert.notEqual(result, "replace");
    const config = await configuration("reconfigured");
    assert.deepEqual([config.Timeout, config.MemorySize, config.Environment], [3, 512, undefined]);
  });

  it("updates inline code", async () => {
    const before = inline("exports.handler = async () => 'v1';", { FunctionName: "recoded" });
    const state = await create(h, TYPE, "Recoded", before);

    await h
      .provider(TYPE)
      .update(
        state,
        inline("exports.handler = async () => 'v2';", { FunctionName: "recoded" }),
        before,
        h.context("Recoded"),
      );

    assert.equal(await invoke("recoded"), "v2");
  });

  it("looks at local code again on every update", async () => {
    const asset = h.codeDirectory({ "index.js": "exports.handler = async () => 'local';" });
    const properties = {
      ...inline(""),
      FunctionName: "local-again",
      Code: { S3Bucket: "assets-bucket", S3Key: "local.zip" },
    };
    const state = await create(h, TYPE, "LocalAgain", properties, { "aws:asset:path": asset });

    await h
      .provider(TYPE)
      .update(
        state,
        { ...properties, Timeout: 10 },
        properties,
        h.context("LocalAgain", { "aws:asset:path": asset }),
      );

    assert.deepEqual(
      h.localCalls.filter((c) => c.functionName === "local-again").map((c) => c.kind),
      ["create", "updateCode"],
    );
  });

  it("removes reserved concurrency when the property goes", async () => {
    const before = inline("exports.handler = async () => 1;", {
      FunctionName: "unreserved",
      ReservedConcurrentExecutions: 1,
    });
    const state = await create(h, TYPE, "Unreserved", before);

    await h
      .provider(TYPE)
      .update(
        state,
        inline("exports.handler = async () => 1;", { FunctionName: "unreserved" }),
        before,
        h.context("Unreserved"),
      );

    const { ReservedConcurrentExecutions } = await h.t.lambda.send(
      new GetFunctionConcurrencyCommand({ FunctionName: "unreserved" }),
    );
    assert.equal(ReservedConcurrentExecutions, undefined);
  });

  it("replaces the function when its name changes", async () => {
    const before = inline("exports.handler = async () => 1;", { FunctionName: "name-one" });
    const state = await create(h, TYPE, "NameChange", before);

    const result = await h
      .provider(TYPE)
      .update(state, { ...before, FunctionName: "name-two" }, before, h.context("NameChange"));

    assert.equal(result, "replace");
  });

  it("deletes the function", async () => {
    const properties = inline("exports.handler = async () => 1;", { FunctionName: "doomed-fn" });
    const state = await create(h, TYPE, "Doomed", properties);

    await h.provider(TYPE).delete(state, properties, h.context("Doomed"));

    const error = await awsError(() => configuration("doomed-fn"));
    assert.equal(error.name, "ResourceNotFoundException");
  });

  it("fails property validation for a runtime CloudFormation does not know", async () => {
    const error = await failure(() => create(h, TYPE, "Cobol", inline("x", { Runtime: "cobol85" })));

    assert.match(
      error.message,
      /^Properties validation failed for resource Cobol with message: \[#\/Runtime: failed validation constraint for keyword \[enum\]\]$/,
    );
  });

  it("fails with Lambda's message, as the handler reports it, for a handler without a module", async () => {
    const error = await failure(() => create(h, TYPE, "NoModule", inline("x", { Handler: "handler" })));

    assert.match(
      error.message,
      handlerMessage(
        /Value handler at 'handler' failed to satisfy constraint: Handler must be of the form file\.function \(Service: Lambda, Status Code: 400, Request ID: [0-9a-f-]{36}\)/,
      ),
    );
  });

  it("fails when a function of that name exists already", async () => {
    await create(
      h,
      TYPE,
      "Original",
      inline("exports.handler = async () => 1;", { FunctionName: "taken-fn" }),
    );

    const error = await failure(() =>
      create(h, TYPE, "Duplicate", inline("exports.handler = async () => 1;", { FunctionName: "taken-fn" })),
    );

    assert.match(
      error.message,
      handlerMessage(
        "Resource of type 'AWS::Lambda::Function' with identifier 'taken-fn' already exists.",
        "AlreadyExists",
      ),
    );
  });
});
