/**
 * Templates the transform refuses: the translator's own checks, worded as AWS words them, and the
 * SAM features the engine does not have, refused by name. One error carries every invalid resource.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SamBuildError } from "../../../src/services/cloudformation/sam/index.ts";
import { assertTransformFails, expand, samTemplate } from "./support.ts";

const FUNCTION = "AWS::Serverless::Function";
const code = { CodeUri: "s3://bucket/code.zip", Handler: "index.handler", Runtime: "nodejs22.x" };
const fn = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  Fn: { Type: FUNCTION, Properties: { ...code, ...properties }, ...extra },
});
const sqsEvent = (properties: Record<string, unknown>) => ({ Type: "SQS", Properties: properties });

describe("SAM features the engine refuses", () => {
  it("AutoPublishAlias: the engine's Lambda has no versions", async () => {
    await assertTransformFails(samTemplate(fn({ AutoPublishAlias: "live" })), [
      "Resource with id [Fn] is invalid. AutoPublishAlias is not supported by the Orderflow engine: " +
        "the engine's Lambda has no versions or aliases (every function runs $LATEST).",
    ]);
  });

  it("FunctionUrlConfig and DeploymentPreference, by name", async () => {
    await assertTransformFails(
      samTemplate({
        ...fn({ FunctionUrlConfig: { AuthType: "NONE" } }),
        Canary: { Type: FUNCTION, Properties: { ...code, DeploymentPreference: { Type: "AllAtOnce" } } },
      }),
      [
        "Resource with id [Fn] is invalid. FunctionUrlConfig is not supported by the Orderflow engine: " +
          "the engine's Lambda has no function URLs.",
        "Resource with id [Canary] is invalid. DeploymentPreference is not supported by the Orderflow engine: " +
          "gradual deployments need versions, aliases and CodeDeploy, which the engine does not have.",
      ],
    );
  });

  it("an event type other than SQS and DynamoDB, naming it", async () => {
    await assertTransformFails(
      samTemplate(fn({ Events: { Hourly: { Type: "Schedule", Properties: { Schedule: "rate(1 hour)" } } } })),
      [
        "Resource with id [Fn] is invalid. Event with id [Hourly] is invalid. " +
          "Event type 'Schedule' is not supported by the Orderflow engine (supported: SQS, DynamoDB).",
      ],
    );
  });

  it("a SAM resource type other than Function and SimpleTable, naming it", async () => {
    await assertTransformFails(
      samTemplate({ Api: { Type: "AWS::Serverless::Api", Properties: { StageName: "prod" } } }),
      [
        "Resource with id [Api] is invalid. AWS::Serverless::Api is not supported by the Orderflow engine's SAM transform " +
          "(supported: AWS::Serverless::Function, AWS::Serverless::SimpleTable).",
      ],
    );
  });

  it("container images", async () => {
    await assertTransformFails(samTemplate(fn({ PackageType: "Image", ImageUri: "repo:latest" })), [
      "Resource with id [Fn] is invalid. PackageType Image is not supported by the Orderflow engine: " +
        "its Lambda runs .zip-style code only.",
    ]);
  });
});

describe("the translator's own checks", () => {
  it("an event type SAM does not know", async () => {
    await assertTransformFails(samTemplate(fn({ Events: { E: { Type: "Queue", Properties: {} } } })), [
      "Resource with id [Fn] is invalid. Event with id [E] is invalid. " +
        "Resource dict has missing or invalid value for key Type. Event Type is: Queue.",
    ]);
  });

  it("an SQS event without its Queue", async () => {
    await assertTransformFails(samTemplate(fn({ Events: { Orders: sqsEvent({ BatchSize: 5 }) } })), [
      "Resource with id [FnOrders] is invalid. Missing required property 'Queue'.",
    ]);
  });

  it("a DynamoDB event without its StartingPosition", async () => {
    await assertTransformFails(
      samTemplate(fn({ Events: { S: { Type: "DynamoDB", Properties: { Stream: "arn" } } } })),
      ["Resource with id [FnS] is invalid. Missing required property 'StartingPosition'."],
    );
  });

  it("an event property the event type does not define", async () => {
    await assertTransformFails(
      samTemplate(fn({ Events: { Orders: sqsEvent({ Queue: "arn", Batch: 5 }) } })),
      ["Resource with id [FnOrders] is invalid. property Batch not defined for resource of type SQS"],
    );
  });

  it("an event property of the wrong type", async () => {
    await assertTransformFails(
      samTemplate(fn({ Events: { Orders: sqsEvent({ Queue: "arn", BatchSize: "ten" }) } })),
      ["Resource with id [FnOrders] is invalid. Type of property 'BatchSize' is invalid."],
    );
  });

  it("FilterCriteria with anything but Filters", async () => {
    await assertTransformFails(
      samTemplate(fn({ Events: { Orders: sqsEvent({ Queue: "arn", FilterCriteria: { Pattern: "x" } }) } })),
      [
        "Resource with id [Fn] is invalid. Event with id [Orders] is invalid. FilterCriteria field has a wrong format",
      ],
    );
  });

  it("a DynamoDB OnFailure destination of a type SAM cannot give a policy for", async () => {
    const stream = {
      Stream: "arn",
      StartingPosition: "LATEST",
      DestinationConfig: { OnFailure: { Type: "Lambda", Destination: "arn" } },
    };
    await assertTransformFails(samTemplate(fn({ Events: { S: { Type: "DynamoDB", Properties: stream } } })), [
      "Resource with id [Fn] is invalid. Event with id [FnS] is invalid. The only valid values for 'Type' are 'SQS' and 'SNS'",
    ]);
  });

  it("a function property SAM does not define", async () => {
    await assertTransformFails(samTemplate(fn({ Timout: 3 })), [
      "Resource with id [Fn] is invalid. property Timout not defined for resource of type AWS::Serverless::Function",
    ]);
  });

  it("a function with neither InlineCode nor CodeUri", async () => {
    await assertTransformFails(
      samTemplate({
        Fn: { Type: FUNCTION, Properties: { Handler: "index.handler", Runtime: "nodejs22.x" } },
      }),
      ["Resource with id [Fn] is invalid. Only one of 'InlineCode' or 'CodeUri' can be set."],
    );
  });

  it("a function without a Runtime", async () => {
    await assertTransformFails(
      samTemplate({ Fn: { Type: FUNCTION, Properties: { CodeUri: "s3://b/k", Handler: "i.h" } } }),
      [
        "Resource with id [Fn] is invalid. Runtime and Handler needs to be present when PackageType is of type `Zip`",
      ],
    );
  });

  it("an S3 CodeUri without a key", async () => {
    await assertTransformFails(samTemplate(fn({ CodeUri: { Bucket: "b" } })), [
      "Resource with id [Fn] is invalid. 'CodeUri' requires Bucket and Key properties to be specified.",
    ]);
  });

  it("a DeadLetterQueue of a type other than SQS and SNS", async () => {
    await assertTransformFails(samTemplate(fn({ DeadLetterQueue: { Type: "Lambda", TargetArn: "arn" } })), [
      "Resource with id [Fn] is invalid. 'DeadLetterQueue' requires Type of ['SQS', 'SNS']",
    ]);
  });

  it("SAM's reserved tag", async () => {
    await assertTransformFails(samTemplate(fn({ Tags: { "lambda:createdBy": "me" } })), [
      "Resource with id [Fn] is invalid. lambda:createdBy is a reserved Tag key name and cannot be set on your resource. " +
        "Please change the tag key in the input.",
    ]);
  });

  it("a SimpleTable key of a type DynamoDB has no name for", async () => {
    await assertTransformFails(
      samTemplate({
        T: { Type: "AWS::Serverless::SimpleTable", Properties: { PrimaryKey: { Name: "id", Type: "Date" } } },
      }),
      ["Resource with id [T] is invalid. Invalid 'Type' \"Date\"."],
    );
  });

  it("a logical id that is not alphanumeric", async () => {
    await assertTransformFails(samTemplate({ "my-table": { Type: "AWS::Serverless::SimpleTable" } }), [
      "Resource with id [my-table] is invalid. Logical ids must be alphanumeric.",
    ]);
  });

  it("a generated resource whose id the template already uses", async () => {
    await assertTransformFails(
      samTemplate({ ...fn({}), FnRole: { Type: "AWS::IAM::Role", Properties: {} } }),
      [
        "Transforming resource with id [Fn] attempts to create a new resource with id [FnRole] and type " +
          '"AWS::IAM::Role". A resource with that id already exists within this template. ' +
          "Please use a different id for that resource.",
      ],
    );
  });

  it("a template without Resources", async () => {
    await assertTransformFails({ Transform: "AWS::Serverless-2016-10-31", Resources: {} }, [
      "Structure of the SAM template is invalid. 'Resources' section is required",
    ]);
  });

  it("reports every invalid resource in one error", async () => {
    await assertTransformFails(
      samTemplate({
        A: { Type: FUNCTION, Properties: { ...code, AutoPublishAlias: "live" } },
        B: { Type: "AWS::Serverless::SimpleTable", Properties: { Bogus: 1 } },
      }),
      [
        "Resource with id [A] is invalid. AutoPublishAlias is not supported by the Orderflow engine: " +
          "the engine's Lambda has no versions or aliases (every function runs $LATEST).",
        "Resource with id [B] is invalid. property Bogus not defined for resource of type AWS::Serverless::SimpleTable",
      ],
    );
  });
});

describe("local code that cannot be used", () => {
  it("a CodeUri directory that does not exist", async () => {
    await assert.rejects(
      expand(samTemplate(fn({ CodeUri: "./missing" })), { resolveLocalCode: () => "/nonexistent/missing" }),
      (error: unknown) => {
        assert.ok(error instanceof SamBuildError);
        assert.equal(
          error.message,
          "Build Failed for Fn. CodeUri './missing' (/nonexistent/missing) does not exist.",
        );
        return true;
      },
    );
  });

  it("a CodeUri the caller does not allow, with the caller's reason", async () => {
    const refuse = () => {
      throw new Error("outside the allowed directories");
    };
    await assert.rejects(expand(samTemplate(fn({ CodeUri: "../../etc" })), { resolveLocalCode: refuse }), {
      name: "SamBuildError",
      message: "Build Failed for Fn. CodeUri '../../etc': outside the allowed directories",
    });
  });

  it("a BuildMethod other than esbuild or a runtime's", async () => {
    await assert.rejects(
      expand(samTemplate(fn({ CodeUri: "./greeter" }, { Metadata: { BuildMethod: "makefile" } }))),
      {
        name: "SamBuildError",
        message:
          "Build Failed for Fn. BuildMethod 'makefile' is not supported by the Orderflow engine " +
          "(supported: esbuild; without a BuildMethod the CodeUri directory runs as it is).",
      },
    );
  });
});
