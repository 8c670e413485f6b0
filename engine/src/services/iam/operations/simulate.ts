/**
 * The policy simulator (SimulatePrincipalPolicy for roles, SimulateCustomPolicy): each action on
 * each resource evaluated by the same evaluator `--iam` enforces with, against the role's policies
 * (plus PolicyInputList), its boundary (or PermissionsBoundaryPolicyInputList) and ResourcePolicy,
 * with only the context keys the caller supplies, as AWS's simulator does. The engine's Lambda
 * asks it whether a function's role may read an event source.
 *
 * LIMITATIONS: users and groups are not policy sources (the engine has roles only); CallerArn and
 * ResourceOwner are ignored (the caller is the role, in the resource's account); results are not
 * paginated; MissingContextValues and statement positions are not reported.
 */
import type * as Iam from "@aws-sdk/client-iam";
import type { RequestContext } from "../../../server/context.ts";
import { parsePolicy, rolePolicies } from "../applicable-policies.ts";
import { ROLE_ARN } from "../constants.ts";
import type { IamCore } from "../core.ts";
import { InvalidInput, MalformedPolicyDocument, roleNotFound } from "../errors.ts";
import { type ApplicablePolicies, evaluate, type RequestPrincipal, type SourcedPolicy } from "../evaluate.ts";
import { checkPolicyDocument } from "../policy-document.ts";

const INPUT_SOURCE = "PolicyInputList";

function contextOf(entries: readonly Iam.ContextEntry[] | undefined): Map<string, string[]> {
  const context = new Map<string, string[]>();
  for (const entry of entries ?? []) {
    if (entry.ContextKeyName) context.set(entry.ContextKeyName.toLowerCase(), entry.ContextKeyValues ?? []);
  }
  return context;
}

const inputPolicies = (documents: readonly string[] | undefined, source: string): SourcedPolicy[] =>
  (documents ?? []).map((text, index) => {
    checkPolicyDocument(text, "identity");
    return { source: `${source}.${index + 1}`, document: parsePolicy(text) };
  });

function statementSource(source: string): Iam.Statement {
  if (source.startsWith(`${INPUT_SOURCE}.`) || source.startsWith("PermissionsBoundaryPolicyInputList.")) {
    return { SourcePolicyId: source, SourcePolicyType: "none" };
  }
  if (source === "ResourcePolicy") return { SourcePolicyId: source, SourcePolicyType: "resource" };
  const name = source.slice(source.lastIndexOf("/") + 1);
  if (source.includes(":role/")) return { SourcePolicyId: name, SourcePolicyType: "role" };
  if (source.startsWith("arn:aws:iam::aws:policy/"))
    return { SourcePolicyId: name, SourcePolicyType: "aws-managed" };
  return { SourcePolicyId: name, SourcePolicyType: "user-managed" };
}

function simulate(
  principal: RequestPrincipal,
  policies: ApplicablePolicies,
  input: Pick<Iam.SimulatePrincipalPolicyRequest, "ActionNames" | "ResourceArns" | "ContextEntries">,
): Iam.SimulatePolicyResponse {
  const context = contextOf(input.ContextEntries);
  const resources = input.ResourceArns?.length ? input.ResourceArns : ["*"];
  const results: Iam.EvaluationResult[] = [];
  for (const action of input.ActionNames ?? []) {
    for (const resource of resources) {
      const evaluation = evaluate({ principal, action, resource, context }, policies);
      const seen = new Set<string>();
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: evaluation.decision,
        MatchedStatements: evaluation.matched
          .filter((source) => !seen.has(source) && seen.add(source))
          .map(statementSource),
        MissingContextValues: [],
      });
    }
  }
  return { EvaluationResults: results, IsTruncated: false };
}

function resourcePolicy(text: string | undefined): SourcedPolicy | undefined {
  if (text === undefined) return undefined;
  try {
    return { source: "ResourcePolicy", document: parsePolicy(text) };
  } catch {
    throw new MalformedPolicyDocument("This policy contains invalid Json");
  }
}

export function simulationOperations(core: IamCore) {
  return {
    SimulatePrincipalPolicy(input: Iam.SimulatePrincipalPolicyRequest) {
      const arn = input.PolicySourceArn!;
      const match = ROLE_ARN.exec(arn);
      if (!match) {
        throw new InvalidInput(`Invalid ARN for PolicySourceArn: the engine simulates roles only (${arn}).`);
      }
      const role = core.roles.find(match[1]!, match[2]!);
      if (!role) throw roleNotFound(match[2]!);
      const own = rolePolicies(core, role);
      const boundaryInput = inputPolicies(
        input.PermissionsBoundaryPolicyInputList,
        "PermissionsBoundaryPolicyInputList",
      );
      return simulate(
        { arn: role.arn, accountId: role.accountId, roleArn: role.arn },
        {
          identity: [...own.identity, ...inputPolicies(input.PolicyInputList, INPUT_SOURCE)],
          boundary: boundaryInput[0] ?? own.boundary,
          resource: resourcePolicy(input.ResourcePolicy),
        },
        input,
      );
    },

    SimulateCustomPolicy(input: Iam.SimulateCustomPolicyRequest, ctx: RequestContext) {
      const boundaryInput = inputPolicies(
        input.PermissionsBoundaryPolicyInputList,
        "PermissionsBoundaryPolicyInputList",
      );
      const caller = input.CallerArn ?? `arn:aws:iam::${ctx.accountId}:root`;
      return simulate(
        { arn: caller, accountId: ctx.accountId },
        {
          identity: inputPolicies(input.PolicyInputList, INPUT_SOURCE),
          boundary: boundaryInput[0],
          resource: resourcePolicy(input.ResourcePolicy),
        },
        input,
      );
    },
  };
}
