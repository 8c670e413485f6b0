/**
 * Each served service's IAM actions and resources. A service without a mapping of its own is
 * authorized as `<prefix>:<Operation>`, on the role, policy or stack it names, else on `*`.
 */
import { dynamodbAccess } from "./dynamodb.ts";
import { lambdaAccess } from "./lambda.ts";
import { logsAccess } from "./logs.ts";
import { sqsAccess } from "./sqs.ts";
import { type AccessCheck, type Scope, type ServiceAccess, text } from "./types.ts";

export type { AccessCheck, ServiceAccess } from "./types.ts";

function namedResource(prefix: string, input: Record<string, unknown>, scope: Scope): string {
  const role = text(input.RoleName);
  if (prefix === "iam" && role !== undefined) return `arn:aws:iam::${scope.accountId}:role/${role}`;
  const policy = text(input.PolicyArn);
  if (policy !== undefined) return policy;
  const stack = text(input.StackName);
  if (prefix === "cloudformation" && stack !== undefined) {
    return stack.startsWith("arn:")
      ? stack
      : `arn:aws:cloudformation:${scope.region}:${scope.accountId}:stack/${stack}/*`;
  }
  return "*";
}

const generic = (prefix: string): ServiceAccess => ({
  prefix,
  checks: (operation, input, scope): AccessCheck[] => [
    { action: `${prefix}:${operation}`, resource: namedResource(prefix, input, scope) },
  ],
});

const BY_SERVICE: Readonly<Record<string, ServiceAccess>> = {
  sqs: sqsAccess,
  dynamodb: dynamodbAccess,
  dynamodbstreams: dynamodbAccess,
  lambda: lambdaAccess,
  logs: logsAccess,
};

export function serviceAccess(service: { name: string; signingNames: readonly string[] }): ServiceAccess {
  return BY_SERVICE[service.name] ?? generic(service.signingNames[0] ?? service.name);
}
