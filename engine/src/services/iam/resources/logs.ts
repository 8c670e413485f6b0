/**
 * CloudWatch Logs' actions and resources (AWS: Service Authorization Reference, Amazon CloudWatch
 * Logs). A log group's operations are authorized on `…:log-group:<name>:log-stream:` and a
 * stream's on `…:log-group:<name>:log-stream:<stream>` (the forms AWS's AccessDenied messages
 * show, which a policy's `…:log-group:<name>:*` matches); DescribeLogGroups on
 * `…:log-group::log-stream:`; tagging operations on the ARN they name.
 */
import type { AccessCheck, Scope, ServiceAccess } from "./types.ts";
import { text } from "./types.ts";

const ACCOUNT_WIDE = new Set([
  "DescribeQueries",
  "DescribeQueryDefinitions",
  "DescribeResourcePolicies",
  "DescribeDestinations",
  "DescribeExportTasks",
  "DescribeAccountPolicies",
  "PutQueryDefinition",
  "DeleteQueryDefinition",
  "GetQueryResults",
  "StopQuery",
  "ListLogGroups",
]);

const groupName = (value: string) => {
  // A logGroupIdentifier may be the group's ARN (with or without the trailing `:*`).
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(value);
  return arn ? arn[1]! : value;
};

const streamArn = (scope: Scope, group: string, stream = "") =>
  `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${group}:log-stream:${stream}`;

export const logsAccess: ServiceAccess = {
  prefix: "logs",
  checks(operation, input, scope): AccessCheck[] {
    const action = `logs:${operation}`;
    if (ACCOUNT_WIDE.has(operation)) return [{ action, resource: "*" }];
    if (operation === "DescribeLogGroups") return [{ action, resource: streamArn(scope, "") }];
    const groups = Array.isArray(input.logGroupNames)
      ? input.logGroupNames.map(String)
      : Array.isArray(input.logGroupIdentifiers)
        ? input.logGroupIdentifiers.map(String)
        : undefined;
    if (groups) return groups.map((g) => ({ action, resource: streamArn(scope, groupName(g)) }));
    const group = text(input.logGroupName) ?? text(input.logGroupIdentifier);
    if (group !== undefined) {
      return [{ action, resource: streamArn(scope, groupName(group), text(input.logStreamName)) }];
    }
    return [{ action, resource: text(input.resourceArn) ?? "*" }];
  },
};
