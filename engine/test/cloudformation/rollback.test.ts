/**
 * Failed deployments: the failing resource's CREATE_FAILED with the provider's error, the
 * resources being created with it cancelled, the rollback deleting everything created
 * (ROLLBACK_COMPLETE, nothing left behind), a type the engine cannot create failing the stack by
 * name, and the variants (DisableRollback, OnFailure DELETE, a deletion that fails).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CreateStackCommand, DeleteStackCommand } from "@aws-sdk/client-cloudformation";
import {
  type CfnHarness,
  createAndSettle,
  deleteAndSettle,
  eventLines,
  json,
  QUEUE,
  settled,
  startCfn,
  TOPIC,
  uniqueStackName,
} from "./support.ts";

describe("CloudFormation rollback", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  const liveOf = (stackName: string) =>
    [...h.cloud.live.keys()].filter((id) => id.startsWith(`${stackName}-`));

  it("rolls back a failed creation and leaves nothing behind", async () => {
    // Prepare: First succeeds; Second (after it) fails with the provider's message.
    const name = uniqueStackName();
    const template = {
      Resources: {
        First: { Type: QUEUE },
        Second: { Type: TOPIC, DependsOn: "First", Properties: { Fail: "Topic quota exceeded" } },
        Third: { Type: QUEUE, DependsOn: "Second" },
      },
    };

    // Act
    const stack = await createAndSettle(h.cfn, name, template);

    // Assess
    assert.equal(stack.StackStatus, "ROLLBACK_COMPLETE");
    assert.equal(
      stack.StackStatusReason,
      "The following resource(s) failed to create: [Second]. Rollback requested by user.",
    );
    assert.deepEqual(await eventLines(h.cfn, name), [
      `${name} CREATE_IN_PROGRESS User Initiated`,
      "First CREATE_IN_PROGRESS",
      "First CREATE_IN_PROGRESS Resource creation Initiated",
      "First CREATE_COMPLETE",
      "Second CREATE_IN_PROGRESS",
      "Second CREATE_FAILED Topic quota exceeded",
      `${name} ROLLBACK_IN_PROGRESS The following resource(s) failed to create: [Second]. Rollback requested by user.`,
      "Second DELETE_COMPLETE",
      "First DELETE_IN_PROGRESS",
      "First DELETE_COMPLETE",
      `${name} ROLLBACK_COMPLETE`,
    ]);
    assert.deepEqual(liveOf(name), []);
  });

  it("cancels the resources being created when another fails", async () => {
    // Prepare: Slow is held at a gate while Broken fails beside it.
    const name = uniqueStackName();
    await h.cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: json({
          Resources: {
            Slow: { Type: QUEUE, Properties: { Gate: `${name}-slow` } },
            Broken: { Type: QUEUE, Properties: { Fail: "broken" } },
          },
        }),
      }),
    );

    // Act: let Slow finish only once Broken's failure is recorded.
    while (!(await eventLines(h.cfn, name)).includes("Broken CREATE_FAILED broken"))
      await new Promise((resolve) => setTimeout(resolve, 5));
    h.cloud.gate(`${name}-slow`)();
    const stack = await settled(h.cfn, name);

    // Assess
    assert.equal(stack.StackStatus, "ROLLBACK_COMPLETE");
    const lines = await eventLines(h.cfn, name);
    assert.ok(lines.includes("Slow CREATE_FAILED Resource creation cancelled"), lines.join("\n"));
    assert.ok(lines.includes("Slow DELETE_COMPLETE"), lines.join("\n"));
    assert.deepEqual(liveOf(name), []);
  });

  it("fails a stack whose resource type the engine cannot create, naming the type", async () => {
    // Prepare: AWS::S3::Bucket is a type CloudFormation knows and this harness has no provider for.
    const name = uniqueStackName();
    const start = h.cloud.calls.length;

    // Act
    const stack = await createAndSettle(h.cfn, name, {
      Resources: { Queue: { Type: QUEUE }, Bucket: { Type: "AWS::S3::Bucket" } },
    });

    // Assess: nothing was attempted.
    assert.equal(stack.StackStatus, "ROLLBACK_COMPLETE");
    assert.deepEqual(h.cloud.calls.slice(start), []);
    const lines = await eventLines(h.cfn, name);
    assert.ok(
      lines.includes(
        "Bucket CREATE_FAILED Resource type AWS::S3::Bucket is not supported by the Orderflow engine (see docs/CONFORMANCE.md)",
      ),
      lines.join("\n"),
    );
  });

  it("keeps what was created when rollback is disabled", async () => {
    const name = uniqueStackName();

    const stack = await createAndSettle(
      h.cfn,
      name,
      {
        Resources: {
          Kept: { Type: QUEUE },
          Broken: { Type: QUEUE, DependsOn: "Kept", Properties: { Fail: "no" } },
        },
      },
      {},
      { DisableRollback: true },
    );

    assert.equal(stack.StackStatus, "CREATE_FAILED");
    assert.equal(stack.StackStatusReason, "The following resource(s) failed to create: [Broken]. ");
    assert.equal(liveOf(name).length, 1);
  });

  it("deletes the stack after the rollback with OnFailure DELETE", async () => {
    const name = uniqueStackName();

    const { StackId } = await h.cfn.send(
      new CreateStackCommand({
        StackName: name,
        OnFailure: "DELETE",
        TemplateBody: json({ Resources: { Broken: { Type: QUEUE, Properties: { Fail: "no" } } } }),
      }),
    );
    const stack = await settled(h.cfn, StackId!);

    assert.equal(stack.StackStatus, "DELETE_COMPLETE");
    const lines = await eventLines(h.cfn, StackId!);
    assert.deepEqual(lines.slice(-3), [
      `${name} ROLLBACK_COMPLETE`,
      `${name} DELETE_IN_PROGRESS User Initiated`,
      `${name} DELETE_COMPLETE`,
    ]);
  });

  it("reports a resource that fails to delete, and deletes the rest when told to retain it", async () => {
    // Prepare
    const name = uniqueStackName();
    const stack = await createAndSettle(h.cfn, name, {
      Resources: {
        Stuck: { Type: QUEUE, Properties: { FailDelete: "still in use" } },
        Other: { Type: TOPIC },
      },
    });

    // Act
    const failed = await deleteAndSettle(h.cfn, stack);
    await h.cfn.send(new DeleteStackCommand({ StackName: stack.StackId, RetainResources: ["Stuck"] }));
    const retried = await settled(h.cfn, stack.StackId!);

    // Assess
    assert.equal(failed.StackStatus, "DELETE_FAILED");
    assert.equal(failed.StackStatusReason, "The following resource(s) failed to delete: [Stuck]. ");
    assert.equal(retried.StackStatus, "DELETE_COMPLETE");
    const lines = await eventLines(h.cfn, stack.StackId!);
    assert.ok(lines.includes("Stuck DELETE_FAILED still in use"), lines.join("\n"));
    assert.ok(lines.includes("Stuck DELETE_SKIPPED"), lines.join("\n"));
  });
});
