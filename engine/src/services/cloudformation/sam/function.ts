/**
 * AWS::Serverless::Function → AWS::Lambda::Function (same logical id), its execution role
 * `<Function>Role` unless `Role` names one, an AWS::Lambda::EventSourceMapping per SQS or DynamoDB
 * event and an AWS::Lambda::EventInvokeConfig for `EventInvokeConfig`. The function keeps the SAM
 * resource's DependsOn and resource attributes (Metadata included); the generated resources share
 * its Condition, DeletionPolicy and UpdateReplacePolicy.
 * AWS: samtranslator/model/sam_resources.py `SamFunction`.
 */
import {
  PASS_THROUGH_ATTRIBUTES,
  RESERVED_TAG_KEYS,
  SAM_FUNCTION,
  SAM_TAG_KEY,
  SAM_TAG_VALUE,
  SUPPORTED_RESOURCE_ATTRIBUTES,
} from "./constants.ts";
import { InvalidResource } from "./errors.ts";
import { eventInvokeConfig } from "./event-invoke-config.ts";
import { eventSourceMappings, readEvents } from "./events.ts";
import {
  ExecutionRole,
  expandPolicyTemplates,
  LAMBDA_ASSUME_ROLE_POLICY,
  policyList,
} from "./execution-role.ts";
import { type FunctionCode, functionCode } from "./function-code.ts";
import { awsManagedPolicyArn } from "./managed-policies.ts";
import {
  aBool,
  aMap,
  aString,
  checkProperties,
  isMap,
  isString,
  listOf,
  mapOf,
  oneOf,
  type PropertySpec,
  passThrough,
} from "./properties.ts";
import { isObject, isSet, type JsonObject, pick, present, pythonList, tagList, truthy } from "./values.ts";

/** AWS: `SamFunction.property_types`, in the translator's order (the first bad one is reported). */
const PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  FunctionName: { check: oneOf(isString, isMap) },
  Handler: passThrough,
  Runtime: passThrough,
  CodeUri: passThrough,
  ImageUri: passThrough,
  PackageType: passThrough,
  InlineCode: passThrough,
  DeadLetterQueue: aMap,
  Description: passThrough,
  MemorySize: passThrough,
  Timeout: passThrough,
  VpcConfig: passThrough,
  Role: aString,
  AssumeRolePolicyDocument: aMap,
  Policies: { check: oneOf(isString, isMap, listOf(oneOf(isString, isMap))) },
  RolePath: passThrough,
  PermissionsBoundary: aString,
  Environment: { check: mapOf(isMap) },
  Events: { check: mapOf(isMap) },
  Tags: aMap,
  Tracing: { check: oneOf(isMap, isString) },
  KmsKeyArn: passThrough,
  DeploymentPreference: aMap,
  ReservedConcurrentExecutions: passThrough,
  Layers: { check: listOf(oneOf(isString, isMap)) },
  EventInvokeConfig: aMap,
  EphemeralStorage: passThrough,
  AutoPublishAlias: { check: isString },
  AutoPublishCodeSha256: { check: isString },
  AutoPublishAliasAllProperties: { ...aBool, noIntrinsics: true },
  VersionDescription: passThrough,
  ProvisionedConcurrencyConfig: passThrough,
  FileSystemConfigs: passThrough,
  ImageConfig: passThrough,
  CodeSigningConfigArn: passThrough,
  Architectures: passThrough,
  SnapStart: aMap,
  FunctionUrlConfig: aMap,
  RuntimeManagementConfig: passThrough,
  LoggingConfig: passThrough,
  RecursiveLoop: passThrough,
  SourceKMSKeyArn: passThrough,
  PropagateTags: { ...aBool, noIntrinsics: true },
  TenancyConfig: passThrough,
  DurableConfig: passThrough,
  CapacityProviderConfig: passThrough,
  FunctionScalingConfig: passThrough,
  PublishToLatestPublished: passThrough,
  VersionDeletionPolicy: passThrough,
};

/** SAM features that would generate resources (or settings) the engine's Lambda does not have. */
const NOT_SUPPORTED: Readonly<Record<string, string>> = {
  AutoPublishAlias: "the engine's Lambda has no versions or aliases (every function runs $LATEST)",
  DeploymentPreference:
    "gradual deployments need versions, aliases and CodeDeploy, which the engine does not have",
  FunctionUrlConfig: "the engine's Lambda has no function URLs",
  TenancyConfig: "the engine's Lambda has no tenant isolation",
  DurableConfig: "the engine's Lambda has no durable executions",
  CapacityProviderConfig: "the engine's Lambda has no capacity providers",
  FunctionScalingConfig: "the engine's Lambda has no capacity providers",
  PublishToLatestPublished: "the engine's Lambda has no published versions",
};

/** Properties the AWS::Lambda::Function takes over unchanged. */
const COPIED = [
  "Handler",
  "Runtime",
  "Description",
  "MemorySize",
  "Timeout",
  "VpcConfig",
  "Environment",
  "KmsKeyArn",
  "ReservedConcurrentExecutions",
  "Layers",
  "FileSystemConfigs",
  "ImageConfig",
  "PackageType",
  "Architectures",
  "SnapStart",
  "EphemeralStorage",
  "CodeSigningConfigArn",
  "RuntimeManagementConfig",
  "LoggingConfig",
  "RecursiveLoop",
];

const DLQ_ACTIONS: Readonly<Record<string, string>> = { SQS: "sqs:SendMessage", SNS: "sns:Publish" };

export interface TranslatedFunction {
  resources: Record<string, JsonObject>;
  code: FunctionCode;
}

export interface FunctionInput {
  logicalId: string;
  /** The SAM resource (Type, Properties with Globals merged, attributes). */
  resource: JsonObject;
  properties: JsonObject;
  partition: string;
}

export function translateFunction({
  logicalId,
  resource,
  properties: p,
  partition,
}: FunctionInput): TranslatedFunction {
  const policies = expandPolicyTemplates(logicalId, policyList(p.Policies));
  checkProperties(logicalId, SAM_FUNCTION, p, PROPERTIES);
  const events = readEvents(logicalId, p.Events);

  const attributes = pick(resource, SUPPORTED_RESOURCE_ATTRIBUTES);
  const passThroughAttributes = pick(resource, PASS_THROUGH_ATTRIBUTES);
  const deadLetterQueue = truthy(p.DeadLetterQueue)
    ? checkDeadLetterQueue(logicalId, p.DeadLetterQueue)
    : undefined;
  const code = functionCode(logicalId, p);
  const tags = functionTags(logicalId, p.Tags);
  checkPackage(logicalId, p);
  const fn: JsonObject = {
    FunctionName: truthy(p.FunctionName) ? p.FunctionName : undefined,
    Code: code.kind === "code" ? code.code : undefined,
    Role: p.Role,
    Tags: tags,
    TracingConfig: truthy(p.Tracing) ? { Mode: p.Tracing } : undefined,
    DeadLetterConfig: deadLetterQueue ? { TargetArn: deadLetterQueue.TargetArn } : undefined,
  };
  for (const name of COPIED) fn[name] = p[name];

  if (truthy(p.ProvisionedConcurrencyConfig) && !truthy(p.AutoPublishAlias)) {
    throw new InvalidResource(
      logicalId,
      "To set ProvisionedConcurrencyConfig AutoPublishALias must be defined on the function",
    );
  }
  for (const [name, reason] of Object.entries(NOT_SUPPORTED)) {
    if (truthy(p[name]))
      throw new InvalidResource(logicalId, `${name} is not supported by the Orderflow engine: ${reason}.`);
  }

  const resources: Record<string, JsonObject> = {};
  const invoke = truthy(p.EventInvokeConfig)
    ? eventInvokeConfig(logicalId, p.EventInvokeConfig as JsonObject, attributes, passThroughAttributes)
    : undefined;

  const role = isSet(p.Role)
    ? undefined
    : generatedRole(logicalId, p, {
        policies,
        tags,
        deadLetterQueue,
        invokePolicies: invoke?.policies ?? [],
        attributes: passThroughAttributes,
        partition,
      });
  if (role) fn.Role = role.arn;

  resources[logicalId] = {
    Type: "AWS::Lambda::Function",
    ...(truthy(resource.DependsOn) ? { DependsOn: resource.DependsOn } : {}),
    ...attributes,
    Properties: present(fn),
  };
  if (invoke) Object.assign(resources, invoke.resources);
  // The mappings add their policies to the role, so the role is written out after them.
  const mappings = eventSourceMappings(events, {
    functionId: logicalId,
    attributes: passThroughAttributes,
    role,
    partition,
  });
  if (role) resources[role.logicalId] = role.toResource();
  Object.assign(resources, mappings);
  return { resources, code };
}

/** The `<Function>Role` SAM generates when the function names no Role. */
function generatedRole(
  logicalId: string,
  p: JsonObject,
  o: {
    policies: unknown[];
    tags: unknown;
    deadLetterQueue: { Type: string; TargetArn: unknown } | undefined;
    invokePolicies: JsonObject[];
    attributes: JsonObject;
    partition: string;
  },
): ExecutionRole {
  const managedPolicyArns = [awsManagedPolicyArn(o.partition, "service-role/AWSLambdaBasicExecutionRole")];
  if (truthy(p.Tracing)) {
    // AWS: xray_utils.py: the older policy name in the aws partition, the newer one elsewhere.
    const xray = o.partition === "aws" ? "AWSXrayWriteOnlyAccess" : "AWSXRayDaemonWriteAccess";
    managedPolicyArns.push(awsManagedPolicyArn(o.partition, xray));
  }
  if (truthy(p.VpcConfig)) {
    managedPolicyArns.push(awsManagedPolicyArn(o.partition, "service-role/AWSLambdaVPCAccessExecutionRole"));
  }
  const policyDocuments: JsonObject[] = [];
  if (o.deadLetterQueue) {
    const { Type, TargetArn } = o.deadLetterQueue;
    policyDocuments.push({
      PolicyName: "DeadLetterQueuePolicy",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Action: DLQ_ACTIONS[Type], Resource: TargetArn, Effect: "Allow" }],
      },
    });
  }
  policyDocuments.push(...o.invokePolicies);
  return new ExecutionRole({
    functionLogicalId: logicalId,
    attributes: o.attributes,
    assumeRolePolicyDocument: p.AssumeRolePolicyDocument ?? LAMBDA_ASSUME_ROLE_POLICY,
    policies: o.policies,
    managedPolicyArns,
    policyDocuments,
    path: p.RolePath,
    permissionsBoundary: p.PermissionsBoundary,
    // AWS: PropagateTags gives generated resources the function's tags (without SAM's own).
    tags: p.PropagateTags === true && truthy(p.Tags) ? tagList(p.Tags) : o.tags,
    partition: o.partition,
  });
}

function checkDeadLetterQueue(logicalId: string, value: unknown): { Type: string; TargetArn: unknown } {
  const dlq = value as JsonObject;
  if (!truthy(dlq.Type) || !truthy(dlq.TargetArn)) {
    throw new InvalidResource(
      logicalId,
      "'DeadLetterQueue' requires Type and TargetArn properties to be specified.",
    );
  }
  if (typeof dlq.Type !== "string") {
    throw new InvalidResource(logicalId, "Property 'DeadLetterQueue.Type' should be a string.");
  }
  if (!Object.hasOwn(DLQ_ACTIONS, dlq.Type)) {
    throw new InvalidResource(
      logicalId,
      `'DeadLetterQueue' requires Type of ${pythonList(Object.keys(DLQ_ACTIONS))}`,
    );
  }
  return { Type: dlq.Type, TargetArn: dlq.TargetArn };
}

/** AWS: `_validate_package_type`: a .zip function needs a Runtime and a Handler, and no image. */
function checkPackage(logicalId: string, p: JsonObject): void {
  if (!truthy(p.Runtime) || !truthy(p.Handler)) {
    throw new InvalidResource(
      logicalId,
      "Runtime and Handler needs to be present when PackageType is of type `Zip`",
    );
  }
  if (truthy(p.ImageUri) || truthy(p.ImageConfig)) {
    throw new InvalidResource(
      logicalId,
      "ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`",
    );
  }
}

/** SAM's `lambda:createdBy: SAM` first, then the function's own; SAM's reserved keys are refused. */
function functionTags(logicalId: string, tags: unknown): { Key: string; Value: unknown }[] {
  const own = isObject(tags) ? tags : {};
  for (const key of RESERVED_TAG_KEYS) {
    if (Object.hasOwn(own, key)) {
      throw new InvalidResource(
        logicalId,
        `${key} is a reserved Tag key name and cannot be set on your resource. Please change the tag key in the input.`,
      );
    }
  }
  return [{ Key: SAM_TAG_KEY, Value: SAM_TAG_VALUE }, ...tagList(own)];
}
