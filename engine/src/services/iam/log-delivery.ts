/**
 * Whether a function's logs reach CloudWatch Logs under `--iam`. AWS: Lambda sends a function's
 * output to CloudWatch Logs with the function's execution role ("Sending Lambda function logs to
 * CloudWatch Logs": the role needs logs:CreateLogStream and logs:PutLogEvents, which
 * AWSLambdaBasicExecutionRole grants); when the role may not, the output is silently lost. The
 * engine does the same under `enforce` and says so in its own log (AWS says nothing, which is what
 * makes the mistake costly); `warn` delivers and says what AWS would drop.
 *
 * LIMITATIONS: logs:CreateLogGroup is not checked (the engine creates a missing group itself).
 */
import { roleSessionPrincipal } from "../../server/credentials.ts";
import { type AuthorizerDeps, evaluateRoleAccess, rateLimitedWarnings } from "./enforcement.ts";

const LOG_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"] as const;

export interface LogDeliveryQuery {
  roleArn: string;
  functionName: string;
  region: string;
  logGroupName: string;
  logStreamName: string;
}

/** `(query) → deliver?` for `warn` and `enforce`. */
export function logDeliveryCheck(deps: AuthorizerDeps): (query: LogDeliveryQuery) => boolean {
  const warn = rateLimitedWarnings(deps);
  return (query) => {
    const principal = roleSessionPrincipal(query.roleArn, query.functionName);
    const resource = `arn:aws:logs:${query.region}:${principal.accountId}:log-group:${query.logGroupName}:log-stream:${query.logStreamName}`;
    const denied = LOG_ACTIONS.find(
      (action) =>
        evaluateRoleAccess(deps.iam, { principal, action, resource, region: query.region }).decision !==
        "allowed",
    );
    if (denied === undefined) return true;
    const what =
      deps.mode === "enforce"
        ? "its output is not delivered to CloudWatch Logs, as on AWS"
        : "on AWS its output would not reach CloudWatch Logs (--iam warn delivers it)";
    warn(
      `iam: function ${query.functionName}'s role ${query.roleArn} may not ${denied} on ${query.logGroupName}: ${what}`,
    );
    return deps.mode !== "enforce";
  };
}
