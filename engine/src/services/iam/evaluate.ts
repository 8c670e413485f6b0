/**
 * IAM's policy evaluation for one request (principal, action, resource, context keys) against the
 * caller's identity policies, its permissions boundary and the resource's policy. Pure: callers
 * gather the documents.
 *
 * AWS (IAM User Guide, "Policy evaluation logic", "Policy evaluation for requests within a single
 * account", "Cross-account policy evaluation logic"):
 * - an explicit Deny in any applicable policy wins;
 * - within one account, an Allow in an identity policy (within the boundary, if the role has one)
 *   or in the resource policy grants the request. A resource policy that names the role session
 *   grants it outright; one that names the role is limited by the boundary; one that names the
 *   account only delegates to the account's identity policies;
 * - across accounts, both the identity policies and the resource policy must allow it;
 * - otherwise the request is implicitly denied.
 */
import { conditionsHold } from "./evaluate-conditions.ts";
import { actionMatches, arnMatches, type ContextValues, stringsOf } from "./evaluate-match.ts";

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Principal?: "*" | Record<string, string | string[]>;
  NotPrincipal?: "*" | Record<string, string | string[]>;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** Who asks: an IAM principal (a role session) or an AWS service (for trust policies). */
export interface RequestPrincipal {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, or a service's name. */
  arn: string;
  accountId: string;
  /** The role a session acts for, with its path. */
  roleArn?: string;
  /** Set for an AWS service principal (`lambda.amazonaws.com`). */
  service?: string;
}

export interface AuthorizationRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** The account owning the resource; same as the principal's when undefined. */
  resourceAccount?: string;
  /** Condition keys, lower-cased, with their values. */
  context: ContextValues;
}

export interface SourcedPolicy {
  /** Where the document comes from (policy ARN, `role/inline-name`, "resource"), for reports. */
  source: string;
  document: PolicyDocument;
}

export interface ApplicablePolicies {
  identity: readonly SourcedPolicy[];
  boundary?: SourcedPolicy;
  resource?: SourcedPolicy;
}

/** Where a denial comes from, for AWS's message. */
export type PolicyType = "identity" | "resource" | "boundary";

export type Evaluation =
  | { decision: "allowed"; matched: string[] }
  | { decision: "explicitDeny"; deniedIn: PolicyType; matched: string[] }
  | { decision: "implicitDeny"; missingIn: PolicyType; matched: string[] };

export const statementsOf = (document: PolicyDocument): PolicyStatement[] =>
  Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];

function actionApplies(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined)
    return stringsOf(statement.Action).some((p) => actionMatches(p, action));
  if (statement.NotAction !== undefined)
    return !stringsOf(statement.NotAction).some((p) => actionMatches(p, action));
  return false;
}

function resourceApplies(
  statement: PolicyStatement,
  request: AuthorizationRequest,
  version: unknown,
): boolean {
  const variables = { version, context: request.context };
  const matches = (pattern: string) => arnMatches(pattern, request.resource, variables);
  if (statement.Resource !== undefined) return stringsOf(statement.Resource).some(matches);
  if (statement.NotResource !== undefined) return !stringsOf(statement.NotResource).some(matches);
  // A resource policy's statements apply to the resource the policy is attached to.
  return true;
}

/** How a resource policy's Principal names the caller: strongest first. */
type PrincipalMatch = "session" | "role" | "account" | undefined;

function principalMatch(element: PolicyStatement["Principal"], principal: RequestPrincipal): PrincipalMatch {
  if (element === undefined) return undefined;
  if (element === "*") return "role";
  let best: PrincipalMatch;
  for (const [type, raw] of Object.entries(element)) {
    for (const value of stringsOf(raw)) {
      if (type === "Service") {
        if (principal.service !== undefined && value === principal.service) return "session";
        continue;
      }
      if (type !== "AWS" || principal.service !== undefined) continue;
      if (value === "*") best ??= "role";
      if (value === principal.arn) return "session";
      if (principal.roleArn !== undefined && value === principal.roleArn) best = "role";
      if (value === principal.accountId || value === `arn:aws:iam::${principal.accountId}:root`) {
        best ??= "account";
      }
    }
  }
  return best;
}

/** For a resource policy statement: how it names the caller (NotPrincipal: anyone it does not name). */
function statementPrincipal(statement: PolicyStatement, principal: RequestPrincipal): PrincipalMatch {
  if (statement.Principal !== undefined) return principalMatch(statement.Principal, principal);
  if (statement.NotPrincipal !== undefined)
    return principalMatch(statement.NotPrincipal, principal) === undefined ? "role" : undefined;
  return undefined;
}

function statementApplies(
  statement: PolicyStatement,
  request: AuthorizationRequest,
  version: unknown,
): boolean {
  return (
    actionApplies(statement, request.action) &&
    resourceApplies(statement, request, version) &&
    conditionsHold(statement.Condition, { version, context: request.context })
  );
}

interface Matches {
  allow: boolean;
  deny: boolean;
  matched: string[];
}

function identityMatches(policies: readonly SourcedPolicy[], request: AuthorizationRequest): Matches {
  const result: Matches = { allow: false, deny: false, matched: [] };
  for (const { source, document } of policies) {
    for (const statement of statementsOf(document)) {
      if (!statementApplies(statement, request, document.Version)) continue;
      result.matched.push(source);
      if (statement.Effect === "Deny") result.deny = true;
      else if (statement.Effect === "Allow") result.allow = true;
    }
  }
  return result;
}

function resourceMatches(policy: SourcedPolicy | undefined, request: AuthorizationRequest) {
  let grant: PrincipalMatch;
  let deny = false;
  const matched: string[] = [];
  for (const statement of policy ? statementsOf(policy.document) : []) {
    const named = statementPrincipal(statement, request.principal);
    if (named === undefined || !statementApplies(statement, request, policy!.document.Version)) continue;
    matched.push(policy!.source);
    if (statement.Effect === "Deny") deny = true;
    else if (statement.Effect === "Allow" && rank(named) > rank(grant)) grant = named;
  }
  return { grant, deny, matched };
}

const rank = (match: PrincipalMatch) =>
  match === "session" ? 3 : match === "role" ? 2 : match === "account" ? 1 : 0;

export function evaluate(request: AuthorizationRequest, policies: ApplicablePolicies): Evaluation {
  const identity = identityMatches(policies.identity, request);
  const boundary = policies.boundary ? identityMatches([policies.boundary], request) : undefined;
  const resource = resourceMatches(policies.resource, request);
  const matched = [...identity.matched, ...(boundary?.matched ?? []), ...resource.matched];
  if (identity.deny) return { decision: "explicitDeny", deniedIn: "identity", matched };
  if (resource.deny) return { decision: "explicitDeny", deniedIn: "resource", matched };
  if (boundary?.deny) return { decision: "explicitDeny", deniedIn: "boundary", matched };

  const withinBoundary = boundary === undefined || boundary.allow;
  const identityAllows = identity.allow && withinBoundary;
  const sameAccount =
    request.resourceAccount === undefined || request.resourceAccount === request.principal.accountId;
  if (sameAccount) {
    if (identityAllows || resource.grant === "session" || (resource.grant === "role" && withinBoundary)) {
      return { decision: "allowed", matched };
    }
    const missingIn = identity.allow && !withinBoundary ? "boundary" : "identity";
    return { decision: "implicitDeny", missingIn, matched };
  }
  if (!identity.allow) return { decision: "implicitDeny", missingIn: "identity", matched };
  if (!withinBoundary) return { decision: "implicitDeny", missingIn: "boundary", matched };
  if (resource.grant === undefined) return { decision: "implicitDeny", missingIn: "resource", matched };
  return { decision: "allowed", matched };
}
