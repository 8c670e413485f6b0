/**
 * The function lifecycle through the SDK v3: create, read, list, update, delete, and the errors
 * Lambda answers for each.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from "@aws-sdk/client-lambda";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { createNodeFunction, ECHO, invokeJson, ROLE, uniqueFunctionName, zipOf } from "./support.ts";

describe("Lambda functions", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  describe("CreateFunction", () => {
    it("returns the configuration with Lambda's defaults", async () => {
      const name = uniqueFunctionName("defaults");
      const zip = zipOf({ "index.js": ECHO });
      const config = await t.lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: "nodejs22.x",
          Role: ROLE,
          Handler: "index.handler",
          Code: { ZipFile: zip },
        }),
      );
      assert.equal(config.FunctionName, name);
      assert.equal(config.FunctionArn, `arn:aws:lambda:us-east-1:000000000000:function:${name}`);
      assert.equal(config.Timeout, 3);
      assert.equal(config.MemorySize, 128);
      assert.equal(config.Version, "$LATEST");
      assert.equal(config.PackageType, "Zip");
      assert.equal(config.CodeSize, zip.length);
      assert.match(config.CodeSha256 ?? "", /^[A-Za-z0-9+/]{43}=$/);
      assert.match(config.LastModified ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      assert.deepEqual(config.Architectures, ["x86_64"]);
      assert.deepEqual(config.EphemeralStorage, { Size: 512 });
      assert.deepEqual(config.TracingConfig, { Mode: "PassThrough" });
      assert.deepEqual(config.LoggingConfig, { LogFormat: "Text", LogGroup: `/aws/lambda/${name}` });
      assert.equal(config.State, "Active");
    });

    it("keeps timeout, memory, environment, description and tags", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO, {
        Timeout: 30,
        MemorySize: 512,
        Description: "echoes",
        Environment: { Variables: { TABLE: "orders" } },
        Tags: { team: "orders" },
      });
      const { Configuration, Tags } = await t.lambda.send(
        new GetFunctionCommand({ FunctionName: fn.FunctionName }),
      );
      assert.equal(Configuration?.Timeout, 30);
      assert.equal(Configuration?.MemorySize, 512);
      assert.equal(Configuration?.Description, "echoes");
      assert.deepEqual(Configuration?.Environment, { Variables: { TABLE: "orders" } });
      assert.deepEqual(Tags, { team: "orders" });
    });

    it("refuses a name that exists with ResourceConflictException", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const error = await awsError(() =>
        createNodeFunction(t.lambda, ECHO, { FunctionName: fn.FunctionName }),
      );
      assert.equal(error.name, "ResourceConflictException");
      assert.equal(error.$metadata?.httpStatusCode, 409);
      assert.equal(error.message, `Function already exist: ${fn.FunctionName}`);
    });

    it("refuses a runtime Lambda does not have", async () => {
      const error = await awsError(() =>
        createNodeFunction(t.lambda, ECHO, { Runtime: "nodejs99.x" as never }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(
        error.message,
        /^Value nodejs99\.x at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: \[/,
      );
    });

    it("refuses a deprecated runtime with the runtime Lambda recommends", async () => {
      const error = await awsError(() => createNodeFunction(t.lambda, ECHO, { Runtime: "nodejs16.x" }));
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /The runtime parameter of nodejs16\.x is no longer supported/);
      assert.match(error.message, /\(nodejs22\.x\)/);
    });

    it("requires Runtime and Handler for a zip package", async () => {
      const error = await awsError(() => createNodeFunction(t.lambda, ECHO, { Handler: undefined }));
      assert.equal(error.name, "InvalidParameterValueException");
      assert.equal(
        error.message,
        "Runtime and Handler are mandatory parameters for functions created with deployment packages.",
      );
    });

    it("refuses a handler without a module part", async () => {
      const error = await awsError(() => createNodeFunction(t.lambda, ECHO, { Handler: "handler" }));
      assert.equal(error.name, "InvalidParameterValueException");
    });

    it("refuses reserved environment variables, naming them", async () => {
      const error = await awsError(() =>
        createNodeFunction(t.lambda, ECHO, { Environment: { Variables: { AWS_REGION: "x", OK: "y" } } }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /Reserved keys used in this request: AWS_REGION$/);
    });

    it("refuses environment variables over 4 KB", async () => {
      const error = await awsError(() =>
        createNodeFunction(t.lambda, ECHO, { Environment: { Variables: { BIG: "x".repeat(4100) } } }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /exceeded the 4KB limit/);
    });

    it("refuses a package that is not a zip", async () => {
      const error = await awsError(() =>
        createNodeFunction(t.lambda, ECHO, { Code: { ZipFile: Buffer.from("not a zip at all") } }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.equal(
        error.message,
        "Could not unzip uploaded file. Please check your file, then try to upload again.",
      );
    });

    it("answers NoSuchBucket for code in S3, which the engine does not have", async () => {
      const error = await awsError(() =>
        createNodeFunction(t.lambda, ECHO, { Code: { S3Bucket: "code", S3Key: "fn.zip" } }),
      );
      assert.equal(error.name, "InvalidParameterValueException");
      assert.match(error.message, /NoSuchBucket/);
    });

    it("refuses a timeout over 900 seconds", async () => {
      const error = await awsError(() => createNodeFunction(t.lambda, ECHO, { Timeout: 901 }));
      assert.equal(error.name, "ValidationException");
      assert.match(error.message, /Member must have value less than or equal to 900/);
    });

    it("validates the function name against the model's pattern", async () => {
      const error = await awsError(() => createNodeFunction(t.lambda, ECHO, { FunctionName: "bad name!" }));
      assert.equal(error.name, "ValidationException");
      assert.match(
        error.message,
        /^1 validation error detected: Value 'bad name!' at 'functionName' failed to satisfy constraint/,
      );
    });
  });

  describe("reading", () => {
    it("answers ResourceNotFoundException with the function's ARN", async () => {
      const error = await awsError(() => t.lambda.send(new GetFunctionCommand({ FunctionName: "missing" })));
      assert.equal(error.name, "ResourceNotFoundException");
      assert.equal(error.$metadata?.httpStatusCode, 404);
      assert.equal(
        error.message,
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing",
      );
    });

    it("finds a function by name, partial ARN and full ARN", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      for (const name of [fn.FunctionName, `000000000000:function:${fn.FunctionName}`, fn.FunctionArn]) {
        const config = await t.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
        assert.equal(config.FunctionArn, fn.FunctionArn);
      }
    });

    it("has only $LATEST: another qualifier is not found", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      await t.lambda.send(new GetFunctionCommand({ FunctionName: fn.FunctionName, Qualifier: "$LATEST" }));
      const error = await awsError(() =>
        t.lambda.send(new GetFunctionCommand({ FunctionName: fn.FunctionName, Qualifier: "1" })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
      assert.equal(error.message, `Function not found: ${fn.FunctionArn}:1`);
    });

    it("lists functions in pages with NextMarker", async () => {
      const engine = await startTestEngine();
      try {
        for (let i = 0; i < 5; i++) await createNodeFunction(engine.lambda, ECHO);
        const names: string[] = [];
        let marker: string | undefined;
        let pages = 0;
        do {
          const page = await engine.lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
          names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
          marker = page.NextMarker;
          pages++;
        } while (marker);
        assert.equal(pages, 3);
        assert.equal(names.length, 5);
        assert.deepEqual(names, [...names].sort());
      } finally {
        await engine.stop();
      }
    });
  });

  describe("updating", () => {
    it("changes configuration and gives a new RevisionId", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      const updated = await t.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: fn.FunctionName,
          Timeout: 10,
          MemorySize: 256,
          Environment: { Variables: { MODE: "test" } },
        }),
      );
      assert.equal(updated.Timeout, 10);
      assert.equal(updated.MemorySize, 256);
      assert.deepEqual(updated.Environment, { Variables: { MODE: "test" } });
      assert.notEqual(updated.RevisionId, fn.RevisionId);
    });

    it("refuses a stale RevisionId with PreconditionFailedException", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      await t.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: fn.FunctionName, Timeout: 5 }),
      );
      const error = await awsError(() =>
        t.lambda.send(
          new UpdateFunctionConfigurationCommand({
            FunctionName: fn.FunctionName,
            Timeout: 6,
            RevisionId: fn.RevisionId,
          }),
        ),
      );
      assert.equal(error.name, "PreconditionFailedException");
      assert.equal(error.$metadata?.httpStatusCode, 412);
    });

    it("runs new code after UpdateFunctionCode", async () => {
      const fn = await createNodeFunction(t.lambda, 'exports.handler = async () => "old";');
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, "old");
      const zip = zipOf({ "index.js": 'exports.handler = async () => "new";' });
      const updated = await t.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: fn.FunctionName, ZipFile: zip }),
      );
      assert.notEqual(updated.CodeSha256, fn.CodeSha256);
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, "new");
    });

    it("checks code without changing it on DryRun", async () => {
      const fn = await createNodeFunction(t.lambda, 'exports.handler = async () => "kept";');
      const zip = zipOf({ "index.js": 'exports.handler = async () => "dry";' });
      await t.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: fn.FunctionName, ZipFile: zip, DryRun: true }),
      );
      assert.equal((await invokeJson(t.lambda, fn.FunctionName)).body, "kept");
    });
  });

  describe("DeleteFunction", () => {
    it("removes the function", async () => {
      const fn = await createNodeFunction(t.lambda, ECHO);
      await t.lambda.send(new DeleteFunctionCommand({ FunctionName: fn.FunctionName }));
      const error = await awsError(() =>
        t.lambda.send(new GetFunctionCommand({ FunctionName: fn.FunctionName })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
    });

    it("answers ResourceNotFoundException for a function that is not there", async () => {
      const error = await awsError(() =>
        t.lambda.send(new DeleteFunctionCommand({ FunctionName: "never-was" })),
      );
      assert.equal(error.name, "ResourceNotFoundException");
    });
  });
});
