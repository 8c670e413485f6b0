/**
 * The provider registry and what every provider shares: the types the engine can create, the CDK's
 * metadata resource, and property validation with the registry validator's messages.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createResourceProviders } from "../../../src/services/cloudformation/resources/index.ts";
import { create, failure, type Harness, startHarness } from "./support.ts";

describe("the resource provider registry", () => {
  it("has a provider for every type of the write buffer's stacks", () => {
    const types = [...createResourceProviders().keys()].sort();

    assert.deepEqual(types, [
      "AWS::CDK::Metadata",
      "AWS::DynamoDB::GlobalTable",
      "AWS::DynamoDB::Table",
      "AWS::IAM::ManagedPolicy",
      "AWS::IAM::Policy",
      "AWS::IAM::Role",
      "AWS::Lambda::EventInvokeConfig",
      "AWS::Lambda::EventSourceMapping",
      "AWS::Lambda::Function",
      "AWS::Lambda::Permission",
      "AWS::Logs::LogGroup",
      "AWS::SQS::Queue",
      "AWS::SQS::QueuePolicy",
    ]);
  });

  it("has none for custom resources, so the core fails them by name", () => {
    const providers = createResourceProviders();

    assert.equal(providers.has("AWS::CloudFormation::CustomResource"), false);
    assert.equal(
      [...providers.keys()].some((type) => type.startsWith("Custom::")),
      false,
    );
  });
});

describe("shared provider behaviour", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("accepts AWS::CDK::Metadata and creates nothing", async () => {
    const state = await create(h, "AWS::CDK::Metadata", "CDKMetadata", { Analytics: "v2:deflate64:abc" });

    assert.deepEqual(state.attributes, {});
    await h.provider("AWS::CDK::Metadata").delete(state, {}, h.context("CDKMetadata"));
  });

  it("coerces template strings to the types the schema expects", async () => {
    const state = await create(h, "AWS::SQS::Queue", "Coerced", { FifoQueue: "true", DelaySeconds: "3" });

    const { Attributes } = await h.t.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: state.physicalId,
        AttributeNames: ["FifoQueue", "DelaySeconds"],
      }),
    );
    assert.deepEqual(Attributes, { FifoQueue: "true", DelaySeconds: "3" });
    assert.equal(state.attributes.DelaySeconds, 3);
  });

  it("reports a value of the wrong type with its path", async () => {
    const error = await failure(() => create(h, "AWS::SQS::Queue", "Typed", { VisibilityTimeout: "thirty" }));

    assert.equal(
      error.message,
      "Properties validation failed for resource Typed with message: [#/VisibilityTimeout: expected type: Integer, found: String]",
    );
  });

  it("reports every violation, nested ones with their path", async () => {
    const error = await failure(() =>
      create(h, "AWS::SQS::Queue", "Many", { Tags: [{ Key: "app" }], DelaySeconds: 901 }),
    );

    assert.equal(
      error.message,
      "Properties validation failed for resource Many with message: [#/Tags/0: required key [Value] not found, #/DelaySeconds: failed validation constraint for keyword [maximum]]",
    );
  });

  it("lets Fn::GetAtt read any property the template set, and an object's members", async () => {
    const dlq = await create(h, "AWS::SQS::Queue", "Dlq", {});

    const state = await create(h, "AWS::SQS::Queue", "Readable", {
      VisibilityTimeout: 40,
      RedrivePolicy: { deadLetterTargetArn: dlq.attributes.Arn, maxReceiveCount: 3 },
    });

    assert.equal(state.attributes.VisibilityTimeout, 40);
    assert.equal(state.attributes["RedrivePolicy.maxReceiveCount"], 3);
    assert.equal(state.attributes["RedrivePolicy.deadLetterTargetArn"], dlq.attributes.Arn);
  });
});
