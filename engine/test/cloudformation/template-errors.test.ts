/**
 * Templates CloudFormation refuses before creating anything, each with AWS's ValidationError text
 * (as recorded in LocalStack's snapshots of real responses where one exists): circular and
 * unresolved dependencies, unknown types and attributes, malformed documents and sections.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DescribeStacksCommand,
  ValidateTemplateCommand,
} from "@aws-sdk/client-cloudformation";
import { awsError } from "../support/engine.ts";
import { type CfnHarness, json, QUEUE, startCfn, uniqueStackName } from "./support.ts";

const queue = { Type: QUEUE };

const CASES: { name: string; template: Record<string, unknown> | string; message: string }[] = [
  {
    name: "a circular dependency",
    template: {
      Resources: {
        A: { Type: QUEUE, Properties: { Peer: { Ref: "B" } } },
        B: { Type: QUEUE, Properties: { Peer: { "Fn::GetAtt": ["A", "Arn"] } } },
        C: queue,
      },
    },
    message: "Circular dependency between resources: [A, B]",
  },
  {
    name: "a cycle through DependsOn and Fn::Sub",
    template: {
      Resources: {
        A: { Type: QUEUE, DependsOn: "B" },
        B: { Type: QUEUE, Properties: { Name: { "Fn::Sub": "${A.Arn}-b" } } },
      },
    },
    message: "Circular dependency between resources: [A, B]",
  },
  {
    name: "a Ref to nothing",
    template: { Resources: { A: { Type: QUEUE, Properties: { Peer: { Ref: "Missing" } } } } },
    message:
      "Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template",
  },
  {
    name: "a DependsOn naming nothing",
    template: { Resources: { A: { Type: QUEUE, DependsOn: ["NonExistingResource"] } } },
    message:
      "Template format error: Unresolved resource dependencies [NonExistingResource] in the Resources block of the template",
  },
  {
    name: "a Fn::Sub variable naming nothing",
    template: { Resources: { A: { Type: QUEUE, Properties: { Name: { "Fn::Sub": "${Nope}-a" } } } } },
    message:
      "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template",
  },
  {
    name: "an output referring to nothing",
    template: { Resources: { A: queue }, Outputs: { Out: { Value: { Ref: "Gone" } } } },
    message:
      "Template format error: Unresolved resource dependencies [Gone] in the Outputs block of the template",
  },
  {
    name: "a resource type AWS does not have",
    template: { Resources: { A: { Type: "AWS::Foo::Bar" }, B: queue } },
    message: "Template format error: Unrecognized resource types: [AWS::Foo::Bar]",
  },
  {
    name: "an attribute the type does not have",
    template: { Resources: { A: queue }, Outputs: { Out: { Value: { "Fn::GetAtt": ["A", "Nope"] } } } },
    message: "Template error: resource A does not support attribute type Nope in Fn::GetAtt",
  },
  {
    name: "Fn::GetAtt of a resource that is not there",
    template: { Resources: { A: { Type: QUEUE, Properties: { X: { "Fn::GetAtt": ["Ghost", "Arn"] } } } } },
    message: "Template error: instance of Fn::GetAtt references undefined resource Ghost",
  },
  {
    name: "no Resources",
    template: { Outputs: { Out: { Value: "x" } } },
    message: "Template format error: At least one Resources member must be defined.",
  },
  {
    name: "a resource without a Type",
    template: { Resources: { A: { Properties: {} } } },
    message: "Template format error: [/Resources/A] Every Resources object must contain a Type member.",
  },
  {
    name: "an unknown resource attribute",
    template: { Resources: { A: { Type: QUEUE, Invalid: true } } },
    message: "Invalid template resource property 'Invalid'",
  },
  {
    name: "a resource that is not an object",
    template: { Resources: { A: "AWS::SQS::Queue" } },
    message: "Template format error: Any Resources member must be an object.",
  },
  {
    name: "a null value",
    template: "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n",
    message: "[/Resources/A/Properties] 'null' values are not allowed in templates",
  },
  {
    name: "an output without a Value",
    template: { Resources: { A: queue }, Outputs: { Out: { Description: "no value" } } },
    message: "Template format error: Every Outputs member must contain a Value object",
  },
  {
    name: "an unknown top-level section",
    template: { Resources: { A: queue }, Resource: {} },
    message: "Template format error: Invalid template property or properties [Resource]",
  },
  {
    name: "a logical id that is not alphanumeric",
    template: { Resources: { "my-queue": queue } },
    message: "Template format error: Resource name my-queue is non alphanumeric.",
  },
  {
    name: "a mapping without the key asked for",
    template: {
      Mappings: { TopicSuffixMap: { A: { Suffix: "a" } } },
      Resources: {
        A: { Type: QUEUE, Properties: { S: { "Fn::FindInMap": ["TopicSuffixMap", "C", "Suffix"] } } },
      },
    },
    message: "Template error: Unable to get mapping for TopicSuffixMap::C::Suffix",
  },
  {
    name: "a mapping attribute that is an object",
    template: { Mappings: { M: { A: { Deep: { Too: "deep" } } } }, Resources: { A: queue } },
    message: "Template format error: Every Mappings attribute must be a String or a List.",
  },
  {
    name: "a mapping member that is not a map",
    template: { Mappings: { M: { A: "flat" } }, Resources: { A: queue } },
    message: "Template format error: Every Mappings member A must be a map",
  },
  {
    name: "Fn::If naming no condition",
    template: { Resources: { A: { Type: QUEUE, Properties: { X: { "Fn::If": ["Nope", "a", "b"] } } } } },
    message: "Template error: unresolved condition dependency Nope in Fn::If",
  },
  {
    name: "a condition referring to a resource",
    template: {
      Conditions: { C: { "Fn::Equals": [{ Ref: "A" }, "x"] } },
      Resources: { A: queue },
    },
    message:
      "Template format error: Unresolved dependencies [A]. Cannot reference resources in the Conditions block of the template",
  },
  {
    name: "JSON that is not well-formed",
    template: '{"Resources": {"A": {"Type": "AWS::SQS::Queue",}}}',
    message: "Template format error: JSON not well-formed. (line 1, column 48)",
  },
  {
    name: "YAML that is not well-formed",
    template: "Resources:\n  A:\n    Type: [AWS::SQS::Queue\n",
    message: "Template format error: YAML not well-formed. (line 4, column 1)",
  },
  {
    name: "more resources than the quota",
    template: { Resources: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`Q${i}`, queue])) },
    message: "Template format error: Number of resources, 501, is greater than maximum allowed, 500",
  },
];

describe("CloudFormation template errors", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  for (const { name, template, message } of CASES) {
    it(`refuses ${name} and creates nothing`, async () => {
      const stackName = uniqueStackName("bad");
      const body = typeof template === "string" ? template : json(template);

      const error = await awsError(() =>
        h.cfn.send(new CreateStackCommand({ StackName: stackName, TemplateBody: body })),
      );

      assert.equal(error.name, "ValidationError");
      assert.equal(error.message, message);
      const lookup = await awsError(() => h.cfn.send(new DescribeStacksCommand({ StackName: stackName })));
      assert.equal(lookup.message, `Stack with id ${stackName} does not exist`);
    });
  }

  it("refuses the same template in ValidateTemplate", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new ValidateTemplateCommand({ TemplateBody: json({ Resources: { A: { Type: "AWS::Foo::Bar" } } }) }),
      ),
    );

    assert.equal(error.message, "Template format error: Unrecognized resource types: [AWS::Foo::Bar]");
  });

  it("refuses the same template in CreateChangeSet, leaving no stack", async () => {
    const stackName = uniqueStackName("bad");

    const error = await awsError(() =>
      h.cfn.send(
        new CreateChangeSetCommand({
          StackName: stackName,
          ChangeSetName: "first",
          ChangeSetType: "CREATE",
          TemplateBody: json({ Resources: { A: { Type: QUEUE, DependsOn: "Nope" } } }),
        }),
      ),
    );

    assert.equal(
      error.message,
      "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template",
    );
    const lookup = await awsError(() => h.cfn.send(new DescribeStacksCommand({ StackName: stackName })));
    assert.equal(lookup.name, "ValidationError");
  });

  it("refuses a request without a template", async () => {
    const error = await awsError(() => h.cfn.send(new CreateStackCommand({ StackName: uniqueStackName() })));

    assert.equal(error.message, "Either Template URL or Template Body must be specified.");
  });

  it("refuses a template body over 51,200 bytes as the API's constraint", async () => {
    const body = json({ Description: "x".repeat(60_000), Resources: { A: queue } });

    const error = await awsError(() =>
      h.cfn.send(new CreateStackCommand({ StackName: uniqueStackName(), TemplateBody: body })),
    );

    assert.match(
      error.message,
      /^1 validation error detected: Value '.*' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200$/s,
    );
  });
});
