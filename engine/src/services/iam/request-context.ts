/**
 * The global condition keys IAM supplies with a role session's request (AWS: IAM User Guide, "AWS
 * global condition context keys"). Keys are lower-cased: condition keys are case-insensitive.
 * Not supplied, because the engine cannot know them: aws:SourceIp, aws:SourceVpc(e), aws:PrincipalTag,
 * aws:ResourceTag, aws:RequestTag, aws:PrincipalOrg*, aws:MultiFactorAuth*, aws:SourceArn and
 * aws:SourceAccount (set only when a service calls on a resource's behalf, which engine-internal
 * calls do without evaluation).
 */
import type { Principal } from "../../server/credentials.ts";
import type { ContextValues } from "./evaluate-match.ts";

export interface RequestFacts {
  principal: Principal;
  /** The role's unique id (AROA…), for aws:userid. */
  roleId?: string;
  region: string;
  /** Epoch ms. */
  now: number;
  resourceAccount: string;
  /** Service-specific keys for this action (e.g. lambda:FunctionArn). */
  extra?: Record<string, string>;
}

export function requestContext(facts: RequestFacts): ContextValues {
  const { principal } = facts;
  const entries: [string, string][] = [
    ["aws:principalarn", principal.roleArn ?? principal.arn],
    ["aws:principalaccount", principal.accountId],
    ["aws:principaltype", principal.type === "AssumedRole" ? "AssumedRole" : "Account"],
    ["aws:requestedregion", facts.region],
    ["aws:currenttime", new Date(facts.now).toISOString().replace(/\.\d{3}Z$/, "Z")],
    ["aws:epochtime", String(Math.floor(facts.now / 1000))],
    // The engine's endpoint is plain HTTP.
    ["aws:securetransport", "false"],
    ["aws:viaawsservice", "false"],
    ["aws:resourceaccount", facts.resourceAccount],
  ];
  if (facts.roleId && principal.sessionName) {
    entries.push(["aws:userid", `${facts.roleId}:${principal.sessionName}`]);
  }
  if (principal.sessionName) entries.push(["aws:rolesessionname", principal.sessionName]);
  for (const [key, value] of Object.entries(facts.extra ?? {})) entries.push([key.toLowerCase(), value]);
  return new Map(entries.map(([key, value]) => [key, [value]]));
}
