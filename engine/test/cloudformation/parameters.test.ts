/**
 * Template parameters: the values a request gives, defaults and previous values, and every
 * constraint CloudFormation checks, each refused with its ValidationError text before anything is
 * created. NoEcho values are masked wherever the stack is described.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateStackCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
  ValidateTemplateCommand,
} from "@aws-sdk/client-cloudformation";
import { awsError } from "../support/engine.ts";
import {
  type CfnHarness,
  createAndSettle,
  json,
  outputsOf,
  QUEUE,
  settled,
  startCfn,
  uniqueStackName,
} from "./support.ts";

/** A template with parameter P, passed to a resource and echoed as output P (lists joined by commas). */
const withParameter = (declaration: Record<string, unknown>) => {
  const list = /List/.test(String(declaration.Type));
  return {
    Parameters: { P: declaration },
    Resources: { Q: { Type: QUEUE, Properties: { Value: { Ref: "P" } } } },
    Outputs: { P: { Value: list ? { "Fn::Join": [",", { Ref: "P" }] } : { Ref: "P" } } },
  };
};

const REFUSALS: {
  name: string;
  declaration: Record<string, unknown>;
  value?: string;
  message: string;
}[] = [
  { name: "a missing value", declaration: { Type: "String" }, message: "Parameters: [P] must have values" },
  {
    name: "a value outside AllowedValues",
    declaration: { Type: "String", AllowedValues: ["dev", "prod"] },
    value: "test",
    message: "Parameter 'P' must be one of AllowedValues",
  },
  {
    name: "a value not matching AllowedPattern",
    declaration: { Type: "String", AllowedPattern: "^[a-z]+$" },
    value: "Abc",
    message: "Parameter 'P' must match pattern ^[a-z]+$",
  },
  {
    name: "a value shorter than MinLength",
    declaration: { Type: "String", MinLength: 8 },
    value: "short",
    message: "Parameter 'P' must contain at least 8 characters",
  },
  {
    name: "a value longer than MaxLength",
    declaration: { Type: "String", MaxLength: 3 },
    value: "long",
    message: "Parameter 'P' must contain at most 3 characters",
  },
  {
    name: "a Number that is not a number",
    declaration: { Type: "Number" },
    value: "ten",
    message: "Parameter 'P' must be a number",
  },
  {
    name: "a Number under MinValue",
    declaration: { Type: "Number", MinValue: 1 },
    value: "0",
    message: "Parameter 'P' must be a number not less than 1",
  },
  {
    name: "a Number over MaxValue",
    declaration: { Type: "Number", MaxValue: 10 },
    value: "11",
    message: "Parameter 'P' must be a number not greater than 10",
  },
  {
    name: "a List<Number> member that is not a number",
    declaration: { Type: "List<Number>" },
    value: "1,x",
    message: "Parameter 'P' must be a number",
  },
  {
    name: "a constraint failure with a ConstraintDescription",
    declaration: { Type: "String", AllowedPattern: "[0-9]+", ConstraintDescription: "must be digits only" },
    value: "12a",
    message: "Parameter 'P' must be digits only",
  },
  {
    name: "an AWS::SSM parameter type (the engine has no Parameter Store)",
    declaration: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/config/size" },
    message:
      "Template format error: Parameter P has type AWS::SSM::Parameter::Value<String>, which reads AWS Systems Manager Parameter Store; the Orderflow engine has no Parameter Store (see docs/CONFORMANCE.md)",
  },
  {
    name: "an unknown parameter type",
    declaration: { Type: "Integer" },
    value: "1",
    message: "Template format error: Unrecognized parameter type: Integer",
  },
  {
    name: "a declaration without a Type",
    declaration: { Default: "x" },
    message: "Template format error: Every Parameters object must contain a Type member.",
  },
  {
    name: "an unknown declaration property",
    declaration: { Type: "String", Default: "x", Required: true },
    message: "Invalid template parameter property 'Required'",
  },
];

const ACCEPTED: { name: string; declaration: Record<string, unknown>; value?: string; output: string }[] = [
  { name: "a default", declaration: { Type: "String", Default: "fallback" }, output: "fallback" },
  {
    name: "a given value over the default",
    declaration: { Type: "String", Default: "x" },
    value: "given",
    output: "given",
  },
  { name: "a numeric default written as a number", declaration: { Type: "Number", Default: 5 }, output: "5" },
  {
    name: "a CommaDelimitedList, split and trimmed",
    declaration: { Type: "CommaDelimitedList" },
    value: "a, b ,c",
    output: "a,b,c",
  },
  {
    name: "a CommaDelimitedList member by member against AllowedValues",
    declaration: { Type: "CommaDelimitedList", AllowedValues: ["a", "b"] },
    value: "b,a",
    output: "b,a",
  },
  {
    name: "an AWS-specific type as text",
    declaration: { Type: "AWS::EC2::VPC::Id" },
    value: "vpc-123",
    output: "vpc-123",
  },
];

describe("CloudFormation parameters", () => {
  let h: CfnHarness;
  before(async () => {
    h = await startCfn();
  });
  after(() => h.stop());

  for (const { name, declaration, value, message } of REFUSALS) {
    it(`refuses ${name}`, async () => {
      const error = await awsError(() =>
        h.cfn.send(
          new CreateStackCommand({
            StackName: uniqueStackName("param"),
            TemplateBody: json(withParameter(declaration)),
            Parameters: value === undefined ? [] : [{ ParameterKey: "P", ParameterValue: value }],
          }),
        ),
      );

      assert.equal(error.name, "ValidationError");
      assert.equal(error.message, message);
    });
  }

  for (const { name, declaration, value, output } of ACCEPTED) {
    it(`takes ${name}`, async () => {
      const stack = await createAndSettle(
        h.cfn,
        uniqueStackName("param"),
        withParameter(declaration),
        value === undefined ? {} : { P: value },
      );

      assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
      assert.equal(outputsOf(stack).P, output);
    });
  }

  it("refuses a value for a parameter the template does not declare", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: uniqueStackName("param"),
          TemplateBody: json(withParameter({ Type: "String", Default: "x" })),
          Parameters: [{ ParameterKey: "Other", ParameterValue: "1" }],
        }),
      ),
    );

    assert.equal(error.message, "Parameters: [Other] do not exist in the template");
  });

  it("lists every parameter without a value in one message", async () => {
    const error = await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({
          StackName: uniqueStackName("param"),
          TemplateBody: json({
            Parameters: { A: { Type: "String" }, B: { Type: "Number" } },
            Resources: { Q: { Type: QUEUE } },
          }),
        }),
      ),
    );

    assert.equal(error.message, "Parameters: [A, B] must have values");
  });

  it("masks a NoEcho value in DescribeStacks", async () => {
    const stack = await createAndSettle(
      h.cfn,
      uniqueStackName("param"),
      withParameter({ Type: "String", NoEcho: true }),
      { P: "secret" },
    );

    assert.deepEqual(stack.Parameters, [{ ParameterKey: "P", ParameterValue: "****" }]);
  });

  it("keeps a previous value on update when told to", async () => {
    // Prepare
    const name = uniqueStackName("param");
    const template = {
      Parameters: { Keep: { Type: "String" }, Change: { Type: "String" } },
      Resources: { Q: { Type: QUEUE, Properties: { Keep: { Ref: "Keep" }, Change: { Ref: "Change" } } } },
    };
    await createAndSettle(h.cfn, name, template, { Keep: "kept", Change: "before" });

    // Act
    await h.cfn.send(
      new UpdateStackCommand({
        StackName: name,
        UsePreviousTemplate: true,
        Parameters: [
          { ParameterKey: "Keep", UsePreviousValue: true },
          { ParameterKey: "Change", ParameterValue: "after" },
        ],
      }),
    );
    const stack = await settled(h.cfn, name);

    // Assess
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    assert.deepEqual(stack.Parameters, [
      { ParameterKey: "Keep", ParameterValue: "kept" },
      { ParameterKey: "Change", ParameterValue: "after" },
    ]);
  });

  it("describes declared parameters in ValidateTemplate", async () => {
    const output = await h.cfn.send(
      new ValidateTemplateCommand({
        TemplateBody: json({
          Description: "validated",
          Parameters: {
            KeyExample: { Type: "String", Description: "The key", Default: "k" },
            Secret: { Type: "String", NoEcho: true },
          },
          Resources: { Q: { Type: QUEUE } },
        }),
      }),
    );

    assert.deepEqual(output.Parameters, [
      { ParameterKey: "KeyExample", DefaultValue: "k", NoEcho: false, Description: "The key" },
      { ParameterKey: "Secret", NoEcho: true },
    ]);
    assert.equal(output.Description, "validated");
    assert.deepEqual(output.Capabilities, []);
  });

  it("does not create the stack a refused parameter was for", async () => {
    const name = uniqueStackName("param");
    await awsError(() =>
      h.cfn.send(
        new CreateStackCommand({ StackName: name, TemplateBody: json(withParameter({ Type: "Number" })) }),
      ),
    );

    const error = await awsError(() => h.cfn.send(new DescribeStacksCommand({ StackName: name })));

    assert.equal(error.message, `Stack with id ${name} does not exist`);
  });
});
