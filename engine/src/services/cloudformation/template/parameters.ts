/**
 * Template parameters: their declarations, and the values a request gives them (or their
 * defaults, or the stack's previous values), checked against the declared type and constraints.
 * AWS: parameters-section-structure. Each message is CloudFormation's ValidationError text.
 */
import { MAX_PARAMETER_VALUE_BYTES } from "../constants.ts";
import { ValidationError } from "../errors.ts";
import type { StackParameterValue } from "../model.ts";
import { isRecord, type ParameterDeclaration, type ResolvedParameter, type Template } from "./types.ts";

const PROPERTIES = new Set([
  "Type",
  "Default",
  "AllowedValues",
  "AllowedPattern",
  "ConstraintDescription",
  "Description",
  "MinLength",
  "MaxLength",
  "MinValue",
  "MaxValue",
  "NoEcho",
]);

/** AWS-specific types whose values the engine takes as given (it has no EC2 or Route 53). */
const AWS_SPECIFIC_TYPES = new Set([
  "AWS::EC2::AvailabilityZone::Name",
  "AWS::EC2::Image::Id",
  "AWS::EC2::Instance::Id",
  "AWS::EC2::KeyPair::KeyName",
  "AWS::EC2::SecurityGroup::GroupName",
  "AWS::EC2::SecurityGroup::Id",
  "AWS::EC2::Subnet::Id",
  "AWS::EC2::Volume::Id",
  "AWS::EC2::VPC::Id",
  "AWS::Route53::HostedZone::Id",
  "AWS::SSM::Parameter::Name",
]);

/** A parameter value a request carries (the wire's Parameter shape). */
export interface GivenParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

type Kind = "string" | "number" | "numberList" | "list";

function kindOf(name: string, type: unknown): Kind {
  if (typeof type !== "string") {
    throw new ValidationError("Template format error: Every Parameters object must contain a Type member.");
  }
  if (type === "String") return "string";
  if (type === "Number") return "number";
  if (type === "List<Number>") return "numberList";
  if (type === "CommaDelimitedList") return "list";
  if (type.startsWith("AWS::SSM::Parameter::Value<")) {
    throw new ValidationError(
      `Template format error: Parameter ${name} has type ${type}, which reads AWS Systems Manager Parameter Store; the Orderflow engine has no Parameter Store (see docs/CONFORMANCE.md)`,
    );
  }
  if (AWS_SPECIFIC_TYPES.has(type)) return "string";
  const list = /^List<(.+)>$/.exec(type);
  if (list && AWS_SPECIFIC_TYPES.has(list[1]!)) return "list";
  throw new ValidationError(`Template format error: Unrecognized parameter type: ${type}`);
}

/** Checks every declaration's shape (run for ValidateTemplate too). */
export function checkParameterDeclarations(template: Template): void {
  for (const [name, declaration] of Object.entries(template.Parameters ?? {})) {
    if (!isRecord(declaration)) {
      throw new ValidationError("Template format error: Every Parameters object must contain a Type member.");
    }
    for (const key of Object.keys(declaration)) {
      if (!PROPERTIES.has(key)) throw new ValidationError(`Invalid template parameter property '${key}'`);
    }
    kindOf(name, declaration.Type);
  }
}

/** A template value (a YAML number, a list default) as the text CloudFormation sees. */
function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(",");
  return String(value);
}

export function isNoEcho(declaration: ParameterDeclaration): boolean {
  return declaration.NoEcho === true || String(declaration.NoEcho).toLowerCase() === "true";
}

/**
 * The value of every declared parameter, in declaration order. `previous` is the stack's current
 * values (for UsePreviousValue); absent when the stack is being created.
 */
export function resolveParameters(
  template: Template,
  given: readonly GivenParameter[],
  previous?: readonly StackParameterValue[],
): Map<string, ResolvedParameter> {
  const declarations = template.Parameters ?? {};
  const byKey = new Map<string, GivenParameter>();
  for (const [index, parameter] of given.entries()) {
    const key = parameter.ParameterKey ?? "";
    if (parameter.UsePreviousValue && parameter.ParameterValue !== undefined) {
      throw new ValidationError(
        `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true and non empty value for a parameter`,
      );
    }
    const value = parameter.ParameterValue;
    if (value !== undefined && Buffer.byteLength(value) > MAX_PARAMETER_VALUE_BYTES) {
      throw new ValidationError(
        `1 validation error detected: Value '${value}' at 'parameters.${index + 1}.member.parameterValue' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PARAMETER_VALUE_BYTES}`,
      );
    }
    byKey.set(key, parameter);
  }
  const unknown = [...byKey.keys()].filter((key) => !Object.hasOwn(declarations, key));
  if (unknown.length > 0) {
    throw new ValidationError(`Parameters: [${unknown.join(", ")}] do not exist in the template`);
  }

  const missing: string[] = [];
  const values = new Map<string, ResolvedParameter>();
  for (const [name, declaration] of Object.entries(declarations)) {
    const type = declaration.Type as string;
    const kind = kindOf(name, type);
    const entry = byKey.get(name);
    let text: string | undefined;
    if (entry?.UsePreviousValue) {
      const before = previous?.find((p) => p.key === name);
      if (!before && previous) {
        throw new ValidationError(
          `Invalid input for parameter key ${name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
      }
      text = before?.value;
    } else if (entry?.ParameterValue !== undefined) text = entry.ParameterValue;
    text ??= declaration.Default === undefined ? undefined : asText(declaration.Default);
    if (text === undefined) {
      missing.push(name);
      continue;
    }
    checkConstraints(name, declaration, kind, text);
    values.set(name, {
      type,
      text,
      value: kind === "list" || kind === "numberList" ? splitList(text) : text,
      noEcho: isNoEcho(declaration),
    });
  }
  if (missing.length > 0) throw new ValidationError(`Parameters: [${missing.join(", ")}] must have values`);
  return values;
}

/** CommaDelimitedList members, each stripped of surrounding blanks; an empty value is one empty member. */
const splitList = (text: string) => text.split(",").map((member) => member.trim());

function checkConstraints(name: string, declaration: ParameterDeclaration, kind: Kind, text: string): void {
  const fail = (reason: string) => {
    const description = declaration.ConstraintDescription;
    return new ValidationError(
      `Parameter '${name}' ${typeof description === "string" && description !== "" ? description : reason}`,
    );
  };
  const members = kind === "list" || kind === "numberList" ? splitList(text) : [text];
  const allowed = declaration.AllowedValues;
  if (Array.isArray(allowed)) {
    const texts = allowed.map(asText);
    if (!members.every((m) => texts.includes(m))) throw fail("must be one of AllowedValues");
  }
  if (kind === "number" || kind === "numberList") {
    for (const member of members) {
      if (member.trim() === "" || !Number.isFinite(Number(member))) throw fail("must be a number");
      const n = Number(member);
      if (declaration.MinValue !== undefined && n < Number(declaration.MinValue))
        throw fail(`must be a number not less than ${asText(declaration.MinValue)}`);
      if (declaration.MaxValue !== undefined && n > Number(declaration.MaxValue))
        throw fail(`must be a number not greater than ${asText(declaration.MaxValue)}`);
    }
    return;
  }
  const pattern = declaration.AllowedPattern;
  if (typeof pattern === "string") {
    let regex: RegExp;
    try {
      regex = new RegExp(`^(?:${pattern})$`, "u");
    } catch {
      throw new ValidationError(`Template format error: Parameter '${name}' has an invalid AllowedPattern`);
    }
    if (!members.every((m) => regex.test(m))) throw fail(`must match pattern ${pattern}`);
  }
  if (kind === "string") {
    const length = [...text].length;
    if (declaration.MinLength !== undefined && length < Number(declaration.MinLength))
      throw fail(`must contain at least ${asText(declaration.MinLength)} characters`);
    if (declaration.MaxLength !== undefined && length > Number(declaration.MaxLength))
      throw fail(`must contain at most ${asText(declaration.MaxLength)} characters`);
  }
}

/** The values a stack records (DescribeStacks' Parameters), in declaration order. */
export function parameterRecords(values: ReadonlyMap<string, ResolvedParameter>): StackParameterValue[] {
  return [...values].map(([key, p]) => ({ key, value: p.text, noEcho: p.noEcho }));
}
