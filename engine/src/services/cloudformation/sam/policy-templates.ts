/**
 * SAM policy templates: `- DynamoDBCrudPolicy: { TableName: !Ref Orders }` in `Policies` becomes an
 * inline policy whose statements are the template's definition with each parameter's `Ref` replaced
 * by the value given (values for parameters the template does not declare are ignored). The
 * definitions follow samtranslator/policy_templates_data/policy_templates.json; the engine carries
 * the templates for the services around it and refuses the others by name.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub patterns, not JavaScript templates.
import { InvalidResource } from "./errors.ts";
import { isObject, type JsonObject, pythonList } from "./values.ts";

interface PolicyTemplate {
  parameters: readonly string[];
  statements: readonly JsonObject[];
}

const ACCOUNT_ARN = "arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:";

/** `{"Fn::Sub": [pattern, {variable: {"Ref": Parameter}}]}`, the shape every template uses. */
function sub(pattern: string, variables: Record<string, string>): JsonObject {
  const values = Object.fromEntries(Object.entries(variables).map(([name, param]) => [name, { Ref: param }]));
  return { "Fn::Sub": [pattern, values] };
}
const inAccount = (service: string, resource: string, variables: Record<string, string>) =>
  sub(ACCOUNT_ARN.replace("{service}", service) + resource, variables);
const allow = (action: string | string[], resource: unknown): JsonObject => ({
  Action: action,
  Effect: "Allow",
  Resource: resource,
});

const table = { tableName: "TableName" };
const tableArn = inAccount("dynamodb", "table/${tableName}", table);
const tableAndIndexes = [tableArn, inAccount("dynamodb", "table/${tableName}/index/*", table)];
const tableBackups = inAccount("dynamodb", "table/${tableName}/backup/*", table);
const queueArn = inAccount("sqs", "${queueName}", { queueName: "QueueName" });
const bucket = { bucketName: "BucketName" };
const bucketArn = sub("arn:${AWS::Partition}:s3:::${bucketName}", bucket);
const objectsArn = sub("arn:${AWS::Partition}:s3:::${bucketName}/*", bucket);
const keyArn = inAccount("kms", "key/${keyId}", { keyId: "KeyId" });
const stateMachineArn = inAccount("states", "stateMachine:${stateMachineName}", {
  stateMachineName: "StateMachineName",
});
const streamArn = inAccount("kinesis", "stream/${streamName}", { streamName: "StreamName" });
const deliveryStreamArn = inAccount("firehose", "deliverystream/${deliveryStreamName}", {
  deliveryStreamName: "DeliveryStreamName",
});
const ssmRead = ["ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"];
const ddb = (...actions: string[]) => actions.map((a) => `dynamodb:${a}`);
const s3 = (...actions: string[]) => actions.map((a) => `s3:${a}`);

const TEMPLATES: Readonly<Record<string, PolicyTemplate>> = {
  SQSPollerPolicy: {
    parameters: ["QueueName"],
    statements: [
      allow(
        [
          "sqs:ChangeMessageVisibility",
          "sqs:ChangeMessageVisibilityBatch",
          "sqs:DeleteMessage",
          "sqs:DeleteMessageBatch",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ],
        queueArn,
      ),
    ],
  },
  SQSSendMessagePolicy: { parameters: ["QueueName"], statements: [allow(["sqs:SendMessage*"], queueArn)] },
  DynamoDBCrudPolicy: {
    parameters: ["TableName"],
    statements: [
      allow(
        ddb(
          "GetItem",
          "DeleteItem",
          "PutItem",
          "Scan",
          "Query",
          "UpdateItem",
          "BatchWriteItem",
          "BatchGetItem",
          "DescribeTable",
          "ConditionCheckItem",
        ),
        tableAndIndexes,
      ),
    ],
  },
  DynamoDBReadPolicy: {
    parameters: ["TableName"],
    statements: [allow(ddb("GetItem", "Scan", "Query", "BatchGetItem", "DescribeTable"), tableAndIndexes)],
  },
  DynamoDBWritePolicy: {
    parameters: ["TableName"],
    statements: [allow(ddb("PutItem", "UpdateItem", "BatchWriteItem"), tableAndIndexes)],
  },
  DynamoDBReconfigurePolicy: { parameters: ["TableName"], statements: [allow(ddb("UpdateTable"), tableArn)] },
  DynamoDBStreamReadPolicy: {
    parameters: ["StreamName", "TableName"],
    statements: [
      allow(
        ddb("DescribeStream", "GetRecords", "GetShardIterator"),
        inAccount("dynamodb", "table/${tableName}/stream/${streamName}", {
          streamName: "StreamName",
          tableName: "TableName",
        }),
      ),
      allow(ddb("ListStreams"), inAccount("dynamodb", "table/${tableName}/stream/*", table)),
    ],
  },
  DynamoDBBackupFullAccessPolicy: {
    parameters: ["TableName"],
    statements: [
      allow(ddb("CreateBackup", "DescribeContinuousBackups"), tableArn),
      allow(ddb("DeleteBackup", "DescribeBackup", "ListBackups"), tableBackups),
    ],
  },
  DynamoDBRestoreFromBackupPolicy: {
    parameters: ["TableName"],
    statements: [
      allow(ddb("RestoreTableFromBackup"), tableBackups),
      allow(
        ddb("PutItem", "UpdateItem", "DeleteItem", "GetItem", "Query", "Scan", "BatchWriteItem"),
        tableArn,
      ),
    ],
  },
  LambdaInvokePolicy: {
    parameters: ["FunctionName"],
    statements: [
      allow(
        ["lambda:InvokeFunction"],
        inAccount("lambda", "function:${functionName}*", { functionName: "FunctionName" }),
      ),
    ],
  },
  SNSPublishMessagePolicy: {
    parameters: ["TopicName"],
    statements: [allow(["sns:Publish"], inAccount("sns", "${topicName}", { topicName: "TopicName" }))],
  },
  SNSCrudPolicy: {
    parameters: ["TopicName"],
    statements: [
      allow(
        [
          "sns:ListSubscriptionsByTopic",
          "sns:CreateTopic",
          "sns:SetTopicAttributes",
          "sns:Subscribe",
          "sns:Publish",
        ],
        inAccount("sns", "${topicName}*", { topicName: "TopicName" }),
      ),
    ],
  },
  S3ReadPolicy: {
    parameters: ["BucketName"],
    statements: [
      allow(
        s3("GetObject", "ListBucket", "GetBucketLocation", "GetObjectVersion", "GetLifecycleConfiguration"),
        [bucketArn, objectsArn],
      ),
    ],
  },
  S3WritePolicy: {
    parameters: ["BucketName"],
    statements: [
      allow(s3("PutObject", "PutObjectAcl", "PutLifecycleConfiguration"), [bucketArn, objectsArn]),
    ],
  },
  S3CrudPolicy: {
    parameters: ["BucketName"],
    statements: [
      allow(
        s3(
          "GetObject",
          "ListBucket",
          "GetBucketLocation",
          "GetObjectVersion",
          "PutObject",
          "PutObjectAcl",
          "GetLifecycleConfiguration",
          "PutLifecycleConfiguration",
          "DeleteObject",
        ),
        [bucketArn, objectsArn],
      ),
    ],
  },
  S3FullAccessPolicy: {
    parameters: ["BucketName"],
    statements: [
      allow(
        s3(
          "GetObject",
          "GetObjectAcl",
          "GetObjectVersion",
          "PutObject",
          "PutObjectAcl",
          "DeleteObject",
          "DeleteObjectTagging",
          "DeleteObjectVersionTagging",
          "GetObjectTagging",
          "GetObjectVersionTagging",
          "PutObjectTagging",
          "PutObjectVersionTagging",
        ),
        [objectsArn],
      ),
      allow(s3("ListBucket", "GetBucketLocation", "GetLifecycleConfiguration", "PutLifecycleConfiguration"), [
        bucketArn,
      ]),
    ],
  },
  SSMParameterReadPolicy: {
    parameters: ["ParameterName"],
    statements: [
      allow(["ssm:DescribeParameters"], "*"),
      allow(ssmRead, inAccount("ssm", "parameter/${parameterName}", { parameterName: "ParameterName" })),
    ],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    parameters: ["ParameterName"],
    statements: [
      allow(["ssm:DescribeParameters"], "*"),
      allow(ssmRead, inAccount("ssm", "parameter${parameterName}", { parameterName: "ParameterName" })),
    ],
  },
  KMSDecryptPolicy: { parameters: ["KeyId"], statements: [allow("kms:Decrypt", keyArn)] },
  KMSEncryptPolicy: { parameters: ["KeyId"], statements: [allow("kms:Encrypt", keyArn)] },
  EventBridgePutEventsPolicy: {
    parameters: ["EventBusName"],
    statements: [
      allow(
        "events:PutEvents",
        inAccount("events", "event-bus/${eventBusName}", { eventBusName: "EventBusName" }),
      ),
    ],
  },
  CloudWatchPutMetricPolicy: { parameters: [], statements: [allow(["cloudwatch:PutMetricData"], "*")] },
  CloudWatchDescribeAlarmHistoryPolicy: {
    parameters: [],
    statements: [allow(["cloudwatch:DescribeAlarmHistory"], "*")],
  },
  CloudWatchDashboardPolicy: {
    parameters: [],
    statements: [
      allow(
        [
          "cloudwatch:GetDashboard",
          "cloudwatch:ListDashboards",
          "cloudwatch:PutDashboard",
          "cloudwatch:ListMetrics",
        ],
        "*",
      ),
    ],
  },
  FilterLogEventsPolicy: {
    parameters: ["LogGroupName"],
    statements: [
      allow(
        ["logs:FilterLogEvents"],
        inAccount("logs", "log-group:${logGroupName}:log-stream:*", { logGroupName: "LogGroupName" }),
      ),
    ],
  },
  StepFunctionsExecutionPolicy: {
    parameters: ["StateMachineName"],
    statements: [allow(["states:StartExecution"], stateMachineArn)],
  },
  StepFunctionsCallbackPolicy: {
    parameters: ["StateMachineName"],
    statements: [
      allow(
        ["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"],
        stateMachineArn,
      ),
    ],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    parameters: ["SecretArn"],
    statements: [allow(["secretsmanager:GetSecretValue"], sub("${secretArn}", { secretArn: "SecretArn" }))],
  },
  KinesisStreamReadPolicy: {
    parameters: ["StreamName"],
    statements: [
      allow(["kinesis:ListStreams", "kinesis:DescribeLimits"], {
        "Fn::Sub": "arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/*",
      }),
      allow(
        [
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetRecords",
          "kinesis:GetShardIterator",
        ],
        streamArn,
      ),
    ],
  },
  KinesisCrudPolicy: {
    parameters: ["StreamName"],
    statements: [
      allow(
        [
          "kinesis:AddTagsToStream",
          "kinesis:CreateStream",
          "kinesis:DecreaseStreamRetentionPeriod",
          "kinesis:DeleteStream",
          "kinesis:DescribeStream",
          "kinesis:DescribeStreamSummary",
          "kinesis:GetShardIterator",
          "kinesis:IncreaseStreamRetentionPeriod",
          "kinesis:ListTagsForStream",
          "kinesis:MergeShards",
          "kinesis:PutRecord",
          "kinesis:PutRecords",
          "kinesis:SplitShard",
          "kinesis:RemoveTagsFromStream",
        ],
        streamArn,
      ),
    ],
  },
  FirehoseWritePolicy: {
    parameters: ["DeliveryStreamName"],
    statements: [allow(["firehose:PutRecord", "firehose:PutRecordBatch"], deliveryStreamArn)],
  },
  FirehoseCrudPolicy: {
    parameters: ["DeliveryStreamName"],
    statements: [
      allow(
        [
          "firehose:CreateDeliveryStream",
          "firehose:DeleteDeliveryStream",
          "firehose:DescribeDeliveryStream",
          "firehose:PutRecord",
          "firehose:PutRecordBatch",
          "firehose:UpdateDestination",
        ],
        deliveryStreamArn,
      ),
    ],
  },
  VPCAccessPolicy: {
    parameters: [],
    statements: [
      allow(
        [
          "ec2:CreateNetworkInterface",
          "ec2:DeleteNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DetachNetworkInterface",
        ],
        "*",
      ),
    ],
  },
  CloudFormationDescribeStacksPolicy: {
    parameters: [],
    statements: [
      allow(["cloudformation:DescribeStacks"], {
        "Fn::Sub": "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*",
      }),
    ],
  },
  AMIDescribePolicy: { parameters: [], statements: [allow(["ec2:DescribeImages"], "*")] },
  EC2DescribePolicy: {
    parameters: [],
    statements: [allow(["ec2:DescribeRegions", "ec2:DescribeInstances"], "*")],
  },
};

/** SAM's other templates: recognised, so that using one fails by name rather than as "not valid". */
const NOT_CARRIED: ReadonlySet<string> = new Set([
  "AWSSecretsManagerRotationPolicy",
  "AcmGetCertificatePolicy",
  "AthenaQueryPolicy",
  "CodeCommitCrudPolicy",
  "CodeCommitReadPolicy",
  "CodePipelineLambdaExecutionPolicy",
  "CodePipelineReadOnlyPolicy",
  "ComprehendBasicAccessPolicy",
  "CostExplorerReadOnlyPolicy",
  "EC2CopyImagePolicy",
  "EFSWriteAccessPolicy",
  "EKSDescribePolicy",
  "EcsRunTaskPolicy",
  "ElasticMapReduceAddJobFlowStepsPolicy",
  "ElasticMapReduceCancelStepsPolicy",
  "ElasticMapReduceModifyInstanceFleetPolicy",
  "ElasticMapReduceModifyInstanceGroupsPolicy",
  "ElasticMapReduceSetTerminationProtectionPolicy",
  "ElasticMapReduceTerminateJobFlowsPolicy",
  "ElasticsearchHttpPostPolicy",
  "KMSEncryptPolicy_v2",
  "MobileAnalyticsWriteOnlyAccessPolicy",
  "OrganizationsListAccountsPolicy",
  "PinpointEndpointAccessPolicy",
  "PollyFullAccessPolicy",
  "RekognitionDetectOnlyPolicy",
  "RekognitionFacesManagementPolicy",
  "RekognitionFacesPolicy",
  "RekognitionLabelsPolicy",
  "RekognitionNoDataAccessPolicy",
  "RekognitionReadPolicy",
  "RekognitionWriteOnlyAccessPolicy",
  "Route53ChangeResourceRecordSetsPolicy",
  "SESBulkTemplatedCrudPolicy",
  "SESBulkTemplatedCrudPolicy_v2",
  "SESCrudPolicy",
  "SESEmailTemplateCrudPolicy",
  "SESSendBouncePolicy",
  "SageMakerCreateEndpointConfigPolicy",
  "SageMakerCreateEndpointPolicy",
  "ServerlessRepoReadWriteAccessPolicy",
  "StepFunctionsExecutionPolicy_v2",
  "TextractDetectAnalyzePolicy",
  "TextractGetResultPolicy",
  "TextractPolicy",
]);

/** `{Name: {...}}` with one key naming a template (carried or not). */
export function isPolicyTemplate(policy: unknown): policy is JsonObject {
  if (!isObject(policy)) return false;
  const keys = Object.keys(policy);
  return keys.length === 1 && (Object.hasOwn(TEMPLATES, keys[0]!) || NOT_CARRIED.has(keys[0]!));
}

/** The template's policy document, `{Statement: [...]}`, with the parameters' values in place. */
export function expandPolicyTemplate(logicalId: string, policy: JsonObject): JsonObject {
  const [name, values] = Object.entries(policy)[0]!;
  const template = TEMPLATES[name];
  if (!template) {
    throw new InvalidResource(
      logicalId,
      `Policy template '${name}' is not supported by the Orderflow engine; write its statements inline instead.`,
    );
  }
  if (!isObject(values)) {
    throw new InvalidResource(logicalId, `Must specify valid parameter values for policy template '${name}'`);
  }
  const missing = template.parameters.filter((p) => !Object.hasOwn(values, p)).sort();
  if (missing.length > 0) {
    throw new InvalidResource(
      logicalId,
      `Following required parameters of template '${name}' don't have values: ${pythonList(missing)}`,
    );
  }
  return { Statement: template.statements.map((s) => substitute(s, template.parameters, values)) };
}

/** Replaces `{"Ref": Parameter}` with the parameter's value; everything else is copied. */
function substitute(value: unknown, parameters: readonly string[], values: JsonObject): unknown {
  if (Array.isArray(value)) return value.map((v) => substitute(v, parameters, values));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (
    keys.length === 1 &&
    keys[0] === "Ref" &&
    typeof value.Ref === "string" &&
    parameters.includes(value.Ref)
  ) {
    return structuredClone(values[value.Ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, parameters, values)]));
}
