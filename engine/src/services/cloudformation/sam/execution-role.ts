/**
 * The execution role SAM generates for a function that names no `Role`: `<Function>Role`, trusted
 * by lambda.amazonaws.com, with AWSLambdaBasicExecutionRole (plus X-Ray and VPC access when the
 * function traces or sits in a VPC), the `Policies` property (managed policy names or ARNs, inline
 * documents, policy templates) and whatever the function's event sources add later.
 * AWS: samtranslator/model/role_utils/role_constructor.py, model/resource_policies.py,
 * plugins/policies/policy_templates_plugin.py, model/iam.py.
 */
import { InvalidResource, InvalidTemplate } from "./errors.ts";
import { managedPolicyArn } from "./managed-policies.ts";
import { expandPolicyTemplate, isPolicyTemplate } from "./policy-templates.ts";
import { includesEqual, isIf, isIntrinsic, isNoValue, isObject, type JsonObject, present } from "./values.ts";

type PolicyKind = "managed" | "statement" | "template" | "unknown";

export const LAMBDA_ASSUME_ROLE_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Action: ["sts:AssumeRole"], Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] } },
  ],
};

/** AWS: `IAMRolePolicies.sqs_send_message_role_policy` and its SNS, EventBridge and Lambda siblings. */
export const sendPolicy = (policyName: string, action: string, resource: unknown): JsonObject => ({
  PolicyName: policyName,
  PolicyDocument: { Statement: [{ Action: action, Effect: "Allow", Resource: resource }] },
});

/** The `Policies` property as a list (a single entry, or nothing, allowed). */
export function policyList(policies: unknown): unknown[] {
  if (policies === undefined || policies === null || policies === "") return [];
  if (Array.isArray(policies)) return policies;
  return [policies];
}

function ifBranches(policy: { "Fn::If": unknown }): [unknown, unknown, unknown] {
  const items = policy["Fn::If"];
  if (!Array.isArray(items) || items.length !== 3) throw new InvalidTemplate("Fn::If requires 3 arguments");
  return items as [unknown, unknown, unknown];
}

/** AWS: `ResourcePolicies._get_type`; templates are only recognised before the role is built. */
function policyKind(policy: unknown, templates: boolean): PolicyKind {
  if (typeof policy === "string") return "managed";
  if (isIf(policy)) {
    const [, whenTrue, whenFalse] = ifBranches(policy);
    const trueKind = policyKind(whenTrue, templates);
    const falseKind = policyKind(whenFalse, templates);
    if (trueKind === falseKind) return trueKind;
    if (isNoValue(whenTrue)) return falseKind;
    if (isNoValue(whenFalse)) return trueKind;
    throw new InvalidTemplate(
      "Different policy types within the same Fn::If statement is unsupported. " +
        "Separate different policy types into different Fn::If statements",
    );
  }
  if (isIntrinsic(policy)) return "managed";
  if (isObject(policy) && Object.hasOwn(policy, "Statement")) return "statement";
  if (templates && isPolicyTemplate(policy)) return "template";
  return "unknown";
}

/** Policy templates replaced by the documents they stand for (inside Fn::If branches too). */
export function expandPolicyTemplates(logicalId: string, policies: readonly unknown[]): unknown[] {
  return policies.map((policy) => {
    if (policyKind(policy, true) !== "template") return policy;
    if (!isIf(policy)) return expandPolicyTemplate(logicalId, policy as JsonObject);
    const [condition, whenTrue, whenFalse] = ifBranches(policy);
    const expand = (branch: unknown) =>
      isNoValue(branch) ? branch : expandPolicyTemplate(logicalId, branch as JsonObject);
    return { "Fn::If": [condition, expand(whenTrue), expand(whenFalse)] };
  });
}

export interface RoleOptions {
  functionLogicalId: string;
  /** Resource attributes copied from the function (Condition, DeletionPolicy, UpdateReplacePolicy). */
  attributes: JsonObject;
  assumeRolePolicyDocument: unknown;
  /** Already expanded by `expandPolicyTemplates`. */
  policies: readonly unknown[];
  managedPolicyArns: unknown[];
  /** Inline policies SAM adds before the `Policies` ones (dead-letter queue, invoke destinations). */
  policyDocuments: JsonObject[];
  path: unknown;
  permissionsBoundary: unknown;
  tags: unknown;
  partition: string;
}

export class ExecutionRole {
  readonly logicalId: string;
  readonly #options: RoleOptions;
  readonly #managedPolicyArns: unknown[];
  #policies: JsonObject[] | undefined;

  constructor(options: RoleOptions) {
    this.logicalId = `${options.functionLogicalId}Role`;
    this.#options = options;
    this.#managedPolicyArns = [...options.managedPolicyArns];
    const documents = [...options.policyDocuments];
    options.policies.forEach((policy, index) => {
      const kind = policyKind(policy, false);
      const policyName = `${this.logicalId}Policy${index}`;
      if (kind === "statement") {
        documents.push(
          isIf(policy)
            ? mapIfBranches(
                policy,
                (v) => !isNoValue(v),
                (v) => ({ PolicyName: policyName, PolicyDocument: v }),
              )
            : { PolicyName: policyName, PolicyDocument: policy },
        );
      } else if (kind === "managed") {
        const toArn = (v: unknown) => managedPolicyArn(v as string, options.partition);
        const arn =
          typeof policy === "string"
            ? toArn(policy)
            : isIf(policy)
              ? mapIfBranches(policy, (v) => typeof v === "string", toArn)
              : policy;
        this.addManagedPolicyArn(arn);
      } else {
        throw new InvalidResource(
          options.functionLogicalId,
          `Policy at index ${index} in the 'Policies' property is not valid`,
        );
      }
    });
    this.#policies = documents.length > 0 ? documents : undefined;
  }

  get arn() {
    return { "Fn::GetAtt": [this.logicalId, "Arn"] };
  }

  /** Added once: a managed policy the role already has (by value) is not repeated. */
  addManagedPolicyArn(arn: unknown): void {
    if (!includesEqual(this.#managedPolicyArns, arn)) this.#managedPolicyArns.push(arn);
  }

  /** Added unless the role already has that policy, or another with the same document. */
  addPolicy(policy: JsonObject): void {
    if (this.#policies === undefined) this.#policies = [];
    if (includesEqual(this.#policies, policy)) return;
    const documents = this.#policies.map((p) => p.PolicyDocument);
    if (!includesEqual(documents, policy.PolicyDocument)) this.#policies.push(policy);
  }

  toResource(): JsonObject {
    const o = this.#options;
    return {
      Type: "AWS::IAM::Role",
      ...o.attributes,
      Properties: present({
        AssumeRolePolicyDocument: o.assumeRolePolicyDocument,
        ManagedPolicyArns: [...this.#managedPolicyArns],
        Policies: this.#policies,
        Path: o.path,
        PermissionsBoundary: o.permissionsBoundary,
        Tags: o.tags,
      }),
    };
  }
}

/** `{"Fn::If": [c, a, b]}` with `convert` applied to the branches `applies` to. */
function mapIfBranches(
  policy: { "Fn::If": unknown },
  applies: (value: unknown) => boolean,
  convert: (value: unknown) => unknown,
): JsonObject {
  const [condition, whenTrue, whenFalse] = ifBranches(policy);
  const map = (v: unknown) => (applies(v) ? convert(v) : v);
  return { "Fn::If": [condition, map(whenTrue), map(whenFalse)] };
}
