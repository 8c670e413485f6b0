/**
 * UpdateStack: changed properties applied in place, replacement when the provider asks for it
 * (the new resource first, the old one deleted in the cleanup phase), additions and removals in
 * the right order, the "No updates" answer, and the rollback of a failed update.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeStackResourceCommand, UpdateStackCommand } from "@aws-sdk/client-cloudformation";
import { awsError } from "../support/engine.ts";
import {
  type CfnHarness,
  createAndSettle,
  eventLines,
  json,
  outputsOf,
  QUEUE,
  startCfn,
  TOPIC,
  uniqueStackName,
  updateAndSettle,
} from "./support.ts";

describe("CloudFormation updates", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  const physicalId = async (stackName: string, logicalId: string) =>
    (
      await h.cfn.send(
        new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }),
      )
    ).StackResourceDetail!.PhysicalResourceId;
  const callsSince = (start: number) => h.cloud.calls.slice(start).map((c) => `${c.action} ${c.logicalId}`);

  it("updates a changed property in place", async () => {
    // Prepare
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, {
      Resources: { Q: { Type: QUEUE, Properties: { Size: 1, Same: "x" } } },
    });
    const before = await physicalId(name, "Q");
    const start = h.cloud.calls.length;

    // Act
    const stack = await updateAndSettle(h.cfn, name, {
      Resources: { Q: { Type: QUEUE, Properties: { Size: 2, Same: "x" } } },
    });

    // Assess
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    assert.ok(stack.LastUpdatedTime instanceof Date);
    const call = h.cloud.calls[start]!;
    assert.deepEqual(
      [call.action, call.physicalId, call.properties, call.previousProperties],
      ["update", before, { Size: 2, Same: "x" }, { Size: 1, Same: "x" }],
    );
    assert.equal(h.cloud.calls.length, start + 1);
    assert.equal(await physicalId(name, "Q"), before);
    const lines = await eventLines(h.cfn, name);
    assert.deepEqual(lines.slice(-5), [
      `${name} UPDATE_IN_PROGRESS User Initiated`,
      "Q UPDATE_IN_PROGRESS",
      "Q UPDATE_COMPLETE",
      `${name} UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`,
      `${name} UPDATE_COMPLETE`,
    ]);
  });

  it("replaces a resource when the provider says so, and deletes the old one last", async () => {
    // Prepare: the topic's Name cannot change in place; the queue refers to the topic.
    const name = uniqueStackName("upd");
    const template = (topicName: string) => ({
      Resources: {
        Topic: { Type: TOPIC, Properties: { Name: topicName } },
        Queue: { Type: QUEUE, Properties: { Topic: { Ref: "Topic" } } },
      },
      Outputs: { Topic: { Value: { Ref: "Topic" } } },
    });
    await createAndSettle(h.cfn, name, template(`${name}-old`));
    const start = h.cloud.calls.length;

    // Act
    const stack = await updateAndSettle(h.cfn, name, template(`${name}-new`));

    // Assess
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    assert.deepEqual(callsSince(start), ["update Topic", "create Topic", "update Queue", "delete Topic"]);
    assert.equal(h.cloud.calls.at(-1)!.physicalId, `${name}-old`);
    assert.deepEqual(h.cloud.calls[start + 2]!.properties, { Topic: `${name}-new` });
    assert.equal(outputsOf(stack).Topic, `${name}-new`);
    const lines = await eventLines(h.cfn, name);
    assert.ok(
      lines.includes(
        "Topic UPDATE_IN_PROGRESS Requested update requires the creation of a new physical resource; hence creating one.",
      ),
      lines.join("\n"),
    );
    assert.deepEqual(lines.slice(-4), [
      `${name} UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`,
      "Topic DELETE_IN_PROGRESS",
      "Topic DELETE_COMPLETE",
      `${name} UPDATE_COMPLETE`,
    ]);
  });

  it("creates added resources first and deletes removed ones in reverse order during cleanup", async () => {
    // Prepare: Consumer depends on Producer; both go, Fresh comes.
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, {
      Resources: {
        Kept: { Type: QUEUE },
        Producer: { Type: QUEUE },
        Consumer: { Type: QUEUE, Properties: { Source: { "Fn::GetAtt": ["Producer", "Arn"] } } },
      },
    });
    const start = h.cloud.calls.length;

    // Act
    const stack = await updateAndSettle(h.cfn, name, {
      Resources: { Kept: { Type: QUEUE }, Fresh: { Type: TOPIC } },
    });

    // Assess
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    assert.deepEqual(callsSince(start), ["create Fresh", "delete Consumer", "delete Producer"]);
    const removed = await awsError(() =>
      h.cfn.send(new DescribeStackResourceCommand({ StackName: name, LogicalResourceId: "Producer" })),
    );
    assert.equal(removed.name, "ValidationError");
  });

  it("answers an update that changes nothing", async () => {
    const name = uniqueStackName("upd");
    const template = { Resources: { Q: { Type: QUEUE, Properties: { Size: 1 } } } };
    await createAndSettle(h.cfn, name, template);

    const error = await awsError(() =>
      h.cfn.send(new UpdateStackCommand({ StackName: name, TemplateBody: json(template) })),
    );

    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, "No updates are to be performed.");
  });

  it("rolls a failed update back: changes reverted, new resources deleted", async () => {
    // Prepare
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, { Resources: { Q: { Type: QUEUE, Properties: { Size: 1 } } } });
    const before = await physicalId(name, "Q");
    const start = h.cloud.calls.length;

    // Act: Q changes, Added is created, then Broken fails.
    const stack = await updateAndSettle(h.cfn, name, {
      Resources: {
        Q: { Type: QUEUE, Properties: { Size: 2 } },
        Added: { Type: TOPIC, DependsOn: "Q" },
        Broken: { Type: QUEUE, DependsOn: "Added", Properties: { Fail: "Queue limit reached" } },
      },
    });

    // Assess
    assert.equal(stack.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
    assert.equal(stack.StackStatusReason, "The following resource(s) failed to create: [Broken]. ");
    assert.deepEqual(callsSince(start), [
      "update Q",
      "create Added",
      "create Broken",
      "update Q",
      "delete Added",
    ]);
    const revert = h.cloud.calls[start + 3]!;
    assert.deepEqual([revert.properties, revert.previousProperties], [{ Size: 1 }, { Size: 2 }]);
    assert.equal(await physicalId(name, "Q"), before);
    const lines = await eventLines(h.cfn, name);
    assert.ok(lines.includes("Broken CREATE_FAILED Queue limit reached"), lines.join("\n"));
    assert.ok(lines.includes(`${name} UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`), lines.join("\n"));
    assert.equal(lines.at(-1), `${name} UPDATE_ROLLBACK_COMPLETE`);
  });

  it("keeps the old resource when an update fails after replacing it", async () => {
    // Prepare
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, {
      Resources: { Topic: { Type: TOPIC, Properties: { Name: `${name}-a` } } },
    });
    const start = h.cloud.calls.length;

    // Act
    const stack = await updateAndSettle(h.cfn, name, {
      Resources: {
        Topic: { Type: TOPIC, Properties: { Name: `${name}-b` } },
        Broken: { Type: QUEUE, DependsOn: "Topic", Properties: { Fail: "no" } },
      },
    });

    // Assess
    assert.equal(stack.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
    assert.deepEqual(callsSince(start), ["update Topic", "create Topic", "create Broken", "delete Topic"]);
    assert.equal(h.cloud.calls.at(-1)!.physicalId, `${name}-b`);
    assert.equal(await physicalId(name, "Topic"), `${name}-a`);
    assert.ok(h.cloud.live.has(`${name}-a`));
  });

  it("reverts a resource whose own update failed", async () => {
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, { Resources: { Q: { Type: QUEUE, Properties: { Size: 1 } } } });

    const stack = await updateAndSettle(h.cfn, name, {
      Resources: { Q: { Type: QUEUE, Properties: { Size: 2, Fail: "Size cannot change now" } } },
    });

    assert.equal(stack.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
    assert.equal(stack.StackStatusReason, "The following resource(s) failed to update: [Q]. ");
    const lines = await eventLines(h.cfn, name);
    assert.ok(lines.includes("Q UPDATE_FAILED Size cannot change now"), lines.join("\n"));
  });

  it("refuses to change a resource's type", async () => {
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, { Resources: { Thing: { Type: QUEUE } } });

    const error = await awsError(() =>
      h.cfn.send(
        new UpdateStackCommand({
          StackName: name,
          TemplateBody: json({ Resources: { Thing: { Type: TOPIC } } }),
        }),
      ),
    );

    assert.equal(
      error.message,
      "Update of resource type is not permitted. The new template modifies resource type of the following resources: [Thing]",
    );
  });

  it("refuses to update a stack whose creation was rolled back", async () => {
    const name = uniqueStackName("upd");
    const stack = await createAndSettle(h.cfn, name, {
      Resources: { Q: { Type: QUEUE, Properties: { Fail: "no" } } },
    });

    const error = await awsError(() =>
      h.cfn.send(
        new UpdateStackCommand({
          StackName: name,
          TemplateBody: json({ Resources: { Q: { Type: QUEUE } } }),
        }),
      ),
    );

    assert.equal(
      error.message,
      `Stack:${stack.StackId} is in ROLLBACK_COMPLETE state and can not be updated.`,
    );
  });

  it("updates a resource when only its Metadata changes", async () => {
    const name = uniqueStackName("upd");
    await createAndSettle(h.cfn, name, {
      Resources: { Q: { Type: QUEUE, Metadata: { "aws:asset:path": "asset.1" } } },
    });
    const start = h.cloud.calls.length;

    const stack = await updateAndSettle(h.cfn, name, {
      Resources: { Q: { Type: QUEUE, Metadata: { "aws:asset:path": "asset.2" } } },
    });

    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    assert.deepEqual(callsSince(start), ["update Q"]);
  });
});
