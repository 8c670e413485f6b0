/**
 * How the core runs a template's transform (the SAM transform is injected here as a fake; its own
 * suite tests the real one): expanded before deploying, the Processed template kept, a failing
 * transform failing the change set with AWS's wording, CAPABILITY_AUTO_EXPAND required of stack
 * operations, transforms other than SAM refused by name. Also the IAM capabilities.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
} from "@aws-sdk/client-cloudformation";
import type { TemplateExpander } from "../../src/services/cloudformation/template/prepare.ts";
import { awsError } from "../support/engine.ts";
import {
  type CfnHarness,
  changeSetSettled,
  createAndSettle,
  json,
  QUEUE,
  startCfn,
  uniqueStackName,
} from "./support.ts";

const SAM = "AWS::Serverless-2016-10-31";

/** A stand-in for the SAM transform: Fake::Queue → AWS::SQS::Queue; `Explode` makes it fail. */
const expansions: Parameters<TemplateExpander>[1][] = [];
const fakeSam: TemplateExpander = async (template, ctx) => {
  expansions.push(ctx);
  const resources = template.Resources as Record<string, Record<string, unknown>>;
  if (Object.values(resources).some((r) => r.Type === "Explode")) {
    throw new Error("Invalid Serverless Application Specification document. Number of errors found: 1.");
  }
  const { Transform: _transform, ...rest } = template;
  return {
    ...rest,
    Resources: Object.fromEntries(
      Object.entries(resources).map(([id, r]) => [id, r.Type === "Fake::Queue" ? { ...r, Type: QUEUE } : r]),
    ),
  };
};

describe("CloudFormation transforms and capabilities", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn({ expandSam: async () => fakeSam });
  });
  after(() => h.stop());

  const samTemplate = {
    Transform: SAM,
    Resources: { Queue: { Type: "Fake::Queue", Properties: { Size: 1 } } },
  };

  it("expands a template before deploying it, and keeps both stages", async () => {
    // Prepare
    const name = uniqueStackName("sam");
    const start = h.cloud.calls.length;

    // Act
    const stack = await createAndSettle(
      h.cfn,
      name,
      samTemplate,
      {},
      { Capabilities: ["CAPABILITY_AUTO_EXPAND"] },
    );
    const original = await h.cfn.send(new GetTemplateCommand({ StackName: name }));
    const processed = await h.cfn.send(
      new GetTemplateCommand({ StackName: name, TemplateStage: "Processed" }),
    );

    // Assess
    assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
    assert.deepEqual(
      h.cloud.calls.slice(start).map((c) => [c.action, c.type]),
      [["create", QUEUE]],
    );
    assert.deepEqual(JSON.parse(original.TemplateBody!), samTemplate);
    assert.deepEqual(JSON.parse(processed.TemplateBody!), {
      Resources: { Queue: { Type: QUEUE, Properties: { Size: 1 } } },
    });
    const ctx = expansions.at(-1)!;
    assert.deepEqual([ctx.stackName, ctx.region, ctx.accountId], [name, "us-east-1", "000000000000"]);
    assert.throws(
      () => ctx.resolveLocalCode("/etc"),
      /outside the directories the engine may read code from/,
    );
  });

  it("fails the change set when the transform fails, with AWS's wording", async () => {
    const name = uniqueStackName("sam");

    await h.cfn.send(
      new CreateChangeSetCommand({
        StackName: name,
        ChangeSetName: "broken",
        ChangeSetType: "CREATE",
        TemplateBody: json({ Transform: SAM, Resources: { Bad: { Type: "Explode" } } }),
      }),
    );
    const changeSet = await changeSetSettled(h.cfn, name, "broken");

    assert.equal(changeSet.Status, "FAILED");
    assert.equal(
      changeSet.StatusReason,
      `Transform ${SAM} failed with: Invalid Serverless Application Specification document. Number of errors found: 1.`,
    );
  });

  it("requires CAPABILITY_AUTO_EXPAND to create a stack whose template has a transform", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({ StackName: uniqueStackName("sam"), TemplateBody: json(samTemplate) }),
      ),
    );

    assert.equal(error.name, "InsufficientCapabilitiesException");
    assert.equal(error.message, "Requires capabilities : [CAPABILITY_AUTO_EXPAND]");
  });

  it("refuses a transform other than SAM's by name", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: uniqueStackName("sam"),
          Capabilities: ["CAPABILITY_AUTO_EXPAND"],
          TemplateBody: json({ Transform: "AWS::LanguageExtensions", Resources: { Q: { Type: QUEUE } } }),
        }),
      ),
    );

    assert.equal(
      error.message,
      "Transform AWS::LanguageExtensions is not supported by the Orderflow engine; only AWS::Serverless-2016-10-31 is (see docs/CONFORMANCE.md)",
    );
  });

  it("requires CAPABILITY_IAM for an IAM resource", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: uniqueStackName("iam"),
          TemplateBody: json({ Resources: { Role: { Type: "AWS::IAM::Role", Properties: {} } } }),
        }),
      ),
    );

    assert.equal(error.name, "InsufficientCapabilitiesException");
    assert.equal(error.message, "Requires capabilities : [CAPABILITY_IAM]");
  });

  it("requires CAPABILITY_NAMED_IAM for a named IAM resource", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: uniqueStackName("iam"),
          Capabilities: ["CAPABILITY_IAM"],
          TemplateBody: json({
            Resources: { Role: { Type: "AWS::IAM::Role", Properties: { RoleName: "fixed" } } },
          }),
        }),
      ),
    );

    assert.equal(error.message, "Requires capabilities : [CAPABILITY_NAMED_IAM]");
  });

  it("summarizes the capabilities a template needs", async () => {
    const summary = await h.cfn.send(
      new GetTemplateSummaryCommand({
        TemplateBody: json({ Resources: { Role: { Type: "AWS::IAM::Role" }, Q: { Type: QUEUE } } }),
      }),
    );

    assert.deepEqual(summary.Capabilities, ["CAPABILITY_IAM"]);
    assert.equal(
      summary.CapabilitiesReason,
      "The following resource(s) require capabilities: [AWS::IAM::Role]",
    );
    assert.deepEqual(summary.ResourceIdentifierSummaries, [
      { ResourceType: "AWS::IAM::Role", LogicalResourceIds: ["Role"] },
      { ResourceType: QUEUE, LogicalResourceIds: ["Q"] },
    ]);
  });
});
