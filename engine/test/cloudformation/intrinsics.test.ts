/**
 * The intrinsic functions, pseudo parameters and conditions, table-driven: each case deploys a
 * stack whose output (or resource properties) uses one of them, and reads the result back
 * through DescribeStacks, as a client would.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type CfnHarness,
  createAndSettle,
  outputsOf,
  QUEUE,
  startCfn,
  TOPIC,
  uniqueStackName,
} from "./support.ts";

/** Every case's stack has these: a queue, a topic, parameters, a mapping and conditions. */
const base = {
  Parameters: {
    Env: { Type: "String", Default: "prod" },
    Zones: { Type: "CommaDelimitedList", Default: "a, b,c" },
    Sizes: { Type: "List<Number>", Default: "1,2,3" },
    Count: { Type: "Number", Default: 3 },
    Attribute: { Type: "String", Default: "QueueName" },
  },
  Mappings: {
    Sizes: { prod: { Memory: "1024", Zones: ["x", "y"] }, dev: { Memory: "128", Zones: ["z"] } },
  },
  Conditions: {
    IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
    IsDev: { "Fn::Not": [{ Condition: "IsProd" }] },
    ProdOrDev: { "Fn::Or": [{ Condition: "IsProd" }, { Condition: "IsDev" }] },
    ProdAndThree: { "Fn::And": [{ Condition: "IsProd" }, { "Fn::Equals": [{ Ref: "Count" }, 3] }] },
  },
  Resources: {
    Q: { Type: QUEUE, Properties: { Name: { "Fn::Sub": "${AWS::StackName}-queue" } } },
    T: { Type: TOPIC, Properties: { Name: { "Fn::Sub": "${AWS::StackName}-topic" } } },
  },
};

const OUTPUT_CASES: {
  name: string;
  value: unknown;
  expected: (stackName: string, stackId: string) => string;
}[] = [
  { name: "Ref of a parameter", value: { Ref: "Env" }, expected: () => "prod" },
  { name: "Ref of a resource (its physical id)", value: { Ref: "Q" }, expected: (s) => `${s}-queue` },
  { name: "Ref AWS::AccountId", value: { Ref: "AWS::AccountId" }, expected: () => "000000000000" },
  { name: "Ref AWS::Region", value: { Ref: "AWS::Region" }, expected: () => "us-east-1" },
  { name: "Ref AWS::StackName", value: { Ref: "AWS::StackName" }, expected: (s) => s },
  { name: "Ref AWS::StackId", value: { Ref: "AWS::StackId" }, expected: (_s, id) => id },
  { name: "Ref AWS::Partition", value: { Ref: "AWS::Partition" }, expected: () => "aws" },
  { name: "Ref AWS::URLSuffix", value: { Ref: "AWS::URLSuffix" }, expected: () => "amazonaws.com" },
  {
    name: "Ref AWS::NotificationARNs (empty)",
    value: { "Fn::Join": ["|", { Ref: "AWS::NotificationARNs" }] },
    expected: () => "",
  },
  {
    name: "Fn::GetAtt in list form",
    value: { "Fn::GetAtt": ["Q", "Arn"] },
    expected: (s) => `arn:aws:fake:${s}-queue`,
  },
  {
    name: "Fn::GetAtt in dotted form",
    value: { "Fn::GetAtt": "T.TopicName" },
    expected: (s) => `${s}-topic`,
  },
  {
    name: "Fn::GetAtt with the attribute from a Ref",
    value: { "Fn::GetAtt": ["Q", { Ref: "Attribute" }] },
    expected: (s) => `${s}-queue`,
  },
  {
    name: "Fn::Sub with pseudo parameters",
    value: { "Fn::Sub": "${AWS::Region}:${AWS::AccountId}" },
    expected: () => "us-east-1:000000000000",
  },
  {
    name: "Fn::Sub with Res.Attr",
    value: { "Fn::Sub": "q=${Q.Arn}" },
    expected: (s) => `q=arn:aws:fake:${s}-queue`,
  },
  {
    name: "Fn::Sub with its own variables",
    value: { "Fn::Sub": ["${Greeting}, ${Env}", { Greeting: { "Fn::Join": ["", ["hel", "lo"]] } }] },
    expected: () => "hello, prod",
  },
  {
    name: "Fn::Sub with a literal ${!…}",
    value: { "Fn::Sub": "${!Literal}-${Env}" },
    expected: () => "${Literal}-prod",
  },
  { name: "Fn::Join", value: { "Fn::Join": ["-", ["a", { Ref: "Env" }, 3]] }, expected: () => "a-prod-3" },
  {
    name: "Fn::Join of a CommaDelimitedList",
    value: { "Fn::Join": ["/", { Ref: "Zones" }] },
    expected: () => "a/b/c",
  },
  { name: "Fn::Select", value: { "Fn::Select": ["1", { Ref: "Zones" }] }, expected: () => "b" },
  {
    name: "Fn::Select from List<Number>",
    value: { "Fn::Select": [2, { Ref: "Sizes" }] },
    expected: () => "3",
  },
  {
    name: "Fn::Split then Fn::Select",
    value: { "Fn::Select": [2, { "Fn::Split": [":", "arn:aws:sqs"] }] },
    expected: () => "sqs",
  },
  {
    name: "Fn::If on a true condition",
    value: { "Fn::If": ["IsProd", "big", "small"] },
    expected: () => "big",
  },
  {
    name: "Fn::If on a false condition",
    value: { "Fn::If": ["IsDev", "big", "small"] },
    expected: () => "small",
  },
  {
    name: "Fn::Or of conditions",
    value: { "Fn::If": ["ProdOrDev", "either", "neither"] },
    expected: () => "either",
  },
  {
    name: "Fn::And with Fn::Equals on a number",
    value: { "Fn::If": ["ProdAndThree", "both", "not both"] },
    expected: () => "both",
  },
  {
    name: "Fn::FindInMap with a Ref key",
    value: { "Fn::FindInMap": ["Sizes", { Ref: "Env" }, "Memory"] },
    expected: () => "1024",
  },
  {
    name: "Fn::FindInMap of a list",
    value: { "Fn::Join": [",", { "Fn::FindInMap": ["Sizes", "prod", "Zones"] }] },
    expected: () => "x,y",
  },
  {
    name: "Fn::Base64",
    value: { "Fn::Base64": { "Fn::Sub": "echo ${Env}" } },
    expected: () => "ZWNobyBwcm9k",
  },
  {
    name: "Fn::GetAZs of the stack's region",
    value: { "Fn::Join": [",", { "Fn::GetAZs": "" }] },
    expected: () => "us-east-1a,us-east-1b,us-east-1c",
  },
  {
    name: "Fn::Cidr",
    value: { "Fn::Join": [",", { "Fn::Cidr": ["10.0.0.0/16", 3, 8] }] },
    expected: () => "10.0.0.0/24,10.0.1.0/24,10.0.2.0/24",
  },
];

describe("CloudFormation intrinsic functions", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  for (const { name, value, expected } of OUTPUT_CASES) {
    it(`evaluates ${name}`, async () => {
      const stackName = uniqueStackName("fn");

      const stack = await createAndSettle(h.cfn, stackName, { ...base, Outputs: { Out: { Value: value } } });

      assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
      assert.equal(outputsOf(stack).Out, expected(stackName, stack.StackId!));
    });
  }

  it("removes a property whose value is AWS::NoValue", async () => {
    const stackName = uniqueStackName("fn");
    const start = h.cloud.calls.length;

    await createAndSettle(h.cfn, stackName, {
      ...base,
      Resources: {
        ...base.Resources,
        X: {
          Type: QUEUE,
          Properties: {
            Kept: "yes",
            Dropped: { "Fn::If": ["IsDev", "dev only", { Ref: "AWS::NoValue" }] },
            List: ["a", { "Fn::If": ["IsDev", "b", { Ref: "AWS::NoValue" }] }, "c"],
          },
        },
      },
    });

    const call = h.cloud.calls.slice(start).find((c) => c.logicalId === "X")!;
    assert.deepEqual(call.properties, { Kept: "yes", List: ["a", "c"] });
  });

  for (const { env, created } of [
    { env: "prod", created: ["Q", "T", "ProdOnly"] },
    { env: "dev", created: ["Q", "T", "DevOnly"] },
  ]) {
    it(`creates only the resources and outputs whose condition holds (Env=${env})`, async () => {
      const stackName = uniqueStackName("cond");
      const start = h.cloud.calls.length;

      const stack = await createAndSettle(
        h.cfn,
        stackName,
        {
          ...base,
          Resources: {
            ...base.Resources,
            ProdOnly: { Type: QUEUE, Condition: "IsProd" },
            DevOnly: { Type: QUEUE, Condition: "IsDev", Properties: { Peer: { Ref: "Q" } } },
          },
          Outputs: {
            Prod: { Condition: "IsProd", Value: { Ref: "ProdOnly" } },
            Dev: { Condition: "IsDev", Value: { Ref: "DevOnly" } },
          },
        },
        { Env: env },
      );

      assert.equal(stack.StackStatus, "CREATE_COMPLETE");
      assert.deepEqual(
        h.cloud.calls.slice(start).map((c) => c.logicalId),
        created,
      );
      assert.deepEqual(Object.keys(outputsOf(stack)), [env === "prod" ? "Prod" : "Dev"]);
    });
  }

  it("exports an output and lists it", async () => {
    const stackName = uniqueStackName("fn");
    const stack = await createAndSettle(h.cfn, stackName, {
      ...base,
      Outputs: {
        Out: { Value: { Ref: "Q" }, Export: { Name: { "Fn::Sub": "${AWS::StackName}-queue-name" } } },
      },
    });

    assert.deepEqual(stack.Outputs, [
      { OutputKey: "Out", OutputValue: `${stackName}-queue`, ExportName: `${stackName}-queue-name` },
    ]);
  });
});
