/**
 * A stack's life through the SDK: creation in dependency order (independent resources together),
 * its events and descriptions, deletion in reverse order, DeletionPolicy, and the API's answers
 * for names that exist, do not exist, or are protected.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  UpdateTerminationProtectionCommand,
} from "@aws-sdk/client-cloudformation";
import { awsError } from "../support/engine.ts";
import {
  allEvents,
  type CfnHarness,
  createAndSettle,
  deleteAndSettle,
  eventLines,
  json,
  PARAMETER,
  QUEUE,
  settled,
  startCfn,
  TOPIC,
  uniqueStackName,
} from "./support.ts";

describe("CloudFormation stacks", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  const physicalIdOf = async (stackName: string, logicalId: string) =>
    (
      await h.cfn.send(
        new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }),
      )
    ).StackResourceDetail!.PhysicalResourceId;

  it("creates resources after what they reference and what they depend on", async () => {
    // Prepare: C reads B's attribute, B depends on A explicitly; template order is the reverse.
    const name = uniqueStackName();
    const start = h.cloud.calls.length;
    const template = {
      Resources: {
        C: { Type: QUEUE, Properties: { Peer: { "Fn::GetAtt": ["B", "Arn"] } } },
        B: { Type: QUEUE, DependsOn: "A", Properties: {} },
        A: { Type: QUEUE, Properties: {} },
      },
    };

    // Act
    const stack = await createAndSettle(h.cfn, name, template);

    // Assess
    assert.equal(stack.StackStatus, "CREATE_COMPLETE");
    assert.deepEqual(
      h.cloud.calls.slice(start).map((c) => `${c.action} ${c.logicalId}`),
      ["create A", "create B", "create C"],
    );
  });

  it("creates independent resources concurrently", async () => {
    // Prepare: two resources without dependencies, each held at a gate.
    const name = uniqueStackName();
    const start = h.cloud.calls.length;
    await h.cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: json({
          Resources: {
            One: { Type: QUEUE, Properties: { Gate: `${name}-one` } },
            Two: { Type: QUEUE, Properties: { Gate: `${name}-two` } },
          },
        }),
      }),
    );

    // Act: wait until both creations have started before either may finish.
    while (h.cloud.calls.length - start < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const { Stacks } = await h.cfn.send(new DescribeStacksCommand({ StackName: name }));
    h.cloud.gate(`${name}-one`)();
    h.cloud.gate(`${name}-two`)();

    // Assess
    assert.equal(Stacks![0]!.StackStatus, "CREATE_IN_PROGRESS");
    assert.equal((await settled(h.cfn, name)).StackStatus, "CREATE_COMPLETE");
  });

  it("deletes resources in the reverse order of their dependencies", async () => {
    // Prepare
    const name = uniqueStackName();
    const stack = await createAndSettle(h.cfn, name, {
      Resources: {
        Base: { Type: QUEUE },
        Middle: { Type: QUEUE, Properties: { Base: { Ref: "Base" } } },
        Top: { Type: TOPIC, Properties: { Middle: { "Fn::Sub": "${Middle.Arn}" } } },
      },
    });
    const start = h.cloud.calls.length;

    // Act
    const deleted = await deleteAndSettle(h.cfn, stack);

    // Assess
    assert.equal(deleted.StackStatus, "DELETE_COMPLETE");
    assert.deepEqual(
      h.cloud.calls.slice(start).map((c) => `${c.action} ${c.logicalId}`),
      ["delete Top", "delete Middle", "delete Base"],
    );
  });

  it("reports the events of a creation newest first, in AWS's shape", async () => {
    // Prepare
    const name = uniqueStackName();
    const stack = await createAndSettle(h.cfn, name, {
      Resources: { Queue: { Type: QUEUE, Properties: { Size: 3 } } },
    });

    // Act
    const events = await allEvents(h.cfn, name);

    // Assess
    assert.deepEqual(
      events.map((e) => `${e.LogicalResourceId} ${e.ResourceStatus} ${e.ResourceStatusReason ?? "-"}`),
      [
        `${name} CREATE_COMPLETE -`,
        "Queue CREATE_COMPLETE -",
        "Queue CREATE_IN_PROGRESS Resource creation Initiated",
        "Queue CREATE_IN_PROGRESS -",
        `${name} CREATE_IN_PROGRESS User Initiated`,
      ],
    );
    const stackEvent = events[0]!;
    assert.equal(stackEvent.ResourceType, "AWS::CloudFormation::Stack");
    assert.equal(stackEvent.PhysicalResourceId, stack.StackId);
    assert.equal(stackEvent.StackName, name);
    const queueEvent = events[1]!;
    assert.match(queueEvent.EventId!, /^Queue-CREATE_COMPLETE-\d{4}-\d\d-\d\dT/);
    assert.equal(queueEvent.ResourceProperties, JSON.stringify({ Size: 3 }));
    assert.equal(queueEvent.PhysicalResourceId, await physicalIdOf(name, "Queue"));
    assert.equal(events[3]!.PhysicalResourceId, "");
  });

  it("describes a created stack with its parameters, outputs and defaults", async () => {
    // Prepare
    const name = uniqueStackName();
    const template = {
      Description: "a described stack",
      Parameters: { Size: { Type: "Number", Default: "2" } },
      Resources: { Queue: { Type: QUEUE, Properties: { Size: { Ref: "Size" } } } },
      Outputs: { Queue: { Value: { Ref: "Queue" }, Description: "the queue" } },
    };

    // Act
    const stack = await createAndSettle(
      h.cfn,
      name,
      template,
      {},
      { Tags: [{ Key: "team", Value: "orders" }] },
    );

    // Assess
    assert.match(
      stack.StackId!,
      new RegExp(`^arn:aws:cloudformation:us-east-1:000000000000:stack/${name}/[0-9a-f-]{36}$`),
    );
    assert.equal(stack.Description, "a described stack");
    assert.deepEqual(stack.Parameters, [{ ParameterKey: "Size", ParameterValue: "2" }]);
    assert.deepEqual(stack.Outputs, [
      { OutputKey: "Queue", OutputValue: await physicalIdOf(name, "Queue"), Description: "the queue" },
    ]);
    assert.deepEqual(stack.Tags, [{ Key: "team", Value: "orders" }]);
    assert.equal(stack.DisableRollback, false);
    assert.equal(stack.EnableTerminationProtection, false);
    assert.deepEqual(stack.NotificationARNs, []);
    assert.deepEqual(stack.DriftInformation, { StackDriftStatus: "NOT_CHECKED" });
    assert.ok(stack.CreationTime instanceof Date);
  });

  it("describes the resources of a stack three ways", async () => {
    // Prepare
    const name = uniqueStackName();
    await createAndSettle(h.cfn, name, {
      Resources: { Queue: { Type: QUEUE, Metadata: { note: "kept" } }, Topic: { Type: TOPIC } },
    });

    // Act
    const all = await h.cfn.send(new DescribeStackResourcesCommand({ StackName: name }));
    const one = await h.cfn.send(
      new DescribeStackResourceCommand({ StackName: name, LogicalResourceId: "Queue" }),
    );
    const listed = await h.cfn.send(new ListStackResourcesCommand({ StackName: name }));
    const byPhysicalId = await h.cfn.send(
      new DescribeStackResourcesCommand({ PhysicalResourceId: one.StackResourceDetail!.PhysicalResourceId }),
    );

    // Assess
    assert.deepEqual(
      all.StackResources!.map((r) => [r.LogicalResourceId, r.ResourceType, r.ResourceStatus, r.StackName]),
      [
        ["Queue", QUEUE, "CREATE_COMPLETE", name],
        ["Topic", TOPIC, "CREATE_COMPLETE", name],
      ],
    );
    assert.equal(one.StackResourceDetail!.Metadata, JSON.stringify({ note: "kept" }));
    assert.deepEqual(
      listed.StackResourceSummaries!.map((r) => r.LogicalResourceId),
      ["Queue", "Topic"],
    );
    assert.deepEqual(
      byPhysicalId.StackResources!.map((r) => r.LogicalResourceId),
      ["Queue"],
    );
  });

  it("answers a resource the stack does not have with a ValidationError", async () => {
    const name = uniqueStackName();
    await createAndSettle(h.cfn, name, { Resources: { Queue: { Type: QUEUE } } });

    const error = await awsError(() =>
      h.cfn.send(new DescribeStackResourceCommand({ StackName: name, LogicalResourceId: "Nope" })),
    );

    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, `Resource Nope does not exist for stack ${name}`);
  });

  it("returns the template as it was submitted", async () => {
    const name = uniqueStackName();
    const body = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
    await createAndSettle(h.cfn, name, body);

    const original = await h.cfn.send(new GetTemplateCommand({ StackName: name }));
    const processed = await h.cfn.send(
      new GetTemplateCommand({ StackName: name, TemplateStage: "Processed" }),
    );

    assert.equal(original.TemplateBody, body);
    assert.equal(processed.TemplateBody, body);
    assert.deepEqual(original.StagesAvailable, ["Original", "Processed"]);
  });

  it("keeps a resource whose DeletionPolicy is Retain", async () => {
    // Prepare
    const name = uniqueStackName();
    const stack = await createAndSettle(h.cfn, name, {
      Resources: { Kept: { Type: QUEUE, DeletionPolicy: "Retain" }, Gone: { Type: QUEUE } },
    });
    const start = h.cloud.calls.length;

    // Act
    await deleteAndSettle(h.cfn, stack);

    // Assess
    assert.deepEqual(
      h.cloud.calls.slice(start).map((c) => `${c.action} ${c.logicalId}`),
      ["delete Gone"],
    );
    const lines = await eventLines(h.cfn, stack.StackId!);
    assert.ok(lines.includes("Kept DELETE_SKIPPED"), lines.join("\n"));
  });

  it("refuses a second stack of the same name", async () => {
    const name = uniqueStackName();
    await createAndSettle(h.cfn, name, { Resources: { Queue: { Type: QUEUE } } });

    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: name,
          TemplateBody: json({ Resources: { Q: { Type: QUEUE } } }),
        }),
      ),
    );

    assert.equal(error.name, "AlreadyExistsException");
    assert.equal(error.message, `Stack [${name}] already exists`);
  });

  it("answers a stack that does not exist as AWS does", async () => {
    const error = await awsError(() => h.cfn.send(new DescribeStacksCommand({ StackName: "no-such-stack" })));

    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, "Stack with id no-such-stack does not exist");
    assert.equal(error.$metadata?.httpStatusCode, 400);
  });

  it("deletes a stack that does not exist without an error", async () => {
    const output = await h.cfn.send(new DeleteStackCommand({ StackName: "never-created" }));

    assert.equal(output.$metadata.httpStatusCode, 200);
  });

  it("finds a deleted stack by its id but not by its name", async () => {
    // Prepare
    const name = uniqueStackName();
    const stack = await createAndSettle(h.cfn, name, { Resources: { Queue: { Type: PARAMETER } } });

    // Act
    await deleteAndSettle(h.cfn, stack);
    const byId = await h.cfn.send(new DescribeStacksCommand({ StackName: stack.StackId }));
    const byName = await awsError(() => h.cfn.send(new DescribeStacksCommand({ StackName: name })));
    const listed = await h.cfn.send(new ListStacksCommand({ StackStatusFilter: ["DELETE_COMPLETE"] }));

    // Assess
    assert.equal(byId.Stacks![0]!.StackStatus, "DELETE_COMPLETE");
    assert.ok(byId.Stacks![0]!.DeletionTime instanceof Date);
    assert.equal(byId.Stacks![0]!.EnableTerminationProtection, undefined);
    assert.equal(byName.name, "ValidationError");
    assert.ok(listed.StackSummaries!.some((s) => s.StackId === stack.StackId));
  });

  it("refuses to delete a stack with termination protection", async () => {
    // Prepare
    const name = uniqueStackName();
    await createAndSettle(h.cfn, name, { Resources: { Queue: { Type: QUEUE } } });
    await h.cfn.send(
      new UpdateTerminationProtectionCommand({ StackName: name, EnableTerminationProtection: true }),
    );

    // Act
    const error = await awsError(() => h.cfn.send(new DeleteStackCommand({ StackName: name })));

    // Assess
    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, `Stack [${name}] cannot be deleted while TerminationProtection is enabled`);
    assert.equal((await settled(h.cfn, name)).StackStatus, "CREATE_COMPLETE");
  });

  it("refuses a stack name CloudFormation does not allow", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: "1-starts-with-a-digit",
          TemplateBody: json({ Resources: { Q: { Type: QUEUE } } }),
        }),
      ),
    );

    assert.equal(error.name, "ValidationError");
    assert.equal(
      error.message,
      "1 validation error detected: Value '1-starts-with-a-digit' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*",
    );
  });
});
