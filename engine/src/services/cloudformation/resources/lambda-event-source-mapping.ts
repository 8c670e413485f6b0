/**
 * AWS::Lambda::EventSourceMapping. Ref: the mapping's UUID. GetAtt: Id, EventSourceMappingArn
 * (and any property). EventSourceArn, StartingPosition, StartingPositionTimestamp and
 * SelfManagedEventSource replace the mapping; every other change is UpdateEventSourceMapping, a
 * property removed from the template going back to Lambda's default for the source's kind.
 * Tags are set at creation; later tag changes are not applied (the engine's Lambda tags functions
 * only).
 */

import { changed, type Properties, str, tagMap } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";

/** What CreateEventSourceMapping takes as the template gives it. */
const PASSED = [
  "FunctionName",
  "EventSourceArn",
  "BatchSize",
  "BisectBatchOnFunctionError",
  "DestinationConfig",
  "Enabled",
  "FilterCriteria",
  "FunctionResponseTypes",
  "MaximumBatchingWindowInSeconds",
  "MaximumRecordAgeInSeconds",
  "MaximumRetryAttempts",
  "ParallelizationFactor",
  "ScalingConfig",
  "StartingPosition",
  "StartingPositionTimestamp",
  "TumblingWindowInSeconds",
  "Queues",
  "Topics",
  "SourceAccessConfigurations",
  "SelfManagedEventSource",
  "SelfManagedKafkaEventSourceConfig",
  "AmazonManagedKafkaEventSourceConfig",
  "DocumentDBEventSourceConfig",
  "KmsKeyArn",
  "MetricsConfig",
  "ProvisionedPollerConfig",
] as const;

/** What UpdateEventSourceMapping changes, and the value a removed property returns to. */
const UPDATABLE: Record<string, (sqs: boolean) => unknown> = {
  FunctionName: () => undefined,
  BatchSize: (sqs) => (sqs ? 10 : 100),
  BisectBatchOnFunctionError: () => false,
  DestinationConfig: () => ({ OnFailure: {} }),
  Enabled: () => true,
  FilterCriteria: () => ({}),
  FunctionResponseTypes: () => [],
  MaximumBatchingWindowInSeconds: () => 0,
  MaximumRecordAgeInSeconds: () => -1,
  MaximumRetryAttempts: () => -1,
  ParallelizationFactor: () => 1,
  ScalingConfig: () => ({}),
  TumblingWindowInSeconds: () => 0,
  SourceAccessConfigurations: () => [],
  DocumentDBEventSourceConfig: () => ({}),
  KmsKeyArn: () => "",
  MetricsConfig: () => ({}),
  ProvisionedPollerConfig: () => ({}),
};

const isSqs = (properties: Properties) => str(properties.EventSourceArn)?.includes(":sqs:") === true;

const stateOf = (config: { UUID: string; EventSourceMappingArn: string }) => ({
  physicalId: config.UUID,
  attributes: { Id: config.UUID, EventSourceMappingArn: config.EventSourceMappingArn },
});

export const lambdaEventSourceMappingProvider = defineProvider({
  type: "AWS::Lambda::EventSourceMapping",

  async create(properties, ctx) {
    const input: Record<string, unknown> = {};
    for (const key of PASSED) if (properties[key] !== undefined) input[key] = properties[key];
    const tags = tagMap(properties.Tags);
    if (Object.keys(tags).length > 0) input.Tags = tags;
    return stateOf(await call(ctx, "lambda", "CreateEventSourceMapping", input));
  },

  async update(previous, properties, previousProperties, ctx) {
    const sqs = isSqs(properties);
    const input: Record<string, unknown> = {};
    for (const [key, fallback] of Object.entries(UPDATABLE)) {
      if (!changed(properties[key], previousProperties[key])) continue;
      const value = properties[key] ?? fallback(sqs);
      if (value !== undefined) input[key] = value;
    }
    if (Object.keys(input).length === 0) return previous;
    return stateOf(
      await call(ctx, "lambda", "UpdateEventSourceMapping", { UUID: previous.physicalId, ...input }),
    );
  },

  async delete(state, _properties, ctx) {
    await call(ctx, "lambda", "DeleteEventSourceMapping", { UUID: state.physicalId });
  },
});
