/**
 * Change sets as `aws cloudformation deploy` uses them, through the SDK and its waiters: a
 * CREATE change set on a new stack (REVIEW_IN_PROGRESS), its Changes, execution, UPDATE change
 * sets with Modify/Remove details, the FAILED "no changes" change set, and the errors around them.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  waitUntilChangeSetCreateComplete,
  waitUntilStackCreateComplete,
  waitUntilStackUpdateComplete,
} from "@aws-sdk/client-cloudformation";
import { awsError } from "../support/engine.ts";
import {
  type CfnHarness,
  changeSetSettled,
  createAndSettle,
  eventLines,
  json,
  QUEUE,
  settled,
  startCfn,
  TOPIC,
  uniqueStackName,
} from "./support.ts";

const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";
/** The SDK's waiters poll at least every second; a settled deployment answers the first poll. */
const waiter = (client: CfnHarness["cfn"]) => ({ client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 });

describe("CloudFormation change sets", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  const template = {
    Parameters: { Size: { Type: "Number", Default: "1" } },
    Resources: {
      Queue: { Type: QUEUE, Properties: { Size: { Ref: "Size" } } },
      Topic: { Type: TOPIC, Properties: { TopicName: { "Fn::Sub": "${AWS::StackName}-topic" } } },
    },
  };

  const createChangeSet = (stackName: string, changeSetName: string, body: unknown, extra = {}) =>
    h.cfn.send(
      new CreateChangeSetCommand({
        StackName: stackName,
        ChangeSetName: changeSetName,
        TemplateBody: json(body as Record<string, unknown>),
        ...extra,
      }),
    );

  it("creates a new stack through a CREATE change set, as aws cloudformation deploy does", async () => {
    // Prepare
    const name = uniqueStackName("cs");

    // Act
    const created = await createChangeSet(name, "first", template, {
      ChangeSetType: "CREATE",
      Description: "initial",
    });
    const review = await h.cfn.send(new DescribeStacksCommand({ StackName: name }));
    const ready = await waitUntilChangeSetCreateComplete(waiter(h.cfn), { ChangeSetName: created.Id });
    const changeSet = await h.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    await h.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: "first", StackName: name }));
    const done = await waitUntilStackCreateComplete(waiter(h.cfn), { StackName: name });

    // Assess
    assert.match(
      created.Id!,
      /^arn:aws:cloudformation:us-east-1:000000000000:changeSet\/first\/[0-9a-f-]{36}$/,
    );
    assert.equal(review.Stacks![0]!.StackStatus, "REVIEW_IN_PROGRESS");
    assert.equal(review.Stacks![0]!.StackStatusReason, "User Initiated");
    assert.equal(ready.state, "SUCCESS");
    assert.equal(changeSet.Status, "CREATE_COMPLETE");
    assert.equal(changeSet.ExecutionStatus, "AVAILABLE");
    assert.equal(changeSet.Description, "initial");
    assert.deepEqual(changeSet.Parameters, [{ ParameterKey: "Size", ParameterValue: "1" }]);
    assert.deepEqual(changeSet.Changes, [
      {
        Type: "Resource",
        ResourceChange: {
          Action: "Add",
          LogicalResourceId: "Queue",
          ResourceType: QUEUE,
          Scope: [],
          Details: [],
        },
      },
      {
        Type: "Resource",
        ResourceChange: {
          Action: "Add",
          LogicalResourceId: "Topic",
          ResourceType: TOPIC,
          Scope: [],
          Details: [],
        },
      },
    ]);
    assert.equal(done.state, "SUCCESS");
    const stack = await settled(h.cfn, name);
    assert.equal(stack.ChangeSetId, created.Id);
    assert.deepEqual((await eventLines(h.cfn, name)).slice(0, 2), [
      `${name} REVIEW_IN_PROGRESS User Initiated`,
      `${name} CREATE_IN_PROGRESS User Initiated`,
    ]);
    const executed = await h.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    assert.equal(executed.ExecutionStatus, "EXECUTE_COMPLETE");
  });

  it("describes an UPDATE change set's modifications, replacements and removals", async () => {
    // Prepare
    const name = uniqueStackName("cs");
    await createAndSettle(h.cfn, name, {
      ...template,
      Resources: { ...template.Resources, Old: { Type: QUEUE } },
    });

    // Act: Size changes through its parameter; the topic's create-only Name changes; Old goes.
    await createChangeSet(
      name,
      "second",
      {
        ...template,
        Resources: {
          ...template.Resources,
          Topic: { Type: TOPIC, Properties: { TopicName: { "Fn::Sub": "${AWS::StackName}-renamed" } } },
        },
      },
      { Parameters: [{ ParameterKey: "Size", ParameterValue: "5" }] },
    );
    const changeSet = await changeSetSettled(h.cfn, name, "second");

    // Assess
    assert.equal(changeSet.Status, "CREATE_COMPLETE");
    const changes = changeSet.Changes!.map((c) => c.ResourceChange!);
    assert.deepEqual(
      changes.map((c) => [c.Action, c.LogicalResourceId, c.Replacement ?? "-", c.Scope]),
      [
        ["Modify", "Queue", "False", ["Properties"]],
        ["Modify", "Topic", "True", ["Properties"]],
        ["Remove", "Old", "-", []],
      ],
    );
    assert.deepEqual(changes[1]!.Details, [
      {
        Target: { Attribute: "Properties", Name: "TopicName", RequiresRecreation: "Always" },
        Evaluation: "Static",
        ChangeSource: "DirectModification",
      },
    ]);
    assert.equal(changes[2]!.PolicyAction, "Delete");
    assert.ok(changes[2]!.PhysicalResourceId);
  });

  it("executes an UPDATE change set", async () => {
    const name = uniqueStackName("cs");
    await createAndSettle(h.cfn, name, template);
    await createChangeSet(name, "bigger", template, {
      Parameters: [{ ParameterKey: "Size", ParameterValue: "9" }],
    });
    await changeSetSettled(h.cfn, name, "bigger");

    await h.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: "bigger", StackName: name }));
    const result = await waitUntilStackUpdateComplete(waiter(h.cfn), { StackName: name });

    assert.equal(result.state, "SUCCESS");
    assert.deepEqual((await settled(h.cfn, name)).Parameters, [
      { ParameterKey: "Size", ParameterValue: "9" },
    ]);
  });

  it("fails a change set that changes nothing, with AWS's reason", async () => {
    // Prepare
    const name = uniqueStackName("cs");
    await createAndSettle(h.cfn, name, template);

    // Act
    const created = await createChangeSet(name, "same", template);
    const wait = await waitUntilChangeSetCreateComplete(waiter(h.cfn), { ChangeSetName: created.Id }).catch(
      (error: Error) => error,
    );
    const changeSet = await h.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    const execute = await awsError(() =>
      h.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id })),
    );

    // Assess
    assert.ok(wait instanceof Error, "the waiter reports the failure");
    assert.equal(changeSet.Status, "FAILED");
    assert.equal(changeSet.StatusReason, NO_CHANGES);
    assert.equal(changeSet.ExecutionStatus, "UNAVAILABLE");
    assert.deepEqual(changeSet.Changes, []);
    assert.equal(execute.name, "InvalidChangeSetStatusException");
    assert.equal(
      execute.message,
      `ChangeSet [${created.Id}] cannot be executed in its current status of [FAILED]`,
    );
  });

  it("refuses a CREATE change set for a stack that exists", async () => {
    const name = uniqueStackName("cs");
    await createAndSettle(h.cfn, name, template);

    const error = await awsError(() => createChangeSet(name, "again", template, { ChangeSetType: "CREATE" }));

    assert.equal(
      error.message,
      `Stack [${name}] already exists and cannot be created again with the changeSet [again].`,
    );
  });

  it("refuses an UPDATE change set for a stack that does not exist", async () => {
    const error = await awsError(() => createChangeSet("no-stack-here", "update", template));

    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, "Stack [no-stack-here] does not exist");
  });

  it("needs the stack's name to find a change set by name", async () => {
    const error = await awsError(() =>
      h.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: "anything" })),
    );

    assert.equal(error.message, "StackName must be specified if ChangeSetName is not specified as an ARN.");
  });

  it("forgets a deleted change set", async () => {
    // Prepare
    const name = uniqueStackName("cs");
    const created = await createChangeSet(name, "doomed", template, { ChangeSetType: "CREATE" });
    await changeSetSettled(h.cfn, name, "doomed");

    // Act
    await h.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id }));
    const error = await awsError(() =>
      h.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id })),
    );

    // Assess
    assert.equal(error.name, "ChangeSetNotFoundException");
    assert.equal(error.message, `ChangeSet [${created.Id}] does not exist`);
    assert.equal(error.$metadata?.httpStatusCode, 404);
  });

  it("lists a stack's change sets", async () => {
    const name = uniqueStackName("cs");
    await createChangeSet(name, "one", template, { ChangeSetType: "CREATE" });
    await createChangeSet(name, "two", template, { ChangeSetType: "CREATE" });
    await changeSetSettled(h.cfn, name, "two");

    const { Summaries } = await h.cfn.send(new ListChangeSetsCommand({ StackName: name }));

    assert.deepEqual(
      Summaries!.map((s) => [s.ChangeSetName, s.Status, s.ExecutionStatus, s.StackName]),
      [
        ["one", "CREATE_COMPLETE", "AVAILABLE", name],
        ["two", "CREATE_COMPLETE", "AVAILABLE", name],
      ],
    );
  });

  it("refuses a template summary of a stack still in review", async () => {
    const name = uniqueStackName("cs");
    await createChangeSet(name, "pending", template, { ChangeSetType: "CREATE" });

    const error = await awsError(() => h.cfn.send(new GetTemplateSummaryCommand({ StackName: name })));

    assert.equal(error.message, "GetTemplateSummary cannot be called on REVIEW_IN_PROGRESS stacks.");
  });

  it("summarizes a deployed stack's parameters for the next deployment", async () => {
    const name = uniqueStackName("cs");
    await createAndSettle(h.cfn, name, template);

    const summary = await h.cfn.send(new GetTemplateSummaryCommand({ StackName: name }));

    assert.deepEqual(summary.Parameters, [
      {
        ParameterKey: "Size",
        DefaultValue: "1",
        ParameterType: "Number",
        NoEcho: false,
        ParameterConstraints: {},
      },
    ]);
    assert.deepEqual(summary.ResourceTypes, [QUEUE, TOPIC]);
    assert.equal(summary.Version, "2010-09-09");
  });
});
