/**
 * A function's `Events`: each SQS or DynamoDB event becomes an AWS::Lambda::EventSourceMapping named
 * `<Function><Event>`, and the generated execution role gets the managed policy Lambda needs to poll
 * that source (AWSLambdaSQSQueueExecutionRole, AWSLambdaDynamoDBExecutionRole) plus a send/publish
 * policy for an OnFailure destination SAM is told the type of. Other event types are refused by name.
 * AWS: samtranslator/model/eventsources/pull.py; SAM spec "SQS" and "DynamoDB" event properties.
 */
import { SAM_EVENT_TYPES } from "./constants.ts";
import { InvalidEvent, InvalidResource } from "./errors.ts";
import { type ExecutionRole, sendPolicy } from "./execution-role.ts";
import { awsManagedPolicyArn } from "./managed-policies.ts";
import {
  aBool,
  aList,
  aMap,
  anInt,
  aString,
  checkProperties,
  type PropertySpec,
  passThrough,
  propertiesOf,
} from "./properties.ts";
import { isIntrinsic, isObject, type JsonObject, present, ref, truthy } from "./values.ts";

const SUPPORTED_EVENT_TYPES = ["SQS", "DynamoDB"] as const;
type SupportedEventType = (typeof SUPPORTED_EVENT_TYPES)[number];

/** AWS: `PullEventSource.property_types`, shared by every poll-based source. */
const PULL_PROPERTIES: Readonly<Record<string, PropertySpec>> = {
  BatchSize: anInt,
  StartingPosition: passThrough,
  StartingPositionTimestamp: passThrough,
  Enabled: aBool,
  MaximumBatchingWindowInSeconds: anInt,
  MaximumRetryAttempts: anInt,
  BisectBatchOnFunctionError: aBool,
  MaximumRecordAgeInSeconds: anInt,
  DestinationConfig: aMap,
  ParallelizationFactor: anInt,
  Topics: aList,
  Queues: aList,
  SourceAccessConfigurations: aList,
  SecretsManagerKmsKeyId: aString,
  TumblingWindowInSeconds: anInt,
  FunctionResponseTypes: aList,
  KafkaBootstrapServers: aList,
  FilterCriteria: aMap,
  ConsumerGroupId: aString,
  ScalingConfig: aMap,
  KmsKeyArn: passThrough,
  MetricsConfig: aMap,
  ProvisionedPollerConfig: aMap,
};

const SOURCES: Readonly<
  Record<SupportedEventType, { properties: Record<string, PropertySpec>; source: string; policy: string }>
> = {
  SQS: {
    properties: { ...PULL_PROPERTIES, Queue: { required: true } },
    source: "Queue",
    policy: "service-role/AWSLambdaSQSQueueExecutionRole",
  },
  DynamoDB: {
    properties: { ...PULL_PROPERTIES, Stream: { required: true }, StartingPosition: { required: true } },
    source: "Stream",
    policy: "service-role/AWSLambdaDynamoDBExecutionRole",
  },
};

/** Properties copied onto the mapping as they are (the source and the destination are handled apart). */
const MAPPING_PROPERTIES = [
  "StartingPosition",
  "StartingPositionTimestamp",
  "BatchSize",
  "Enabled",
  "MaximumBatchingWindowInSeconds",
  "MaximumRetryAttempts",
  "BisectBatchOnFunctionError",
  "MaximumRecordAgeInSeconds",
  "ParallelizationFactor",
  "Topics",
  "Queues",
  "SourceAccessConfigurations",
  "TumblingWindowInSeconds",
  "FunctionResponseTypes",
  "FilterCriteria",
  "ScalingConfig",
  "KmsKeyArn",
  "MetricsConfig",
  "ProvisionedPollerConfig",
];

/** AWS: event types whose mappings accept `FilterCriteria`. */
const FILTERING_EVENT_TYPES = ["DocumentDB", "DynamoDB", "Kinesis", "MQ", "MSK", "SelfManagedKafka", "SQS"];

interface FunctionEvent {
  name: string;
  logicalId: string;
  type: SupportedEventType;
  properties: JsonObject;
}

/**
 * Reads and checks the events, as the translator does before it expands the function: a type it
 * cannot resolve, one the engine does not support, a bad logical id or a bad property.
 */
export function readEvents(functionId: string, events: unknown): FunctionEvent[] {
  if (!isObject(events)) return [];
  return Object.entries(events).map(([name, event]) => {
    const type = isObject(event) ? event.Type : undefined;
    if (typeof type !== "string" || !SAM_EVENT_TYPES.includes(type)) {
      const detail = `Resource dict has missing or invalid value for key Type. Event Type is: ${pythonValue(type)}.`;
      throw new InvalidResource(functionId, new InvalidEvent(name, detail).message);
    }
    if (!(SUPPORTED_EVENT_TYPES as readonly string[]).includes(type)) {
      const detail =
        `Event type '${type}' is not supported by the Orderflow engine ` +
        `(supported: ${SUPPORTED_EVENT_TYPES.join(", ")}).`;
      throw new InvalidResource(functionId, new InvalidEvent(name, detail).message);
    }
    const logicalId = functionId + name;
    if (!/^[A-Za-z0-9]+$/.test(logicalId))
      throw new InvalidResource(logicalId, "Logical ids must be alphanumeric.");
    const properties = propertiesOf(logicalId, event as JsonObject);
    checkProperties(logicalId, type, properties, SOURCES[type as SupportedEventType].properties);
    return { name, logicalId, type: type as SupportedEventType, properties };
  });
}

export interface MappingContext {
  functionId: string;
  /** Condition, DeletionPolicy and UpdateReplacePolicy of the function, which mappings share. */
  attributes: JsonObject;
  role: ExecutionRole | undefined;
  partition: string;
}

/** The mappings, in the order SAM generates them (by event name), with the role's policies linked. */
export function eventSourceMappings(
  events: readonly FunctionEvent[],
  ctx: MappingContext,
): Record<string, JsonObject> {
  const resources: Record<string, JsonObject> = {};
  const sorted = [...events].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const event of sorted) {
    try {
      resources[event.logicalId] = mapping(event, ctx);
    } catch (error) {
      if (error instanceof InvalidEvent) throw new InvalidResource(ctx.functionId, error.message);
      throw error;
    }
  }
  return resources;
}

function mapping(event: FunctionEvent, ctx: MappingContext): JsonObject {
  const p = event.properties;
  const source = SOURCES[event.type];
  const properties: JsonObject = {
    FunctionName: ref(ctx.functionId),
    EventSourceArn: p[source.source],
  };
  for (const name of MAPPING_PROPERTIES) properties[name] = p[name];
  checkFilterCriteria(event);
  if (truthy(p.KafkaBootstrapServers)) {
    properties.SelfManagedEventSource = { Endpoints: { KafkaBootstrapServers: p.KafkaBootstrapServers } };
  }
  if (truthy(p.ConsumerGroupId)) {
    throw new InvalidEvent(
      event.logicalId,
      `Property ConsumerGroupId not defined for resource of type ${event.type}.`,
    );
  }
  let destinationPolicy: JsonObject | undefined;
  if (isObject(p.DestinationConfig) && truthy(p.DestinationConfig)) {
    const config = structuredClone(p.DestinationConfig);
    const onFailure = config.OnFailure;
    if (!isObject(onFailure)) {
      throw new InvalidEvent(event.logicalId, "Property 'DestinationConfig.OnFailure' should be a map.");
    }
    const type = onFailure.Type;
    if (type) {
      delete onFailure.Type;
      if (type !== "SQS" && type !== "SNS") {
        throw new InvalidEvent(event.logicalId, "The only valid values for 'Type' are 'SQS' and 'SNS'");
      }
      destinationPolicy =
        type === "SQS"
          ? sendPolicy(`${event.logicalId}SQSPolicy`, "sqs:SendMessage", onFailure.Destination)
          : sendPolicy(`${event.logicalId}SNSPolicy`, "sns:publish", onFailure.Destination);
    }
    properties.DestinationConfig = config;
  }
  if (ctx.role) {
    ctx.role.addManagedPolicyArn(awsManagedPolicyArn(ctx.partition, source.policy));
    if (destinationPolicy) ctx.role.addPolicy(destinationPolicy);
  }
  return { Type: "AWS::Lambda::EventSourceMapping", ...ctx.attributes, Properties: present(properties) };
}

function checkFilterCriteria(event: FunctionEvent): void {
  const criteria = event.properties.FilterCriteria;
  if (!isObject(criteria) || Object.keys(criteria).length === 0 || isIntrinsic(criteria)) return;
  if (!FILTERING_EVENT_TYPES.includes(event.type)) {
    throw new InvalidEvent(
      event.name,
      `FilterCriteria is only available for ${FILTERING_EVENT_TYPES.join(", ")} events.`,
    );
  }
  const keys = Object.keys(criteria);
  if (!(keys.length === 1 && keys[0] === "Filters")) {
    throw new InvalidEvent(event.name, "FilterCriteria field has a wrong format");
  }
}

/** A value as Python prints it in the translator's messages (None for absent). */
function pythonValue(value: unknown): string {
  if (value === undefined || value === null) return "None";
  return typeof value === "string" ? value : JSON.stringify(value);
}
