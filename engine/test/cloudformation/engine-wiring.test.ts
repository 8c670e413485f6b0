/**
 * CloudFormation as the engine serves it (createEngine): the service registered beside the
 * others, its real providers creating what a template declares, and the operations it does not
 * serve answering NotImplemented.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ListStackSetsCommand } from "@aws-sdk/client-cloudformation";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { awsError, startTestEngine, type TestEngine } from "../support/engine.ts";
import { createAndSettle, deleteAndSettle, outputsOf, uniqueStackName } from "./support.ts";

describe("CloudFormation in the engine", () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it("creates and deletes a real queue from a template", async () => {
    // Prepare
    const name = uniqueStackName("engine");

    // Act
    const stack = await createAndSettle(t.cloudformation, name, {
      Resources: { Queue: { Type: "AWS::SQS::Queue", Properties: { VisibilityTimeout: 45 } } },
      Outputs: { Url: { Value: { Ref: "Queue" } } },
    });
    const url = outputsOf(stack).Url!;
    const attributes = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["VisibilityTimeout"] }),
    );
    await deleteAndSettle(t.cloudformation, stack);
    const gone = await awsError(() => t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url })));

    // Assess
    assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
    assert.equal(attributes.Attributes?.VisibilityTimeout, "45");
    assert.equal(gone.name, "QueueDoesNotExist");
  });

  it("answers an operation it does not serve with NotImplemented", async () => {
    const error = await awsError(() => t.cloudformation.send(new ListStackSetsCommand({})));

    assert.equal(error.name, "NotImplemented");
    assert.equal(error.$metadata?.httpStatusCode, 501);
    assert.equal(
      error.message,
      "The Orderflow engine does not implement CloudFormation's ListStackSets yet (see docs/CONFORMANCE.md).",
    );
  });
});
