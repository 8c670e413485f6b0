/**
 * AWS managed policies by name, for the `Policies` property: SAM turns a name into the policy's ARN
 * with the map it bundles (IAM's ListPolicies for the partition), keeps an ARN as it is, and keeps
 * an unknown name as written. The engine carries the policies Lambda functions commonly name; the
 * paths are those of SAM's bundled map (samtranslator/internal/data/aws_managed_policies.json).
 */

/** AWS: samtranslator/translator/arn_generator.py `_region_to_partition`. */
export function partitionOf(region: string): string {
  const lower = region.toLowerCase();
  const prefixes: [string, string][] = [
    ["cn-", "aws-cn"],
    ["us-iso-", "aws-iso"],
    ["us-isob", "aws-iso-b"],
    ["us-gov", "aws-us-gov"],
    ["eu-isoe", "aws-iso-e"],
    ["us-isof", "aws-iso-f"],
  ];
  return prefixes.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? "aws";
}

/** `arn:<partition>:iam::aws:policy/<path/name>`. */
export const awsManagedPolicyArn = (partition: string, pathAndName: string) =>
  `arn:${partition}:iam::aws:policy/${pathAndName}`;

const SERVICE_ROLE = "service-role/";

/** Name → path (with the name) under `policy/`. */
const PATHS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    `${SERVICE_ROLE}AWSLambdaBasicExecutionRole`,
    `${SERVICE_ROLE}AWSLambdaDynamoDBExecutionRole`,
    `${SERVICE_ROLE}AWSLambdaENIManagementAccess`,
    `${SERVICE_ROLE}AWSLambdaKinesisExecutionRole`,
    `${SERVICE_ROLE}AWSLambdaMSKExecutionRole`,
    `${SERVICE_ROLE}AWSLambdaRole`,
    `${SERVICE_ROLE}AWSLambdaSQSQueueExecutionRole`,
    `${SERVICE_ROLE}AWSLambdaVPCAccessExecutionRole`,
    "AWSLambdaExecute",
    "AWSLambdaInvocation-DynamoDB",
    "AWSLambda_FullAccess",
    "AWSLambda_ReadOnlyAccess",
    "AWSXRayDaemonWriteAccess",
    "AWSXrayWriteOnlyAccess",
    "AWSXrayFullAccess",
    "AWSXrayReadOnlyAccess",
    "AdministratorAccess",
    "PowerUserAccess",
    "ReadOnlyAccess",
    "AmazonDynamoDBFullAccess",
    "AmazonDynamoDBReadOnlyAccess",
    "AmazonSQSFullAccess",
    "AmazonSQSReadOnlyAccess",
    "AmazonSNSFullAccess",
    "AmazonSNSReadOnlyAccess",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonKinesisFullAccess",
    "AmazonKinesisReadOnlyAccess",
    "AmazonEventBridgeFullAccess",
    "AmazonEventBridgeReadOnlyAccess",
    "AmazonSSMReadOnlyAccess",
    "AWSStepFunctionsFullAccess",
    "AWSStepFunctionsReadOnlyAccess",
    "CloudWatchFullAccess",
    "CloudWatchReadOnlyAccess",
    "CloudWatchLogsFullAccess",
    "CloudWatchLogsReadOnlyAccess",
    "CloudWatchLambdaInsightsExecutionRolePolicy",
    "SecretsManagerReadWrite",
  ].map((path) => [path.slice(path.lastIndexOf("/") + 1), path]),
);

/** AWS: role_constructor.py `_get_managed_policy_arn`: map, then ARN as is, then the name as is. */
export function managedPolicyArn(nameOrArn: string, partition: string): string {
  const path = PATHS[nameOrArn];
  return path ? awsManagedPolicyArn(partition, path) : nameOrArn;
}
