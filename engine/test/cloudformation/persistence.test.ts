/**
 * Stacks live in the engine's database: after a restart on the same data directory every stack,
 * resource, event and change set is still there and can be updated; an operation the restart cut
 * short is marked failed, so the stack can be dealt with.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeChangeSetCommand,
  DescribeStackResourcesCommand,
} from "@aws-sdk/client-cloudformation";
import {
  allEvents,
  changeSetSettled,
  createAndSettle,
  deleteAndSettle,
  eventLines,
  FakeCloud,
  json,
  QUEUE,
  settled,
  startCfn,
  TOPIC,
  uniqueStackName,
  updateAndSettle,
} from "./support.ts";

describe("CloudFormation persistence", () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "orderflow-cfn-"));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps stacks, resources, events and change sets across a restart", async () => {
    // Prepare
    const dir = dataDir();
    const cloud = new FakeCloud();
    const name = uniqueStackName("kept");
    const template = {
      Resources: { Queue: { Type: QUEUE, Properties: { Size: 1 } }, Topic: { Type: TOPIC } },
      Outputs: { Queue: { Value: { Ref: "Queue" } } },
    };
    const first = await startCfn({ dataDir: dir, cloud });
    const before = await createAndSettle(first.cfn, name, template);
    const eventsBefore = await allEvents(first.cfn, name);
    await first.cfn.send(
      new CreateChangeSetCommand({
        StackName: name,
        ChangeSetName: "pending",
        TemplateBody: json({ ...template, Resources: { ...template.Resources, Extra: { Type: QUEUE } } }),
      }),
    );
    await changeSetSettled(first.cfn, name, "pending");
    await first.stop();

    // Act
    const second = await startCfn({ dataDir: dir, cloud });
    try {
      const after = await settled(second.cfn, name);
      const resources = await second.cfn.send(new DescribeStackResourcesCommand({ StackName: name }));
      const changeSet = await second.cfn.send(
        new DescribeChangeSetCommand({ StackName: name, ChangeSetName: "pending" }),
      );

      // Assess
      assert.deepEqual(after, before);
      assert.deepEqual(await allEvents(second.cfn, name), eventsBefore);
      assert.deepEqual(
        resources.StackResources!.map((r) => [r.LogicalResourceId, r.ResourceStatus]),
        [
          ["Queue", "CREATE_COMPLETE"],
          ["Topic", "CREATE_COMPLETE"],
        ],
      );
      assert.equal(changeSet.Status, "CREATE_COMPLETE");
      assert.equal(changeSet.ExecutionStatus, "AVAILABLE");
    } finally {
      await second.stop();
    }
  });

  it("updates and deletes a stack created before a restart", async () => {
    // Prepare
    const dir = dataDir();
    const cloud = new FakeCloud();
    const name = uniqueStackName("kept");
    const first = await startCfn({ dataDir: dir, cloud });
    const created = await createAndSettle(first.cfn, name, {
      Resources: { Queue: { Type: QUEUE, Properties: { Size: 1 } } },
    });
    await first.stop();
    const second = await startCfn({ dataDir: dir, cloud });
    try {
      // Act
      const updated = await updateAndSettle(second.cfn, name, {
        Resources: { Queue: { Type: QUEUE, Properties: { Size: 2 } } },
      });
      const deleted = await deleteAndSettle(second.cfn, created);

      // Assess
      assert.equal(updated.StackStatus, "UPDATE_COMPLETE");
      const update = cloud.calls.find((c) => c.action === "update")!;
      assert.deepEqual(update.previousProperties, { Size: 1 });
      assert.equal(deleted.StackStatus, "DELETE_COMPLETE");
      assert.equal(cloud.live.size, 0);
    } finally {
      await second.stop();
    }
  });

  it("marks an operation cut short by a restart as failed", async () => {
    // Prepare: a creation held at a gate when the engine goes away.
    const dir = dataDir();
    const cloud = new FakeCloud();
    const name = uniqueStackName("cut");
    const first = await startCfn({ dataDir: dir, cloud });
    const { StackId } = await first.cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: json({ Resources: { Held: { Type: QUEUE, Properties: { Gate: `${name}-never` } } } }),
      }),
    );
    while (!cloud.calls.some((c) => c.logicalId === "Held"))
      await new Promise((resolve) => setTimeout(resolve, 5));
    await first.abandon();

    // Act
    const second = await startCfn({ dataDir: dir, cloud });
    try {
      const stack = await settled(second.cfn, name);
      const deleted = await deleteAndSettle(second.cfn, stack);

      // Assess
      assert.equal(stack.StackStatus, "CREATE_FAILED");
      assert.equal(
        stack.StackStatusReason,
        "The Orderflow engine stopped while this operation was in progress; its resources may be partly changed.",
      );
      assert.equal(deleted.StackStatus, "DELETE_COMPLETE");
      assert.equal((await eventLines(second.cfn, StackId!)).at(-1), `${name} DELETE_COMPLETE`);
    } finally {
      await second.stop();
    }
  });
});
