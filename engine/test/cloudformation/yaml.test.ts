/**
 * YAML templates: every short-form tag read as its long form (table-driven, at the parser), and a
 * YAML template deployed end to end with them through the SDK.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseTemplate } from "../../src/services/cloudformation/template/parse.ts";
import { type CfnHarness, createAndSettle, outputsOf, startCfn, uniqueStackName } from "./support.ts";

const SHORT_FORMS: { yaml: string; long: unknown }[] = [
  { yaml: "!Ref Name", long: { Ref: "Name" } },
  { yaml: "!GetAtt Queue.Arn", long: { "Fn::GetAtt": ["Queue", "Arn"] } },
  {
    yaml: "!GetAtt Queue.RedrivePolicy.deadLetterTargetArn",
    long: { "Fn::GetAtt": ["Queue", "RedrivePolicy.deadLetterTargetArn"] },
  },
  { yaml: "!GetAtt [Queue, Arn]", long: { "Fn::GetAtt": ["Queue", "Arn"] } },
  { yaml: "!Sub '${AWS::Region}-x'", long: { "Fn::Sub": "${AWS::Region}-x" } },
  { yaml: "!Sub ['${A}-x', {A: !Ref B}]", long: { "Fn::Sub": ["${A}-x", { A: { Ref: "B" } }] } },
  { yaml: "!Join ['', [a, !Ref B]]", long: { "Fn::Join": ["", ["a", { Ref: "B" }]] } },
  { yaml: "!Select [0, !GetAZs '']", long: { "Fn::Select": [0, { "Fn::GetAZs": "" }] } },
  { yaml: "!Split [',', 'a,b']", long: { "Fn::Split": [",", "a,b"] } },
  { yaml: "!If [Cond, a, !Ref AWS::NoValue]", long: { "Fn::If": ["Cond", "a", { Ref: "AWS::NoValue" }] } },
  { yaml: "!Equals [!Ref Env, prod]", long: { "Fn::Equals": [{ Ref: "Env" }, "prod"] } },
  {
    yaml: "!And [!Condition A, !Condition B]",
    long: { "Fn::And": [{ Condition: "A" }, { Condition: "B" }] },
  },
  { yaml: "!Or [!Condition A, !Condition B]", long: { "Fn::Or": [{ Condition: "A" }, { Condition: "B" }] } },
  { yaml: "!Not [!Condition A]", long: { "Fn::Not": [{ Condition: "A" }] } },
  { yaml: "!FindInMap [Map, !Ref Key, Attr]", long: { "Fn::FindInMap": ["Map", { Ref: "Key" }, "Attr"] } },
  { yaml: "!ImportValue shared-queue", long: { "Fn::ImportValue": "shared-queue" } },
  {
    yaml: "!ImportValue {'Fn::Sub': '${Env}-queue'}",
    long: { "Fn::ImportValue": { "Fn::Sub": "${Env}-queue" } },
  },
  { yaml: "!GetAZs us-west-2", long: { "Fn::GetAZs": "us-west-2" } },
  { yaml: "!Base64 text", long: { "Fn::Base64": "text" } },
  { yaml: "!Cidr [10.0.0.0/16, 4, 8]", long: { "Fn::Cidr": ["10.0.0.0/16", 4, 8] } },
  { yaml: "!Condition IsProd", long: { Condition: "IsProd" } },
];

describe("CloudFormation YAML templates", () => {
  for (const { yaml, long } of SHORT_FORMS) {
    it(`reads ${yaml}`, () => {
      const template = parseTemplate(`Value: ${yaml}\n`) as unknown as { Value: unknown };

      assert.deepEqual(template.Value, long);
    });
  }

  it("keeps an unquoted template format version a string", () => {
    const template = parseTemplate("AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n");

    assert.equal(template.AWSTemplateFormatVersion, "2010-09-09");
  });

  describe("deployed", () => {
    let h: CfnHarness;
    before(async () => {
      h = await startCfn();
    });
    after(() => h.stop());

    it("deploys a template written with short forms", async () => {
      const name = uniqueStackName("yaml");
      const body = `
AWSTemplateFormatVersion: 2010-09-09
Parameters:
  Env:
    Type: String
    Default: prod
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      Name: !Sub "\${AWS::StackName}-orders"
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Join ["-", [!Ref Env, !Select [1, !Split [":", !GetAtt Queue.Arn]]]]
Outputs:
  Queue:
    Value: !GetAtt [Queue, QueueName]
  Topic:
    Value: !If [IsProd, !Ref Topic, none]
  Encoded:
    Value: !Base64 {"Fn::Sub": "\${Env}"}
`;

      const stack = await createAndSettle(h.cfn, name, body);

      assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
      assert.deepEqual(outputsOf(stack), { Queue: `${name}-orders`, Topic: "prod-aws", Encoded: "cHJvZA==" });
    });
  });
});
