/**
 * Globals: merged into each resource of their type before it is translated, as SAM merges them
 * (local values win, maps merge key by key, lists concatenate, intrinsics count as values).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertTransformFails, expand, samTemplate } from "./support.ts";

type Resources = Record<string, { Properties: Record<string, unknown> } & Record<string, unknown>>;

const code = { CodeUri: "s3://bucket/code.zip", Handler: "index.handler" };

async function functionProperties(
  globals: Record<string, unknown>,
  own: Record<string, unknown>,
  extra = {},
) {
  const output = await expand(
    samTemplate(
      { Fn: { Type: "AWS::Serverless::Function", Properties: own, ...extra } },
      { Globals: globals },
    ),
  );
  return (output.Resources as Resources).Fn!.Properties;
}

describe("Globals", () => {
  it("gives every function the global Runtime, Timeout, MemorySize, Handler and Architectures", async () => {
    const properties = await functionProperties(
      {
        Function: {
          Runtime: "nodejs22.x",
          Timeout: 10,
          MemorySize: 256,
          Handler: "app.handler",
          Architectures: ["arm64"],
        },
      },
      { CodeUri: "s3://bucket/code.zip" },
    );

    assert.equal(properties.Runtime, "nodejs22.x");
    assert.equal(properties.Timeout, 10);
    assert.equal(properties.MemorySize, 256);
    assert.equal(properties.Handler, "app.handler");
    assert.deepEqual(properties.Architectures, ["arm64"]);
  });

  it("lets a function's own value win over the global one", async () => {
    const properties = await functionProperties(
      { Function: { Runtime: "nodejs20.x", Timeout: 10 } },
      { ...code, Runtime: "nodejs22.x" },
    );

    assert.equal(properties.Runtime, "nodejs22.x");
    assert.equal(properties.Timeout, 10);
  });

  it("merges environment variables, the function's winning on a shared name", async () => {
    const properties = await functionProperties(
      { Function: { Runtime: "nodejs22.x", Environment: { Variables: { TABLE: "orders", STAGE: "dev" } } } },
      { ...code, Environment: { Variables: { STAGE: "prod", QUEUE: { Ref: "Queue" } } } },
    );

    assert.deepEqual(properties.Environment, {
      Variables: { TABLE: "orders", STAGE: "prod", QUEUE: { Ref: "Queue" } },
    });
  });

  it("treats an intrinsic as a value: a local intrinsic replaces a global map", async () => {
    const properties = await functionProperties(
      { Function: { Runtime: "nodejs22.x", Environment: { Variables: { A: "1" } } } },
      { ...code, Environment: { "Fn::If": ["IsProd", { Variables: { A: "2" } }, { Ref: "AWS::NoValue" }] } },
    );

    assert.deepEqual(properties.Environment, {
      "Fn::If": ["IsProd", { Variables: { A: "2" } }, { Ref: "AWS::NoValue" }],
    });
  });

  it("concatenates lists, the global entries first", async () => {
    const properties = await functionProperties(
      { Function: { Runtime: "nodejs22.x", Layers: ["arn:layer:global"] } },
      { ...code, Layers: ["arn:layer:own"] },
    );

    assert.deepEqual(properties.Layers, ["arn:layer:global", "arn:layer:own"]);
  });

  it("gives a global CodeUri, Tracing and Tags to functions that have none", async () => {
    const output = await expand(
      samTemplate(
        { Fn: { Type: "AWS::Serverless::Function", Properties: { Handler: "index.handler" } } },
        {
          Globals: {
            Function: {
              Runtime: "nodejs22.x",
              CodeUri: "s3://bucket/shared.zip",
              Tracing: "Active",
              Tags: { app: "orders" },
            },
          },
        },
      ),
    );

    const fn = (output.Resources as Resources).Fn!.Properties;
    assert.deepEqual(fn.Code, { S3Bucket: "bucket", S3Key: "shared.zip" });
    assert.deepEqual(fn.TracingConfig, { Mode: "Active" });
    assert.deepEqual(fn.Tags, [
      { Key: "lambda:createdBy", Value: "SAM" },
      { Key: "app", Value: "orders" },
    ]);
  });

  it("gives every SimpleTable the global SSESpecification", async () => {
    const output = await expand(
      samTemplate(
        { Orders: { Type: "AWS::Serverless::SimpleTable" } },
        { Globals: { SimpleTable: { SSESpecification: { SSEEnabled: true } } } },
      ),
    );

    assert.deepEqual((output.Resources as Resources).Orders!.Properties.SSESpecification, {
      SSEEnabled: true,
    });
  });

  it("leaves out the globals a resource lists in IgnoreGlobals", async () => {
    const properties = await functionProperties(
      { Function: { Runtime: "nodejs22.x", Timeout: 10 } },
      { ...code, Runtime: "python3.12" },
      { IgnoreGlobals: ["Timeout"] },
    );

    assert.equal(properties.Timeout, undefined);
  });

  it("refuses a section SAM does not have", async () => {
    await assertTransformFails(
      samTemplate({ T: { Type: "AWS::Serverless::SimpleTable" } }, { Globals: { Table: {} } }),
      [
        "'Globals' section is invalid. 'Table' is not supported. Must be one of the following values - " +
          "['Api', 'Function', 'HttpApi', 'LayerVersion', 'SimpleTable', 'StateMachine']",
      ],
    );
  });

  it("refuses a property Globals cannot set, listing those it can", async () => {
    await assertTransformFails(
      samTemplate(
        { T: { Type: "AWS::Serverless::SimpleTable" } },
        { Globals: { SimpleTable: { TableName: "x" } } },
      ),
      [
        "'Globals' section is invalid. 'TableName' is not a supported property of 'SimpleTable'. " +
          "Must be one of the following values - ['SSESpecification']",
      ],
    );
  });

  it("refuses Function globals SAM keeps per function (Policies, Events, Role, FunctionName)", async () => {
    await assertTransformFails(
      samTemplate(
        { T: { Type: "AWS::Serverless::SimpleTable" } },
        { Globals: { Function: { Policies: ["AmazonSQSFullAccess"] } } },
      ),
      [
        "'Globals' section is invalid. 'Policies' is not a supported property of 'Function'. Must be one of the following values - " +
          "['Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig', " +
          "'Environment', 'Tags', 'PropagateTags', 'Tracing', 'KmsKeyArn', 'AutoPublishAlias', 'AutoPublishAliasAllProperties', " +
          "'Layers', 'DeploymentPreference', 'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions', " +
          "'ProvisionedConcurrencyConfig', 'AssumeRolePolicyDocument', 'EventInvokeConfig', 'FileSystemConfigs', " +
          "'CodeSigningConfigArn', 'Architectures', 'SnapStart', 'EphemeralStorage', 'FunctionUrlConfig', 'LoggingConfig']",
      ],
    );
  });

  it("refuses a Globals section that is not a map", async () => {
    await assertTransformFails(
      samTemplate({ T: { Type: "AWS::Serverless::SimpleTable" } }, { Globals: ["Function"] }),
      ["'Globals' section is invalid. It must be a non-empty dictionary"],
    );
  });
});
