/**
 * Finds the log group and stream a request names. A group is named by `logGroupName` or by
 * `logGroupIdentifier` (a name or an ARN without the trailing `:*`, which the model's pattern
 * rejects), never both.
 */
import type { RequestContext } from "../../../server/context.ts";
import { parseArn } from "../../../shared/arn.ts";
import type { LogGroup, LogStream } from "../catalog.ts";
import type { LogsCore, Scope } from "../core.ts";
import {
  logGroupNotFound,
  logStreamNotFound,
  nameAndIdentifierGiven,
  neitherNameNorIdentifier,
} from "../errors.ts";

export const scopeOf = (context: RequestContext): Scope => ({
  accountId: context.accountId,
  region: context.region,
});

/** A log group ARN's scope and name, or undefined when the text is not one. */
export function parseLogGroupArn(arn: string): (Scope & { name: string }) | undefined {
  const parsed = parseArn(arn);
  if (parsed?.service !== "logs" || !parsed.resource.startsWith("log-group:")) return undefined;
  const name = parsed.resource.slice("log-group:".length).replace(/:\*$/, "");
  if (name === "" || name.includes(":")) return undefined;
  return { accountId: parsed.accountId, region: parsed.region, name };
}

export function requireGroupByName(core: LogsCore, scope: Scope, name: string): LogGroup {
  const group = core.group(scope, name);
  if (!group) throw logGroupNotFound();
  return group;
}

export function requireGroup(
  core: LogsCore,
  context: RequestContext,
  input: { logGroupName?: string; logGroupIdentifier?: string },
): LogGroup {
  const { logGroupName, logGroupIdentifier } = input;
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) throw nameAndIdentifierGiven();
  const scope = scopeOf(context);
  if (logGroupName !== undefined) return requireGroupByName(core, scope, logGroupName);
  if (logGroupIdentifier === undefined) throw neitherNameNorIdentifier();
  if (!logGroupIdentifier.startsWith("arn:")) return requireGroupByName(core, scope, logGroupIdentifier);
  const arn = parseLogGroupArn(logGroupIdentifier);
  // Cross-account observability is not emulated: an ARN elsewhere names nothing here.
  if (!arn || arn.accountId !== scope.accountId || arn.region !== scope.region) throw logGroupNotFound();
  return requireGroupByName(core, scope, arn.name);
}

export function requireStream(core: LogsCore, group: LogGroup, name: string): LogStream {
  const stream = core.catalog.stream(group, name);
  if (!stream) throw logStreamNotFound();
  return stream;
}
