/**
 * The resource types the engine can create, one provider each. A type that is not here (custom
 * resources included) is not supported: the CloudFormation core fails the stack naming it.
 */
import { cdkMetadataProvider } from "./cdk-metadata.ts";
import { dynamodbGlobalTableProvider } from "./dynamodb-global-table.ts";
import { dynamodbTableProvider } from "./dynamodb-table.ts";
import { iamManagedPolicyProvider } from "./iam-managed-policy.ts";
import { iamPolicyProvider } from "./iam-policy.ts";
import { iamRoleProvider } from "./iam-role.ts";
import { lambdaEventInvokeConfigProvider } from "./lambda-event-invoke-config.ts";
import { lambdaEventSourceMappingProvider } from "./lambda-event-source-mapping.ts";
import { lambdaFunctionProvider } from "./lambda-function.ts";
import { lambdaPermissionProvider } from "./lambda-permission.ts";
import { logsLogGroupProvider } from "./logs-log-group.ts";
import { sqsQueueProvider } from "./sqs-queue.ts";
import { sqsQueuePolicyProvider } from "./sqs-queue-policy.ts";
import type { ResourceProvider } from "./types.ts";

export { ResourceHandlerError } from "./errors.ts";
export { CDK_ASSET_PATH, LOCAL_CODE_PATH } from "./lambda-code.ts";
export { PropertiesValidationFailed } from "./schemas/index.ts";

export function createResourceProviders(): Map<string, ResourceProvider> {
  const providers = [
    sqsQueueProvider,
    sqsQueuePolicyProvider,
    dynamodbTableProvider,
    dynamodbGlobalTableProvider,
    lambdaFunctionProvider,
    lambdaEventSourceMappingProvider,
    lambdaPermissionProvider,
    lambdaEventInvokeConfigProvider,
    logsLogGroupProvider,
    iamRoleProvider,
    iamPolicyProvider,
    iamManagedPolicyProvider,
    cdkMetadataProvider,
  ];
  return new Map(providers.map((provider) => [provider.type, provider]));
}
