/**
 * AccessDenied as each service answers it, with IAM's message naming the principal, the action,
 * the resource and why (IAM User Guide, "Troubleshoot access denied error messages"):
 *   User: <principal> is not authorized to perform: <action> on resource: <resource>
 *     because no identity-based policy allows the <action> action
 *     | with an explicit deny in an identity-based policy | … a resource-based policy | …
 *
 * Per service (codes and statuses as the services return them; SQS writes the action in lower
 * case, as recorded in CloudTrail and SDK error reports):
 * - SQS: `AccessDenied`, 403 (query); JSON `com.amazon.coral.service#AccessDeniedException` with
 *   `x-amzn-query-error: AccessDenied;Sender`, which the SDKs report as AccessDenied.
 * - DynamoDB and DynamoDB Streams: `AccessDeniedException`, 400.
 * - Lambda: `AccessDeniedException`, 403.
 * - CloudWatch Logs: `AccessDeniedException`, 400.
 * - IAM and CloudFormation (query): `AccessDenied`, 403.
 */
import { ServiceError } from "../../protocol/errors.ts";
import type { Evaluation, PolicyType } from "./evaluate.ts";

const POLICY_NAMES: Record<PolicyType, { article: string; name: string }> = {
  identity: { article: "an", name: "identity-based policy" },
  resource: { article: "a", name: "resource-based policy" },
  boundary: { article: "a", name: "permissions boundary" },
};

export function accessDeniedMessage(
  serviceName: string,
  principalArn: string,
  action: string,
  resource: string,
  evaluation: Exclude<Evaluation, { decision: "allowed" }>,
): string {
  const shown = serviceName === "sqs" ? action.toLowerCase() : action;
  const head = `User: ${principalArn} is not authorized to perform: ${shown} on resource: ${resource}`;
  if (evaluation.decision === "explicitDeny") {
    const { article, name } = POLICY_NAMES[evaluation.deniedIn];
    return `${head} with an explicit deny in ${article} ${name}`;
  }
  return `${head} because no ${POLICY_NAMES[evaluation.missingIn].name} allows the ${shown} action`;
}

const CORAL = "com.amazon.coral.service";

export function accessDeniedError(serviceName: string, message: string): ServiceError {
  switch (serviceName) {
    case "sqs":
      return new ServiceError("AccessDeniedException", message, {
        status: 403,
        typeNamespace: CORAL,
        queryCode: "AccessDenied",
      });
    case "dynamodb":
    case "dynamodbstreams":
      return new ServiceError("AccessDeniedException", message, { status: 400, typeNamespace: CORAL });
    case "lambda":
      return new ServiceError("AccessDeniedException", message, { status: 403 });
    case "logs":
      return new ServiceError("AccessDeniedException", message, { status: 400 });
    default:
      return new ServiceError("AccessDenied", message, { status: 403 });
  }
}
