/**
 * What ValidateTemplate and GetTemplateSummary tell about a template without deploying it: its
 * parameters, the capabilities it needs and why, its resource types and transforms.
 * AWS: using-iam-template ("Acknowledging IAM resources in CloudFormation templates").
 */
import { isNoEcho } from "./parameters.ts";
import { declaredTransforms } from "./structure.ts";
import { isRecord, type Template } from "./types.ts";

/** Types whose presence requires CAPABILITY_IAM, and the property that makes them named (NAMED_IAM). */
const IAM_TYPES: Record<string, string | undefined> = {
  "AWS::IAM::AccessKey": undefined,
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::InstanceProfile": "InstanceProfileName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::IAM::Policy": undefined,
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::UserToGroupAddition": undefined,
};

export interface CapabilityNeeds {
  capabilities: string[];
  reason?: string;
}

/** The IAM capabilities a (processed) template needs. Transforms are handled by the caller. */
export function iamCapabilities(template: Template): CapabilityNeeds {
  const types: string[] = [];
  let named = false;
  for (const resource of Object.values(template.Resources ?? {})) {
    if (!isRecord(resource) || typeof resource.Type !== "string" || !(resource.Type in IAM_TYPES)) continue;
    if (!types.includes(resource.Type)) types.push(resource.Type);
    const nameProperty = IAM_TYPES[resource.Type];
    if (nameProperty && isRecord(resource.Properties) && resource.Properties[nameProperty] !== undefined)
      named = true;
  }
  if (types.length === 0) return { capabilities: [] };
  return {
    capabilities: [named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"],
    reason: `The following resource(s) require capabilities: [${types.join(", ")}]`,
  };
}

/** Whether the acknowledged capabilities cover what is needed (NAMED_IAM covers IAM). */
export function missingCapabilities(needed: readonly string[], given: readonly string[]): string[] {
  return needed.filter(
    (c) => !given.includes(c) && !(c === "CAPABILITY_IAM" && given.includes("CAPABILITY_NAMED_IAM")),
  );
}

export interface TemplateParameterSummary {
  ParameterKey: string;
  DefaultValue?: string;
  ParameterType?: string;
  NoEcho: boolean;
  Description?: string;
  ParameterConstraints?: { AllowedValues?: string[] };
}

export function parameterSummaries(template: Template): TemplateParameterSummary[] {
  return Object.entries(template.Parameters ?? {}).map(([key, declaration]) => ({
    ParameterKey: key,
    ...(declaration.Default !== undefined && {
      DefaultValue: Array.isArray(declaration.Default)
        ? declaration.Default.map(String).join(",")
        : String(declaration.Default),
    }),
    ParameterType: String(declaration.Type),
    NoEcho: isNoEcho(declaration),
    ...(typeof declaration.Description === "string" && { Description: declaration.Description }),
    ParameterConstraints: Array.isArray(declaration.AllowedValues)
      ? { AllowedValues: declaration.AllowedValues.map(String) }
      : {},
  }));
}

export function resourceTypes(template: Template): string[] {
  const types: string[] = [];
  for (const resource of Object.values(template.Resources ?? {})) {
    if (isRecord(resource) && typeof resource.Type === "string" && !types.includes(resource.Type))
      types.push(resource.Type);
  }
  return types;
}

export { declaredTransforms };
