/** Names the SAM transform works with. AWS: aws/serverless-application-model (samtranslator). */

export const SAM_TRANSFORM = "AWS::Serverless-2016-10-31";

export const SAM_FUNCTION = "AWS::Serverless::Function";
export const SAM_SIMPLE_TABLE = "AWS::Serverless::SimpleTable";
/** SAM resource types the translator knows and the engine does not expand (yet). */
export const UNSUPPORTED_SAM_TYPES: readonly string[] = [
  "AWS::Serverless::Api",
  "AWS::Serverless::HttpApi",
  "AWS::Serverless::StateMachine",
  "AWS::Serverless::LayerVersion",
  "AWS::Serverless::Application",
  "AWS::Serverless::Connector",
  "AWS::Serverless::GraphQLApi",
  "AWS::Serverless::WebSocketApi",
  "AWS::Serverless::CapacityProvider",
];

/**
 * Where a function's local code directory travels from the transform to the Lambda provider: the
 * AWS::Lambda::Function's Metadata holds the absolute directory, and its Code names this bucket
 * with the directory as key (a placeholder: the engine has no S3).
 */
export const LOCAL_CODE_METADATA_KEY = "orderflow:local-code";
export const LOCAL_CODE_BUCKET = "orderflow-local";

/** AWS: every function (and its role) SAM creates carries this tag first. */
export const SAM_TAG_KEY = "lambda:createdBy";
export const SAM_TAG_VALUE = "SAM";
export const RESERVED_TAG_KEYS: readonly string[] = [
  SAM_TAG_KEY,
  "serverlessrepo:applicationId",
  "serverlessrepo:semanticVersion",
];

/** Resource attributes SAM copies onto the main generated resource (the function, the table). */
export const SUPPORTED_RESOURCE_ATTRIBUTES: readonly string[] = [
  "DeletionPolicy",
  "UpdatePolicy",
  "Condition",
  "UpdateReplacePolicy",
  "Metadata",
];
/** …and those it also copies onto every resource generated beside it (role, mappings). */
export const PASS_THROUGH_ATTRIBUTES: readonly string[] = [
  "Condition",
  "DeletionPolicy",
  "UpdateReplacePolicy",
];

/** Every event source type of AWS::Serverless::Function; only SQS and DynamoDB expand here. */
export const SAM_EVENT_TYPES: readonly string[] = [
  "AlexaSkill",
  "Api",
  "CloudWatchEvent",
  "CloudWatchLogs",
  "Cognito",
  "DocumentDB",
  "DynamoDB",
  "EventBridgeRule",
  "HttpApi",
  "IoTRule",
  "Kinesis",
  "MQ",
  "MSK",
  "S3",
  "SNS",
  "SQS",
  "Schedule",
  "ScheduleV2",
  "SelfManagedKafka",
];
