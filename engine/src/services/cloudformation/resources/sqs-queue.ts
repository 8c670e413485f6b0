/**
 * AWS::SQS::Queue. Ref: the queue URL. GetAtt: Arn, QueueName, QueueUrl (and any property).
 * Without QueueName the name is generated (`<stack>-<logicalId>-<random>`, with `.fifo` for a
 * FIFO queue). RedrivePolicy and RedriveAllowPolicy are JSON objects in the template and JSON text
 * in SQS. QueueName and FifoQueue replace the queue; everything else is SetQueueAttributes and
 * the tag operations, a property removed from the template going back to SQS's default.
 */
import { alreadyExists, isNotFound } from "./errors.ts";
import { generatePhysicalName } from "./physical-names.ts";
import { bool, changed, jsonText, type Properties, str, tagChanges, tagMap } from "./properties.ts";
import { call, defineProvider } from "./provider.ts";
import type { ResourceContext } from "./types.ts";

const TYPE = "AWS::SQS::Queue";
/** AWS: queue names are at most 80 characters, `.fifo` included. */
const MAX_QUEUE_NAME_LENGTH = 80;
const FIFO_SUFFIX = ".fifo";

/**
 * Each settable attribute with the value a queue has when the template does not set it (SQS API
 * reference, CreateQueue; MaximumMessageSize's default is 1 MiB since 2025). `undefined`: SQS
 * sets it only on FIFO queues.
 */
const ATTRIBUTE_DEFAULTS: Record<string, string | undefined> = {
  DelaySeconds: "0",
  MaximumMessageSize: "1048576",
  MessageRetentionPeriod: "345600",
  ReceiveMessageWaitTimeSeconds: "0",
  VisibilityTimeout: "30",
  KmsMasterKeyId: "",
  KmsDataKeyReusePeriodSeconds: "300",
  SqsManagedSseEnabled: "true",
  RedrivePolicy: "",
  RedriveAllowPolicy: "",
  ContentBasedDeduplication: undefined,
  DeduplicationScope: undefined,
  FifoThroughputLimit: undefined,
};

const FIFO_DEFAULTS: Record<string, string> = {
  ContentBasedDeduplication: "false",
  DeduplicationScope: "queue",
  FifoThroughputLimit: "perQueue",
};

function attributeValue(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (name === "RedrivePolicy" || name === "RedriveAllowPolicy") return jsonText(value);
  return String(value);
}

/** The SQS attributes a template's properties set. */
function attributesOf(properties: Properties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(ATTRIBUTE_DEFAULTS)) {
    const value = attributeValue(name, properties[name]);
    if (value !== undefined) out[name] = value;
  }
  if (bool(properties.FifoQueue)) out.FifoQueue = "true";
  return out;
}

async function describe(ctx: ResourceContext, url: string) {
  const { Attributes } = await call<{ Attributes: Record<string, string> }>(
    ctx,
    "sqs",
    "GetQueueAttributes",
    {
      QueueUrl: url,
      AttributeNames: ["QueueArn"],
    },
  );
  const arn = Attributes.QueueArn!;
  return { physicalId: url, attributes: { Arn: arn, QueueName: arn.split(":").at(-1)!, QueueUrl: url } };
}

export const sqsQueueProvider = defineProvider({
  type: TYPE,

  async create(properties, ctx) {
    const fifo = bool(properties.FifoQueue) === true;
    const given = str(properties.QueueName);
    const name =
      given ??
      generatePhysicalName(ctx, { maxLength: MAX_QUEUE_NAME_LENGTH, suffix: fifo ? FIFO_SUFFIX : undefined });
    if (given !== undefined) {
      // SQS answers CreateQueue for an existing queue with the same attributes with its URL;
      // CloudFormation never adopts a queue it did not create.
      const existing = await call(ctx, "sqs", "GetQueueUrl", { QueueName: given }).catch((error) => {
        if (isNotFound(error)) return undefined;
        throw error;
      });
      if (existing) throw alreadyExists(TYPE, given);
    }
    const tags = tagMap(properties.Tags);
    const { QueueUrl } = await call<{ QueueUrl: string }>(ctx, "sqs", "CreateQueue", {
      QueueName: name,
      Attributes: attributesOf(properties),
      ...(Object.keys(tags).length > 0 && { tags }),
    });
    return describe(ctx, QueueUrl);
  },

  async update(previous, properties, previousProperties, ctx) {
    const url = previous.physicalId;
    const fifo = bool(properties.FifoQueue) === true;
    const next = attributesOf(properties);
    const before = attributesOf(previousProperties);
    const changes: Record<string, string> = {};
    for (const [name, fallback] of Object.entries(ATTRIBUTE_DEFAULTS)) {
      if (!changed(next[name], before[name])) continue;
      const value = next[name] ?? fallback ?? (fifo ? FIFO_DEFAULTS[name] : undefined);
      if (value !== undefined) changes[name] = value;
    }
    if (Object.keys(changes).length > 0) {
      await call(ctx, "sqs", "SetQueueAttributes", { QueueUrl: url, Attributes: changes });
    }
    const tags = tagChanges(tagMap(previousProperties.Tags), tagMap(properties.Tags));
    if (tags.removed.length > 0)
      await call(ctx, "sqs", "UntagQueue", { QueueUrl: url, TagKeys: tags.removed });
    if (Object.keys(tags.set).length > 0)
      await call(ctx, "sqs", "TagQueue", { QueueUrl: url, Tags: tags.set });
    return describe(ctx, url);
  },

  async delete(state, _properties, ctx) {
    await call(ctx, "sqs", "DeleteQueue", { QueueUrl: state.physicalId });
  },
});
