/**
 * `--iam enforce | warn | off`: every wire request made with a role session's credentials (the
 * ones each Lambda execution environment gets) is evaluated against the role's identity policies,
 * its permissions boundary and the resource's policy, as IAM would, before the request is
 * validated. `enforce` answers the service's AccessDenied; `warn` logs what would be denied and
 * lets the call through. In-process calls made `as` a role session (a mapping reading its source,
 * a failure sent to a destination: what Lambda does with the function's role) are evaluated the
 * same way. The account's root (configured long-term keys) and the engine's own in-process calls
 * are never evaluated.
 */
import type { RequestContext } from "../../server/context.ts";
import type { Principal } from "../../server/credentials.ts";
import { parseArn } from "../../shared/arn.ts";
import type { Logger } from "../../shared/logger.ts";
import type { ServiceDefinition } from "../service.ts";
import { accessDeniedError, accessDeniedMessage } from "./access-denied.ts";
import { parsePolicy, rolePolicies } from "./applicable-policies.ts";
import type { IamCore } from "./core.ts";
import { type Evaluation, evaluate, type SourcedPolicy } from "./evaluate.ts";
import { requestContext } from "./request-context.ts";
import { serviceAccess } from "./resources/index.ts";

export type IamMode = "off" | "warn" | "enforce";

export interface Authorizer {
  /** Throws the service's AccessDenied error when `enforce` denies the call; `warn` logs it. */
  authorize(
    service: ServiceDefinition,
    operation: string,
    input: Record<string, unknown>,
    context: RequestContext,
  ): void;
}

export interface AuthorizerDeps {
  mode: IamMode;
  iam: IamCore;
  logger: Logger;
}

export interface RoleAccessQuery {
  principal: Principal;
  action: string;
  resource: string;
  region: string;
  /** The resource's policy document, if it has one. */
  resourcePolicy?: string;
  /** Service-specific condition keys. */
  context?: Record<string, string>;
}

/** How IAM decides one action on one resource for a role session. */
export function evaluateRoleAccess(iam: IamCore, query: RoleAccessQuery): Evaluation {
  const { principal } = query;
  const role = principal.roleName ? iam.roles.find(principal.accountId, principal.roleName) : undefined;
  // A session of a role that no longer exists has no permissions.
  const policies = role ? rolePolicies(iam, role) : undefined;
  const resourceAccount = parseArn(query.resource)?.accountId || principal.accountId;
  let resource: SourcedPolicy | undefined;
  if (query.resourcePolicy !== undefined) {
    try {
      resource = { source: query.resource, document: parsePolicy(query.resourcePolicy) };
    } catch {
      // A policy the service stored but IAM cannot read grants nothing.
    }
  }
  return evaluate(
    {
      principal: {
        arn: principal.arn,
        accountId: principal.accountId,
        roleArn: role?.arn ?? principal.roleArn,
      },
      action: query.action,
      resource: query.resource,
      resourceAccount,
      context: requestContext({
        principal,
        roleId: role?.roleId,
        region: query.region,
        now: iam.clock.now(),
        resourceAccount,
        extra: query.context,
      }),
    },
    { identity: policies?.identity ?? [], boundary: policies?.boundary, resource },
  );
}

/**
 * `warn` names each distinct denial once a minute at most (with how often it recurred since), so a
 * missing grant on a busy path reads as one line, not thousands.
 */
const WARNING_REPEAT_MS = 60_000;
/** Distinct denials remembered for that; beyond it the memory starts over. */
const MAX_REMEMBERED_WARNINGS = 1_000;

/** Logs each distinct denial at most once a minute, with how often it recurred since. */
export function rateLimitedWarnings(
  deps: AuthorizerDeps,
): (message: string, fields?: Record<string, unknown>) => void {
  const warned = new Map<string, { at: number; since: number }>();
  return (message, fields) => {
    const now = deps.iam.clock.now();
    const last = warned.get(message);
    if (last && now - last.at < WARNING_REPEAT_MS) {
      last.since++;
      return;
    }
    if (warned.size >= MAX_REMEMBERED_WARNINGS) warned.clear();
    warned.set(message, { at: now, since: 0 });
    const repeats = last?.since ? ` (${last.since} more times since the last warning)` : "";
    deps.logger.warn(`${message}${repeats}`, fields);
  };
}

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const warnOnce = rateLimitedWarnings(deps);
  const warn = (message: string, requestId: string) =>
    warnOnce(`iam: would deny (--iam warn lets it through): ${message}`, { requestId });
  return {
    authorize(service, operation, input, context) {
      const { principal } = context;
      if (deps.mode === "off" || principal?.type !== "AssumedRole") return;
      const access = serviceAccess(service);
      const scope = { accountId: context.accountId, region: context.region };
      for (const check of access.checks(operation, input, scope)) {
        const resourcePolicy =
          check.resource === "*" ? undefined : access.resourcePolicy?.(service, check.resource, context);
        const evaluation = evaluateRoleAccess(deps.iam, {
          principal,
          action: check.action,
          resource: check.resource,
          region: context.region,
          resourcePolicy,
          context: check.context,
        });
        if (evaluation.decision === "allowed") continue;
        const message = accessDeniedMessage(
          service.name,
          principal.arn,
          check.action,
          check.resource,
          evaluation,
        );
        if (deps.mode === "enforce") throw accessDeniedError(service.name, message);
        warn(message, context.requestId);
      }
    },
  };
}
